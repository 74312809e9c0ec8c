import type { Route, RouteTable } from './routes.js';

/** The outcome of planning one transfer. */
export interface TransferPlan {
  readonly durationS: number;
  /** Route used (null when source and destination are the same site or nothing is moved). */
  readonly route: ReturnType<RouteTable['route']>;
}

/**
 * Transfer time with a dedicated path: route latency + size / bottleneck bandwidth.
 *
 * This ignores sharing between concurrent transfers (the flow-level model of the network issue
 * replaces it); it is exact for a transfer alone on its route.
 * @returns null when the two sites are not connected
 */
export function planTransfer(routes: RouteTable, from: string, to: string, sizeBytes: number): TransferPlan | null {
  return planTransferAt(routes, routes.siteIndex(from), routes.siteIndex(to), sizeBytes);
}

/** {@link planTransfer} with sites given by index (the hot path of dispatch). */
export function planTransferAt(routes: RouteTable, from: number, to: number, sizeBytes: number): TransferPlan | null {
  const route = routes.routeAt(from, to);
  if (route === null) return null;
  if (from === to || sizeBytes <= 0) return { durationS: 0, route: null };
  return { durationS: transferTimeS(route, sizeBytes), route };
}

/** Duration of a transfer alone on its route: latency + bytes / bottleneck bandwidth. */
export function transferTimeS(route: Route, sizeBytes: number): number {
  return route.latencyS + (sizeBytes * 8) / route.bottleneckBps;
}

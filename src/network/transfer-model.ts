import type { RouteTable } from './routes.js';

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
  if (from === to || sizeBytes <= 0) return { durationS: 0, route: null };
  const route = routes.route(from, to);
  if (route === null) return null;
  return { durationS: route.latencyS + (sizeBytes * 8) / route.bottleneckBps, route };
}

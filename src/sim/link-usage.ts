import type { Link } from '../model/link.js';
import type { Route } from '../network/routes.js';

/**
 * Bytes carried by each link direction, in total and per fixed time window.
 *
 * A transfer's bytes are spread evenly over the part of its interval after the route latency
 * (when bits are actually sent), so per-window figures follow the transfer's rate.
 */
export class LinkUsage {
  /** Per link and direction (index = 2 · link + direction): bytes carried. */
  readonly bytes: Float64Array;
  /** Per link and direction: number of transfers. */
  readonly transfers: Float64Array;
  /** Per link and direction: seconds spent sending (sum of transfer send times). */
  readonly sendSeconds: Float64Array;
  /** Per link and direction: bytes per window (grown on demand). */
  readonly windows: Float64Array[];

  constructor(
    readonly links: readonly Link[],
    readonly windowS: number,
  ) {
    this.bytes = new Float64Array(links.length * 2);
    this.transfers = new Float64Array(links.length * 2);
    this.sendSeconds = new Float64Array(links.length * 2);
    this.windows = Array.from({ length: links.length * 2 }, () => new Float64Array(0));
  }

  /** Records a transfer of `sizeBytes` along `route` over [startS, endS]. */
  record(route: Route, sizeBytes: number, startS: number, endS: number): void {
    const sendStartS = Math.min(endS, startS + route.latencyS);
    for (const hop of route.hops) {
      const k = 2 * hop.link + hop.direction;
      this.bytes[k] = (this.bytes[k] as number) + sizeBytes;
      this.transfers[k] = (this.transfers[k] as number) + 1;
      this.sendSeconds[k] = (this.sendSeconds[k] as number) + (endS - sendStartS);
      this.spread(k, sizeBytes, sendStartS, endS);
    }
  }

  private spread(k: number, sizeBytes: number, fromS: number, toS: number): void {
    const w = this.windowS;
    const first = Math.floor(fromS / w);
    const last = toS > fromS ? Math.ceil(toS / w) - 1 : first;
    let series = this.windows[k] as Float64Array;
    if (series.length <= last) {
      const grown = new Float64Array(Math.max(last + 1, series.length * 2));
      grown.set(series);
      this.windows[k] = grown;
      series = grown;
    }
    if (last === first || toS <= fromS) {
      series[first] = (series[first] as number) + sizeBytes;
      return;
    }
    const rate = sizeBytes / (toS - fromS);
    for (let i = first; i <= last; i++) {
      const overlap = Math.min(toS, (i + 1) * w) - Math.max(fromS, i * w);
      if (overlap > 0) series[i] = (series[i] as number) + rate * overlap;
    }
  }
}

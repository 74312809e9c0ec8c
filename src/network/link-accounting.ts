/**
 * Bytes, busy time and per-window bytes of each link direction, integrated from its load
 * (bytes/s) between changes. Shared by {@link FlowNetwork} and the weighted network, so
 * the reports read alike whatever the network model.
 */
export class LinkAccounting {
  /** Current total rate on each link direction, bytes/s. */
  readonly load: Float64Array;
  private readonly lastChangeS: Float64Array;
  readonly bytes: Float64Array;
  readonly busyS: Float64Array;
  readonly windowBytes: Float64Array[];

  /** @param directions link directions (2 · links) @param windowS window of the per-window bytes, s */
  constructor(
    directions: number,
    private readonly windowS: number,
  ) {
    this.load = new Float64Array(directions);
    this.lastChangeS = new Float64Array(directions);
    this.bytes = new Float64Array(directions);
    this.busyS = new Float64Array(directions);
    this.windowBytes = Array.from({ length: directions }, () => new Float64Array(0));
  }

  /** Sets a direction's load from `nowS` on (bytes/s), integrating the old one first. */
  setLoad(l: number, load: number, nowS: number): void {
    if (load !== this.load[l]) {
      this.integrate(l, nowS);
      this.load[l] = load;
    }
  }

  /** Adds the load since the last change to a direction's bytes, busy time and windows. */
  integrate(l: number, nowS: number): void {
    const fromS = this.lastChangeS[l] as number;
    this.lastChangeS[l] = nowS;
    const load = this.load[l] as number;
    if (load <= 0 || nowS <= fromS) return;
    this.bytes[l] = (this.bytes[l] as number) + load * (nowS - fromS);
    this.busyS[l] = (this.busyS[l] as number) + (nowS - fromS);
    const w = this.windowS;
    const last = Math.ceil(nowS / w) - 1;
    let series = this.windowBytes[l] as Float64Array;
    if (series.length <= last) {
      const grown = new Float64Array(Math.max(last + 1, Math.ceil(series.length * 1.5)));
      grown.set(series);
      this.windowBytes[l] = grown;
      series = grown;
    }
    for (let k = Math.floor(fromS / w); k <= last; k++) {
      const overlap = Math.min(nowS, (k + 1) * w) - Math.max(fromS, k * w);
      if (overlap > 0) series[k] = (series[k] as number) + load * overlap;
    }
  }
}

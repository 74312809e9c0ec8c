/**
 * A step function of free nodes over future time, for reservation-based schedulers:
 * segment k covers [times[k], times[k + 1]) (the last one extends to infinity) with
 * `free[k]` nodes free. Pure data structure; no simulation state.
 */
export class NodeProfile {
  readonly times: number[] = [];
  readonly free: number[] = [];

  /** Resets to `freeNodes` free from `nowS` on. */
  reset(nowS: number, freeNodes: number): void {
    this.times.length = 0;
    this.free.length = 0;
    this.times.push(nowS);
    this.free.push(freeNodes);
  }

  /** Drops the segments that ended before `nowS` (the profile then starts at `nowS`). */
  advance(nowS: number): void {
    const times = this.times;
    let k = 0;
    while (k + 1 < times.length && (times[k + 1] as number) <= nowS) k++;
    if (k > 0) {
      times.splice(0, k);
      this.free.splice(0, k);
    }
    if (times.length > 0 && (times[0] as number) < nowS) times[0] = nowS;
  }

  /** Index of the segment that starts exactly at `t`, splitting the one containing it if needed. */
  private split(t: number): number {
    const times = this.times;
    // Binary search for the last segment starting ≤ t.
    let lo = 0;
    let hi = times.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((times[mid] as number) <= t) lo = mid;
      else hi = mid - 1;
    }
    if (times[lo] === t) return lo;
    times.splice(lo + 1, 0, t);
    this.free.splice(lo + 1, 0, this.free[lo] as number);
    return lo + 1;
  }

  /** Adds `nodes` free nodes over [fromS, toS) ∩ [profile start, ∞) (toS may be Infinity). */
  add(fromS: number, toS: number, nodes: number): void {
    const first = this.times[0] as number;
    if (toS <= first) return;
    const a = this.split(fromS < first ? first : fromS);
    const b = toS === Number.POSITIVE_INFINITY ? this.times.length : this.split(toS);
    const free = this.free;
    for (let k = a; k < b; k++) free[k] = (free[k] as number) + nodes;
  }

  /** Takes `nodes` nodes over [fromS, toS). */
  reserve(fromS: number, toS: number, nodes: number): void {
    this.add(fromS, toS, -nodes);
  }

  /**
   * The earliest start ≥ the profile start at which `nodes` nodes stay free for `durationS`.
   * Always exists when `nodes` ≤ the free count of the last segment.
   */
  earliestStart(nodes: number, durationS: number): number {
    const times = this.times;
    const free = this.free;
    const n = times.length;
    let k = 0;
    while (k < n) {
      if ((free[k] as number) < nodes) {
        k++;
        continue;
      }
      const startS = times[k] as number;
      const endS = startS + durationS;
      let j = k + 1;
      while (j < n && (times[j] as number) < endS && (free[j] as number) >= nodes) j++;
      if (j >= n || (times[j] as number) >= endS) return startS;
      k = j + 1;
    }
    return Number.POSITIVE_INFINITY;
  }
}

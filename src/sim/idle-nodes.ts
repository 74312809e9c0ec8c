/**
 * The idle nodes of a partition whose nodes switch off, as a stack of runs (count, idle since):
 * the most recently freed nodes on top. Jobs take nodes from the top, so the nodes that stay
 * idle are the ones idle longest, which are the ones that switch off (the usual choice of
 * power-saving resource managers: it keeps the fewest nodes cycling).
 *
 * Every idle interval that ends is logged (count, from, to) for the energy report, which prices
 * its on and off parts; `close` logs the intervals still open at the end of the run.
 */
export class IdleNodes {
  private readonly count: number[] = [];
  private readonly sinceS: number[] = [];
  /** Closed idle intervals, flat: count, fromS, toS, count, fromS, toS, ... */
  readonly log: number[] = [];

  constructor(nodes: number, fromS: number) {
    if (nodes > 0) this.release(nodes, fromS);
  }

  /** Nodes become idle at `t`. */
  release(nodes: number, t: number): void {
    const top = this.count.length - 1;
    if (top >= 0 && this.sinceS[top] === t) {
      this.count[top] = (this.count[top] as number) + nodes;
      return;
    }
    this.count.push(nodes);
    this.sinceS.push(t);
  }

  /**
   * Takes `nodes` idle nodes at `t`, most recently idle first.
   * @returns how many of them had been idle at least `offAfterS` (switched off)
   */
  take(nodes: number, t: number, offAfterS: number): number {
    let off = 0;
    let left = nodes;
    while (left > 0) {
      const top = this.count.length - 1;
      if (top < 0) throw new Error(`IdleNodes: ${left} more nodes taken than idle`);
      const available = this.count[top] as number;
      const since = this.sinceS[top] as number;
      const k = Math.min(left, available);
      // A node freed at this very instant has not been idle, even with offAfterS = 0.
      if (t > since && t - since >= offAfterS) off += k;
      if (t > since) this.log.push(k, since, t);
      left -= k;
      if (k === available) {
        this.count.pop();
        this.sinceS.pop();
      } else {
        this.count[top] = available - k;
      }
    }
    return off;
  }

  /** Logs the intervals still open, up to `t` (the end of the run). */
  close(t: number): void {
    for (let i = 0; i < this.count.length; i++) {
      const since = this.sinceS[i] as number;
      if (t > since) this.log.push(this.count[i] as number, since, t);
    }
    this.count.length = 0;
    this.sinceS.length = 0;
  }
}

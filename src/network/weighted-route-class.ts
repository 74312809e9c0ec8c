/**
 * The flows of one route (and back route) under a weighted model: same links, same sharing
 * penalty, same bound, hence the same rate. Like the max-min classes of {@link FlowNetwork}, a
 * class keeps a virtual clock (bytes each of its flows has received since the class started)
 * and its flows in a heap by target on that clock, so a rate change costs O(1) per class.
 */
export class WeightedRouteClass {
  count = 0;
  /** Rate of each flow, bytes/s. */
  rate = 0;
  /** Bytes each flow of the class has received, at `clockAtS`. */
  clock = 0;
  clockAtS = 0;
  frozen = false;
  /** The solve that last included this class (its bound is looked at only in that solve). */
  solveStamp = -1;
  /** Time of the pending completion event (NaN = none). */
  scheduledS = Number.NaN;
  /** Sharing penalty (a flow's weight is 1 / penalty), seconds. */
  penaltyS = 1;
  /** Largest rate of one flow, bytes/s (Infinity = none). */
  boundBytesPerS = Number.POSITIVE_INFINITY;
  /** Flow ids, a binary heap by target (then start sequence). */
  private readonly heap: number[] = [];

  /**
   * @param dirs the link directions the flows' bytes cross (accounting, rerouting)
   * @param backDirs the link directions of the back route (cross-traffic)
   * @param constraints the constraints the class loads, each once
   * @param weights bytes a flow puts on each constraint per byte it sends (1, 0.05, or their sum)
   */
  constructor(
    readonly id: number,
    readonly dirs: Int32Array,
    readonly backDirs: Int32Array,
    readonly constraints: Int32Array,
    readonly weights: Float64Array,
  ) {}

  advance(nowS: number): void {
    if (nowS > this.clockAtS) {
      this.clock += this.rate * (nowS - this.clockAtS);
      this.clockAtS = nowS;
    }
  }

  /** Time the next flow completes at the current rate (Infinity when idle or stalled). */
  nextCompletionS(targets: Float64Array): number {
    const f = this.peek();
    if (f < 0 || this.rate <= 0) return Number.POSITIVE_INFINITY;
    return this.clockAtS + Math.max(0, (targets[f] as number) - this.clock) / this.rate;
  }

  peek(): number {
    return this.heap.length === 0 ? -1 : (this.heap[0] as number);
  }

  push(flow: number, targets: Float64Array, seqs: Float64Array): void {
    const heap = this.heap;
    let i = heap.length;
    heap.push(flow);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(flow, heap[p] as number, targets, seqs)) break;
      heap[i] = heap[p] as number;
      i = p;
    }
    heap[i] = flow;
  }

  pop(targets: Float64Array, seqs: Float64Array): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= heap.length) break;
        const r = l + 1;
        const c = r < heap.length && before(heap[r] as number, heap[l] as number, targets, seqs) ? r : l;
        if (!before(heap[c] as number, last, targets, seqs)) break;
        heap[i] = heap[c] as number;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  }

  /** Removes and returns every flow id. */
  drain(): number[] {
    const ids = [...this.heap];
    this.heap.length = 0;
    return ids;
  }
}

/** Flow `a` completes before `b`: smaller target, then started first (smaller sequence). */
function before(a: number, b: number, targets: Float64Array, seqs: Float64Array): boolean {
  const ta = targets[a] as number;
  const tb = targets[b] as number;
  return ta < tb || (ta === tb && (seqs[a] as number) < (seqs[b] as number));
}

/**
 * The flows of one class (same route, hence the same rate): a virtual clock, the bytes each of
 * its flows has received since the class started, and its flows in a heap by target on that
 * clock, so a rate change costs O(1) per class. A flow that joins at t0 with B bytes ends when
 * the clock reaches clock(t0) + B. Shared by the max-min classes of {@link FlowNetwork} and the
 * route classes of the weighted network.
 */
export class FlowClock {
  count = 0;
  /** Rate of each flow, bytes/s. */
  rate = 0;
  /** Bytes each flow of the class has received since the class was created, at `clockAtS`. */
  clock = 0;
  clockAtS = 0;
  frozen = false;
  /** Time of the pending completion event (NaN = none). */
  scheduledS = Number.NaN;
  /** Flow ids, a binary heap by target (then start sequence). */
  private readonly heap: number[] = [];

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

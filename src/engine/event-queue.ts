/**
 * A priority queue of simulation events ordered by (time, sequence number).
 *
 * Events are stored in parallel typed arrays (a binary heap of slots), so pushing and popping
 * allocate nothing: an event is a time in seconds plus two 32-bit integers that the caller
 * interprets (usually an event kind and the index of the object it concerns). The sequence number
 * is assigned at push time, so two events at the same time pop in the order they were scheduled,
 * whatever the heap layout: the order is total and independent of sort stability.
 */
export class EventQueue {
  private timeS: Float64Array;
  private seq: Float64Array;
  private kind: Int32Array;
  private target: Int32Array;
  private count = 0;
  private nextSeq = 0;

  /** Kind of the event returned by the last {@link pop}. */
  poppedKind = 0;
  /** Target of the event returned by the last {@link pop}. */
  poppedTarget = 0;
  /** Sequence number of the event returned by the last {@link pop}. */
  poppedSeq = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity | 0);
    this.timeS = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.kind = new Int32Array(capacity);
    this.target = new Int32Array(capacity);
  }

  /** Number of pending events. */
  get size(): number {
    return this.count;
  }

  /** Total number of events ever pushed (the next sequence number). */
  get scheduled(): number {
    return this.nextSeq;
  }

  /**
   * Schedules an event.
   * @param timeS absolute simulated time in seconds; must be a finite number
   * @throws RangeError when `timeS` is NaN or infinite (a bug in the caller)
   */
  push(timeS: number, kind: number, target: number): void {
    if (!Number.isFinite(timeS)) throw new RangeError(`event time must be finite, got ${timeS}`);
    if (this.count === this.timeS.length) this.grow();
    const s = this.nextSeq++;
    // Sift up with a hole: move parents down until the slot for the new event is found.
    let i = this.count++;
    const times = this.timeS;
    const seqs = this.seq;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pt = times[p] as number;
      if (pt < timeS || (pt === timeS && (seqs[p] as number) < s)) break;
      times[i] = pt;
      seqs[i] = seqs[p] as number;
      this.kind[i] = this.kind[p] as number;
      this.target[i] = this.target[p] as number;
      i = p;
    }
    times[i] = timeS;
    seqs[i] = s;
    this.kind[i] = kind;
    this.target[i] = target;
  }

  /** Time of the earliest pending event, or `Infinity` when the queue is empty. */
  peekTime(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : (this.timeS[0] as number);
  }

  /**
   * Removes the earliest event and returns its time; its kind, target and sequence number are
   * left in {@link poppedKind}, {@link poppedTarget} and {@link poppedSeq} (no object is created).
   * @throws RangeError when the queue is empty
   */
  pop(): number {
    if (this.count === 0) throw new RangeError('pop from an empty event queue');
    const times = this.timeS;
    const seqs = this.seq;
    const kinds = this.kind;
    const targets = this.target;
    const topTime = times[0] as number;
    this.poppedKind = kinds[0] as number;
    this.poppedTarget = targets[0] as number;
    this.poppedSeq = seqs[0] as number;
    const n = --this.count;
    if (n > 0) {
      const t = times[n] as number;
      const s = seqs[n] as number;
      const k = kinds[n] as number;
      const g = targets[n] as number;
      // Sift down with a hole.
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        let ct = times[c] as number;
        const r = c + 1;
        if (r < n) {
          const rt = times[r] as number;
          if (rt < ct || (rt === ct && (seqs[r] as number) < (seqs[c] as number))) {
            c = r;
            ct = rt;
          }
        }
        if (t < ct || (t === ct && s < (seqs[c] as number))) break;
        times[i] = ct;
        seqs[i] = seqs[c] as number;
        kinds[i] = kinds[c] as number;
        targets[i] = targets[c] as number;
        i = c;
      }
      times[i] = t;
      seqs[i] = s;
      kinds[i] = k;
      targets[i] = g;
    }
    return topTime;
  }

  /** Removes every pending event (sequence numbering continues). */
  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const capacity = this.timeS.length * 2;
    const times = new Float64Array(capacity);
    times.set(this.timeS);
    const seqs = new Float64Array(capacity);
    seqs.set(this.seq);
    const kinds = new Int32Array(capacity);
    kinds.set(this.kind);
    const targets = new Int32Array(capacity);
    targets.set(this.target);
    this.timeS = times;
    this.seq = seqs;
    this.kind = kinds;
    this.target = targets;
  }
}

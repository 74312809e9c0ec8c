/**
 * Events that are moved rather than added: at most one pending event per integer key (a route
 * class's next completion, say), kept in a binary heap by (time, sequence) with each key's
 * position, so that moving a key's event changes its entry in place.
 *
 * Why beside the main heap: an event whose time is recomputed often (a flow completion moves
 * whenever another transfer joins or leaves a shared link) would otherwise leave a stale event
 * behind at each move, to be pushed, sifted, popped and ignored later. The sequence number of a
 * moved event is taken from the owning queue's counter at the move, as a push would take it, so
 * the order of the events that do fire is the order a push per move would have given.
 */
export class KeyedEvents {
  /** times[i], seqs[i], keys[i]: heap slot i. */
  private times = new Float64Array(64);
  private seqs = new Float64Array(64);
  private keys = new Int32Array(64);
  /** Heap slot of each key, -1 when it has no pending event. */
  private slotOf = new Int32Array(64).fill(-1);
  /** Pending events. */
  size = 0;

  /** Time of the earliest pending event (call only when {@link size} > 0). */
  get topTimeS(): number {
    return this.times[0] as number;
  }

  /** Sequence number of the earliest pending event (call only when {@link size} > 0). */
  get topSeq(): number {
    return this.seqs[0] as number;
  }

  /** Key of the earliest pending event (call only when {@link size} > 0). */
  get topKey(): number {
    return this.keys[0] as number;
  }

  /** Whether `key` has a pending event. */
  has(key: number): boolean {
    return key < this.slotOf.length && (this.slotOf[key] as number) >= 0;
  }

  /** Puts `key`'s event at (timeS, seq): moves it when pending, else adds it. */
  set(key: number, timeS: number, seq: number): void {
    if (key >= this.slotOf.length) this.growKeys(key + 1);
    let i = this.slotOf[key] as number;
    const later = i >= 0 && (timeS > (this.times[i] as number) || (timeS === this.times[i] && seq > (this.seqs[i] as number)));
    if (i < 0) {
      if (this.size === this.times.length) this.growHeap();
      i = this.size++;
    }
    this.place(i, key, timeS, seq);
    if (later) this.siftDown(i);
    else this.siftUp(i);
  }

  /** Removes `key`'s pending event, if any. */
  delete(key: number): void {
    if (!this.has(key)) return;
    const i = this.slotOf[key] as number;
    this.slotOf[key] = -1;
    const n = --this.size;
    if (i === n) return;
    // The last entry fills the hole and goes whichever way its key asks.
    this.place(i, this.keys[n] as number, this.times[n] as number, this.seqs[n] as number);
    if (i > 0 && before(this.times[i] as number, this.seqs[i] as number, this.times[(i - 1) >> 1] as number, this.seqs[(i - 1) >> 1] as number)) this.siftUp(i);
    else this.siftDown(i);
  }

  /** Removes the earliest pending event (call only when {@link size} > 0). */
  popTop(): void {
    this.slotOf[this.keys[0] as number] = -1;
    const n = --this.size;
    if (n === 0) return;
    this.place(0, this.keys[n] as number, this.times[n] as number, this.seqs[n] as number);
    this.siftDown(0);
  }

  /** Removes every pending event. */
  clear(): void {
    for (let i = 0; i < this.size; i++) this.slotOf[this.keys[i] as number] = -1;
    this.size = 0;
  }

  // The sifts take the slot of the entry that moves, not its time and sequence: doubles passed
  // to a method that is not inlined are boxed, a heap number each (two garbage objects a pop).

  /** Moves the entry at slot `from` up to its place. */
  private siftUp(from: number): void {
    const { times, seqs, keys } = this;
    const key = keys[from] as number;
    const t = times[from] as number;
    const s = seqs[from] as number;
    let i = from;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(t, s, times[p] as number, seqs[p] as number)) break;
      this.place(i, keys[p] as number, times[p] as number, seqs[p] as number);
      i = p;
    }
    this.place(i, key, t, s);
  }

  /** Moves the entry at slot `from` down to its place. */
  private siftDown(from: number): void {
    const { times, seqs, keys } = this;
    const key = keys[from] as number;
    const t = times[from] as number;
    const s = seqs[from] as number;
    const n = this.size;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && before(times[r] as number, seqs[r] as number, times[l] as number, seqs[l] as number) ? r : l;
      if (!before(times[c] as number, seqs[c] as number, t, s)) break;
      this.place(i, keys[c] as number, times[c] as number, seqs[c] as number);
      i = c;
    }
    this.place(i, key, t, s);
  }

  private place(i: number, key: number, t: number, s: number): void {
    this.times[i] = t;
    this.seqs[i] = s;
    this.keys[i] = key;
    this.slotOf[key] = i;
  }

  private growHeap(): void {
    const size = 2 * this.times.length;
    const times = new Float64Array(size);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(size);
    seqs.set(this.seqs);
    this.seqs = seqs;
    const keys = new Int32Array(size);
    keys.set(this.keys);
    this.keys = keys;
  }

  private growKeys(atLeast: number): void {
    const slotOf = new Int32Array(Math.max(atLeast, 2 * this.slotOf.length)).fill(-1);
    slotOf.set(this.slotOf);
    this.slotOf = slotOf;
  }
}

/** (ta, sa) comes before (tb, sb). */
function before(ta: number, sa: number, tb: number, sb: number): boolean {
  return ta < tb || (ta === tb && sa < sb);
}

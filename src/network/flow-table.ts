import type { FlowClock } from './flow-clock.js';

/** A flow taken off the network before its end (rerouting around a failed link). */
export interface ExtractedFlow {
  readonly owner: number;
  readonly remainingBytes: number;
  /** Its start sequence: the order flows started in. */
  readonly flow: number;
}

/**
 * The flows in progress of a network, by id: owner, size, target on their class's clock and
 * start sequence, and the bytes delivered so far. Both networks (max-min and weighted) keep their
 * flows here; they differ in how classes share links, not in how a flow starts, is due or leaves.
 */
export class FlowTable {
  owner = new Int32Array(1024);
  /** Bytes the flow's class clock reads when the flow is done. */
  target = new Float64Array(1024);
  bytes = new Float64Array(1024);
  /** The start sequence (the tie-break between flows due at the same time). */
  seq = new Float64Array(1024);
  /** Bytes of flows that have completed (and the part sent of flows taken off). */
  deliveredBytes = 0;
  /** Ids allocated so far, and those free again. */
  private allocated = 0;
  private readonly free: number[] = [];
  private started = 0;

  /** Starts a flow of `sizeBytes` in a class whose clock is current; returns its id. */
  add(cls: FlowClock, owner: number, sizeBytes: number): number {
    // Ids of finished flows are reused (memory follows the flows in progress, not the run); the
    // sequence number keeps the order of simultaneous completions that of the starts.
    let id = this.free.pop();
    if (id === undefined) {
      id = this.allocated++;
      if (id === this.target.length) this.grow();
    }
    this.seq[id] = this.started++;
    this.owner[id] = owner;
    this.bytes[id] = sizeBytes;
    this.target[id] = cls.clock + sizeBytes;
    cls.push(id, this.target, this.seq);
    return id;
  }

  /**
   * Takes the flows of a class that are due at its (advanced) clock, pushing their owners to
   * `out` in order of completion; returns how many.
   */
  completeDue(cls: FlowClock, out: number[]): number {
    let done = 0;
    // The head flow is due by definition (this is its event): completing it unconditionally
    // avoids an endless instant when nowS + remaining / rate rounds back to nowS. A relative
    // tolerance then absorbs the rounding of clock + rate × dt for the flows due with it.
    for (;;) {
      const f = cls.peek();
      if (f < 0) break;
      const target = this.target[f] as number;
      if (done > 0 && target > cls.clock + 1e-9 * Math.max(1, Math.abs(target))) break;
      cls.pop(this.target, this.seq);
      this.free.push(f);
      out.push(this.owner[f] as number);
      this.deliveredBytes += this.bytes[f] as number;
      done++;
    }
    return done;
  }

  /** Takes every flow of a class (its clock advanced), with the bytes each has left, into `out`. */
  drain(cls: FlowClock, out: ExtractedFlow[]): void {
    for (const f of cls.drain()) {
      const remainingBytes = Math.max(0, (this.target[f] as number) - cls.clock);
      out.push({ owner: this.owner[f] as number, remainingBytes, flow: this.seq[f] as number });
      // Bytes already sent count as delivered on the old route; the rest is a new flow.
      this.deliveredBytes += (this.bytes[f] as number) - remainingBytes;
      this.free.push(f);
    }
  }

  private grow(): void {
    const twice = <T extends Int32Array | Float64Array>(a: T, make: (size: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    this.owner = twice(this.owner, (size) => new Int32Array(size));
    this.target = twice(this.target, (size) => new Float64Array(size));
    this.bytes = twice(this.bytes, (size) => new Float64Array(size));
    this.seq = twice(this.seq, (size) => new Float64Array(size));
  }
}

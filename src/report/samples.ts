/** Values per chunk: 512 KiB of doubles, so a run never copies its samples to grow them. */
const CHUNK = 1 << 16;

/**
 * A growing column of doubles (one per job: a wait, a response, a bounded slowdown) kept for
 * exact quantiles at the end of a run: 8 bytes a value in fixed chunks, never copied to grow.
 */
export class Samples {
  private readonly chunks: Float64Array[] = [];
  private current = new Float64Array(0);
  private at = 0;
  length = 0;

  push(value: number): void {
    if (this.at === this.current.length) {
      this.current = new Float64Array(CHUNK);
      this.chunks.push(this.current);
      this.at = 0;
    }
    this.current[this.at++] = value;
    this.length++;
  }

  /** Calls `visit` with each value, in push order. */
  forEach(visit: (value: number) => void): void {
    let k = 0;
    for (const chunk of this.chunks) {
      const n = Math.min(CHUNK, this.length - k);
      for (let j = 0; j < n; j++) visit(chunk[j] as number);
      k += n;
    }
  }

  /** The values in push order, in `into` (its first `length` entries; a new array by default). */
  toArray(into?: Float64Array): Float64Array {
    const out = into === undefined ? new Float64Array(this.length) : into.subarray(0, this.length);
    let k = 0;
    for (const chunk of this.chunks) {
      const n = Math.min(CHUNK, this.length - k);
      out.set(n === CHUNK ? chunk : chunk.subarray(0, n), k);
      k += n;
    }
    return out;
  }
}

/** {@link Samples} with the centre of each value (2 bytes more), for per-centre quantiles. */
export class CentreSamples {
  readonly values = new Samples();
  private readonly centres: Uint16Array[] = [];
  private current = new Uint16Array(0);
  private at = 0;

  push(value: number, centre: number): void {
    this.values.push(value);
    if (this.at === this.current.length) {
      this.current = new Uint16Array(CHUNK);
      this.centres.push(this.current);
      this.at = 0;
    }
    this.current[this.at++] = centre;
  }

  /**
   * Every value in one array (`into`, or a new one), grouped by centre; `starts[c]..starts[c + 1]` is centre c's
   * part (each in push order). One copy of the samples, whatever the number of centres.
   */
  grouped(centreCount: number, into?: Float64Array): { values: Float64Array; starts: Float64Array } {
    const n = this.values.length;
    const starts = new Float64Array(centreCount + 1);
    this.forEachCentre(n, (c) => {
      starts[c + 1] = (starts[c + 1] as number) + 1;
    });
    for (let c = 1; c <= centreCount; c++) starts[c] = (starts[c] as number) + (starts[c - 1] as number);
    const next = starts.slice(0, centreCount);
    const values = into === undefined ? new Float64Array(n) : into.subarray(0, n);
    let i = 0;
    this.values.forEach((value) => {
      const c = this.centreAt(i++);
      const at = next[c] as number;
      values[at] = value;
      next[c] = at + 1;
    });
    return { values, starts };
  }

  private centreAt(i: number): number {
    return (this.centres[Math.floor(i / CHUNK)] as Uint16Array)[i % CHUNK] as number;
  }

  private forEachCentre(n: number, visit: (centre: number) => void): void {
    let k = 0;
    for (const chunk of this.centres) {
      const m = Math.min(CHUNK, n - k);
      for (let j = 0; j < m; j++) visit(chunk[j] as number);
      k += m;
    }
  }
}

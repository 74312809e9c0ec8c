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

  /** The values in push order, in one new array. */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
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

  /** The values of each centre (views into one new array), each in push order. */
  byCentre(centreCount: number): Float64Array[] {
    const n = this.values.length;
    const all = this.values.toArray();
    const counts = new Float64Array(centreCount + 1);
    this.forEachCentre(n, (c) => {
      counts[c + 1] = (counts[c + 1] as number) + 1;
    });
    for (let c = 1; c <= centreCount; c++) counts[c] = (counts[c] as number) + (counts[c - 1] as number);
    const starts = counts.slice(0, centreCount);
    const grouped = new Float64Array(n);
    let i = 0;
    this.forEachCentre(n, (c) => {
      const at = starts[c] as number;
      grouped[at] = all[i++] as number;
      starts[c] = at + 1;
    });
    return Array.from({ length: centreCount }, (_, c) => grouped.subarray(counts[c] as number, counts[c + 1] as number));
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

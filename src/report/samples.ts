import { SpillFile } from './spill-file.js';

/**
 * Values a sample keeps in memory before the older ones go to a temporary file: 2^20 doubles
 * (8 MiB). A run of up to about a million jobs never touches the disk; a longer one keeps at
 * most this many values of each sample in memory, whatever its length.
 */
export const SAMPLES_IN_MEMORY = 1 << 20;

/** Values per chunk at most: 512 KiB of doubles, so a sample never copies itself to grow. */
const CHUNK = 1 << 16;

type Column = Float64Array | Uint16Array;

/**
 * A growing column of numbers in push order: in fixed chunks in memory, the oldest chunks moved
 * to a {@link SpillFile} once `inMemory` values are held. Reads back any range in push order.
 */
class SpillingColumn<T extends Column> {
  private readonly chunkValues: number;
  private readonly chunksInMemory: number;
  /** The chunks in memory, in push order; the last one is being filled. */
  private chunks: T[] = [];
  private spare: T[] = [];
  private current: T;
  private at: number;
  private file: SpillFile | null = null;
  /** Values in the file (the first ones pushed). */
  private spilled = 0;
  length = 0;

  constructor(
    private readonly make: (n: number) => T,
    inMemory: number,
  ) {
    this.chunkValues = Math.max(1, Math.min(CHUNK, inMemory));
    this.chunksInMemory = Math.max(1, Math.floor(inMemory / this.chunkValues));
    this.current = make(0);
    this.at = 0;
  }

  /** Whether some values are in the temporary file. */
  get spills(): boolean {
    return this.file !== null;
  }

  push(value: number): void {
    if (this.at === this.current.length) this.nextChunk();
    this.current[this.at++] = value;
    this.length++;
  }

  /** Copies the values from index `from` on into `into` (as many as it holds). */
  copy(from: number, into: T): void {
    let k = 0;
    const n = into.length;
    if (from < this.spilled) {
      const m = Math.min(n, this.spilled - from);
      (this.file as SpillFile).read(from * into.BYTES_PER_ELEMENT, into.subarray(0, m));
      k = m;
    }
    while (k < n) {
      const i = from + k - this.spilled;
      const chunk = this.chunks[Math.floor(i / this.chunkValues)] as T;
      const j = i % this.chunkValues;
      const m = Math.min(n - k, this.chunkValues - j);
      into.set(chunk.subarray(j, j + m) as never, k);
      k += m;
    }
  }

  /** Removes the temporary file (the column is empty afterwards). */
  close(): void {
    this.file?.close();
    this.file = null;
    this.chunks = [];
    this.spare = [];
    this.current = this.make(0);
    this.at = 0;
    this.spilled = 0;
    this.length = 0;
  }

  private nextChunk(): void {
    if (this.chunks.length === this.chunksInMemory) {
      // Memory is full: every chunk goes to the file, and their arrays are reused.
      this.file ??= new SpillFile();
      for (const chunk of this.chunks) this.file.append(chunk);
      this.spilled += this.chunks.length * this.chunkValues;
      this.spare = this.chunks;
      this.chunks = [];
    }
    this.current = this.spare.pop() ?? this.make(this.chunkValues);
    this.chunks.push(this.current);
    this.at = 0;
  }
}

/**
 * A growing column of doubles (one per job: a wait, a response, a bounded slowdown) kept for
 * exact quantiles at the end of a run: 8 bytes a value, in memory up to `inMemory` values and in
 * a temporary file beyond (sample-distributions.ts reads either).
 */
export class Samples {
  private readonly column: SpillingColumn<Float64Array>;

  constructor(inMemory = SAMPLES_IN_MEMORY) {
    this.column = new SpillingColumn((n) => new Float64Array(n), inMemory);
  }

  get length(): number {
    return this.column.length;
  }

  /** Whether some values are in a temporary file. */
  get spills(): boolean {
    return this.column.spills;
  }

  push(value: number): void {
    this.column.push(value);
  }

  /** Copies the values from index `from` on, in push order, into `into` (as many as it holds). */
  copy(from: number, into: Float64Array): void {
    this.column.copy(from, into);
  }

  /** The values in push order, in `into` (its first `length` entries; a new array by default). */
  toArray(into?: Float64Array): Float64Array {
    const out = into === undefined ? new Float64Array(this.length) : into.subarray(0, this.length);
    this.column.copy(0, out);
    return out;
  }

  /** Frees the values and removes the temporary file, if any. */
  close(): void {
    this.column.close();
  }
}

/** {@link Samples} with the centre of each value (2 bytes more), for per-centre quantiles. */
export class CentreSamples {
  readonly values: Samples;
  private readonly centres: SpillingColumn<Uint16Array>;

  constructor(inMemory = SAMPLES_IN_MEMORY) {
    this.values = new Samples(inMemory);
    this.centres = new SpillingColumn((n) => new Uint16Array(n), inMemory);
  }

  get length(): number {
    return this.values.length;
  }

  get spills(): boolean {
    return this.values.spills;
  }

  push(value: number, centre: number): void {
    this.values.push(value);
    this.centres.push(centre);
  }

  /**
   * The `count` values from index `from` on, in one array (`into`, or a new one) grouped by
   * centre: `starts[c]..starts[c + 1]` is centre c's part, in push order. One copy of those
   * values (read through small buffers), whatever the number of centres.
   */
  grouped(centreCount: number, into?: Float64Array, from = 0, count = this.length - from): { values: Float64Array; starts: Float64Array } {
    const starts = new Float64Array(centreCount + 1);
    const block = Math.min(count, CHUNK);
    const centres = new Uint16Array(block);
    for (let k = 0; k < count; k += block) {
      const m = Math.min(block, count - k);
      this.centres.copy(from + k, centres.subarray(0, m));
      for (let i = 0; i < m; i++) {
        const c = centres[i] as number;
        starts[c + 1] = (starts[c + 1] as number) + 1;
      }
    }
    for (let c = 1; c <= centreCount; c++) starts[c] = (starts[c] as number) + (starts[c - 1] as number);
    const next = starts.slice(0, centreCount);
    const values = into === undefined ? new Float64Array(count) : into.subarray(0, count);
    const buffer = new Float64Array(block);
    for (let k = 0; k < count; k += block) {
      const m = Math.min(block, count - k);
      this.centres.copy(from + k, centres.subarray(0, m));
      this.values.copy(from + k, buffer.subarray(0, m));
      for (let i = 0; i < m; i++) {
        const c = centres[i] as number;
        const at = next[c] as number;
        values[at] = buffer[i] as number;
        next[c] = at + 1;
      }
    }
    return { values, starts };
  }

  close(): void {
    this.values.close();
    this.centres.close();
  }
}

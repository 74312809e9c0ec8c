import type { CentreSamples, Samples } from './samples.js';
import { sortNumbers } from './sort-numbers.js';
import { SpillFile } from './spill-file.js';
import { type Distribution, distributionInPlace, EMPTY_DISTRIBUTION, QUANTILES } from './stats.js';

/** Values each merge cursor reads from the file at a time, in all (split between the cursors). */
const MERGE_BUFFER_VALUES = 1 << 20;

/**
 * The distribution of a sample. In memory: a copy sorted in `scratch` (which holds at least
 * the sample). Spilled to a file: sorted runs of `scratch.length` values, merged; the same
 * sorted order, so the same mean (summed in sorted order) and the same quantiles, bit for bit.
 */
export function sampleDistribution(samples: Samples, scratch: Float64Array): Distribution {
  if (!samples.spills) return distributionInPlace(samples.toArray(scratch));
  const n = samples.length;
  const runs = new SpillFile();
  try {
    const segments: Segment[] = [];
    for (let from = 0; from < n; from += scratch.length) {
      const block = scratch.subarray(0, Math.min(scratch.length, n - from));
      samples.copy(from, block);
      sortNumbers(block);
      segments.push({ byteOffset: runs.bytes, count: block.length });
      runs.append(block);
    }
    return mergedDistribution(runs, segments);
  } finally {
    runs.close();
  }
}

/**
 * The national and per-centre distributions of a sample with centres. In memory: one grouped
 * copy in `scratch`, each centre's part sorted in place, then the whole. Spilled: blocks of
 * `scratch.length` values grouped and sorted per centre into a file of runs; a centre's
 * distribution merges its runs, the national one merges them all.
 */
export function centreDistributions(samples: CentreSamples, centreCount: number, scratch: Float64Array): { all: Distribution; centres: Distribution[] } {
  if (!samples.spills) {
    const grouped = samples.grouped(centreCount, scratch);
    const centres = Array.from({ length: centreCount }, (_, c) => distributionInPlace(grouped.values.subarray(grouped.starts[c] as number, grouped.starts[c + 1] as number)));
    return { all: distributionInPlace(grouped.values), centres };
  }
  const n = samples.length;
  const runs = new SpillFile();
  try {
    const byCentre: Segment[][] = Array.from({ length: centreCount }, () => []);
    for (let from = 0; from < n; from += scratch.length) {
      const count = Math.min(scratch.length, n - from);
      const { values, starts } = samples.grouped(centreCount, scratch, from, count);
      const base = runs.bytes;
      for (let c = 0; c < centreCount; c++) {
        const start = starts[c] as number;
        const end = starts[c + 1] as number;
        if (end === start) continue;
        sortNumbers(values.subarray(start, end));
        (byCentre[c] as Segment[]).push({ byteOffset: base + start * 8, count: end - start });
      }
      runs.append(values);
    }
    const centres = byCentre.map((segments) => mergedDistribution(runs, segments));
    return { all: mergedDistribution(runs, byCentre.flat()), centres };
  } finally {
    runs.close();
  }
}

let kept: Float64Array | null = null;

/** An array of at least `values` doubles for the merge buffers: the one kept, grown when needed. */
function mergeSpace(values: number): Float64Array {
  if (kept === null || kept.length < values) kept = new Float64Array(values);
  return kept;
}

/** A sorted run of doubles in a file. */
interface Segment {
  readonly byteOffset: number;
  readonly count: number;
}

/**
 * The distribution of the values of sorted runs, read in merged (ascending) order: summed in
 * that order and with the quantiles d3-array's `quantileSorted` gives (R-7: linear
 * interpolation between the order statistics at ⌊(n − 1)p⌋ and the next), as
 * {@link distributionInPlace} computes them over a sorted array.
 */
function mergedDistribution(file: SpillFile, segments: readonly Segment[]): Distribution {
  const k = segments.length;
  let n = 0;
  for (const s of segments) n += s.count;
  if (n === 0) return EMPTY_DISTRIBUTION;
  const bufferValues = Math.max(256, Math.floor(MERGE_BUFFER_VALUES / k));
  // The segments' buffers are parts of one array kept for every merge (a year's run merges 70
  // times: 8 MB of garbage each grew the heap at the end of a run by tens of MB).
  const space = mergeSpace(k * bufferValues);
  const buffers: Float64Array[] = segments.map((s, i) => space.subarray(i * bufferValues, i * bufferValues + Math.min(bufferValues, s.count)));
  const read = new Float64Array(k); // values of each segment read so far
  const pos = new Float64Array(k); // position in its buffer
  const fill = (i: number): void => {
    const s = segments[i] as Segment;
    const m = Math.min(bufferValues, s.count - (read[i] as number));
    const buffer = (buffers[i] as Float64Array).subarray(0, m);
    file.read(s.byteOffset + (read[i] as number) * 8, buffer);
    read[i] = (read[i] as number) + m;
    pos[i] = 0;
    if (m < (buffers[i] as Float64Array).length) buffers[i] = buffer;
  };
  // A binary min-heap of segment indices by their current value.
  const heap: number[] = [];
  const head = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    fill(i);
    head[i] = (buffers[i] as Float64Array)[0] as number;
    heap.push(i);
    siftUp(heap, head, heap.length - 1);
  }
  const ranks = rankPositions(n);
  const atRank = new Float64Array(ranks.length);
  let r = 0;
  let sum = 0;
  let last = Number.NaN;
  for (let at = 0; at < n; at++) {
    const i = heap[0] as number;
    const v = head[i] as number;
    sum += v;
    last = v;
    while (r < ranks.length && ranks[r] === at) atRank[r++] = v;
    // Advance segment i: the next value of its buffer, a refill, or its end.
    let p = (pos[i] as number) + 1;
    const s = segments[i] as Segment;
    if (p === (buffers[i] as Float64Array).length && (read[i] as number) < s.count) {
      fill(i);
      p = 0;
    }
    if (p < (buffers[i] as Float64Array).length) {
      pos[i] = p;
      head[i] = (buffers[i] as Float64Array)[p] as number;
    } else {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    }
    if (heap.length > 0) siftDown(heap, head, 0);
  }
  const valueAt = (rank: number): number => atRank[ranks.indexOf(rank)] as number;
  const [p50, p95, p99] = QUANTILES.map((p) => {
    if (n < 2) return valueAt(0);
    const x = (n - 1) * p;
    const x0 = Math.floor(x);
    const value0 = valueAt(x0);
    const value1 = valueAt(x0 + 1);
    return value0 + (value1 - value0) * (x - x0);
  }) as [number, number, number];
  return { count: n, mean: sum / n, p50, p95, p99, max: last };
}

/** The ranks (0-based, ascending, distinct) whose values the quantiles of n sorted values read. */
function rankPositions(n: number): number[] {
  const ranks = new Set<number>([0]);
  if (n >= 2) {
    for (const p of QUANTILES) {
      const x0 = Math.floor((n - 1) * p);
      ranks.add(x0);
      ranks.add(Math.min(n - 1, x0 + 1));
    }
  }
  return [...ranks].sort((a, b) => a - b);
}

/** Orders as a typed-array sort does: NaN after every number. */
function less(a: number, b: number): boolean {
  return a < b || (b !== b && a === a);
}

function siftUp(heap: number[], head: Float64Array, at: number): void {
  const item = heap[at] as number;
  const v = head[item] as number;
  while (at > 0) {
    const parent = (at - 1) >> 1;
    const p = heap[parent] as number;
    if (!less(v, head[p] as number)) break;
    heap[at] = p;
    at = parent;
  }
  heap[at] = item;
}

function siftDown(heap: number[], head: Float64Array, at: number): void {
  const n = heap.length;
  const item = heap[at] as number;
  const v = head[item] as number;
  for (;;) {
    let child = 2 * at + 1;
    if (child >= n) break;
    const right = child + 1;
    if (right < n && less(head[heap[right] as number] as number, head[heap[child] as number] as number)) child = right;
    const c = heap[child] as number;
    if (!less(head[c] as number, v)) break;
    heap[at] = c;
    at = child;
  }
  heap[at] = item;
}

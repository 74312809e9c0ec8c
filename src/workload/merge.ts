import { objectArray } from '../engine/arrays.js';
import type { JobSpec } from '../model/job.js';

/**
 * Merges the jobs of several sources into one submission order: by submit time, then source
 * order in the scenario, then order within the source. Each source is sorted by submit time
 * first (stably), then the sources are merged k ways, which costs O(n log k) for sources that
 * come sorted (every generator) instead of a full sort of n keyed copies.
 */
export function mergeSources(sources: readonly (readonly JobSpec[])[]): JobSpec[] {
  const sorted = sources.map((jobs) => (isSorted(jobs) ? jobs : stableSortBySubmit(jobs)));
  return new KWayMerge(sorted).all();
}

/**
 * A binary heap of source indices keyed by (next submit time, source index). A class rather
 * than closures made per call, so that a sweep worker compiles it once for all its runs.
 */
class KWayMerge {
  private readonly heap: number[] = [];
  private readonly cursor: Int32Array;

  constructor(private readonly sorted: readonly (readonly JobSpec[])[]) {
    this.cursor = new Int32Array(sorted.length);
    sorted.forEach((jobs, s) => {
      if (jobs.length > 0) this.heap.push(s);
    });
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  all(): JobSpec[] {
    const total = this.sorted.reduce((sum, jobs) => sum + jobs.length, 0);
    const out = objectArray<JobSpec>();
    for (let n = 0; n < total; n++) out.push(this.next());
    return out;
  }

  private next(): JobSpec {
    const heap = this.heap;
    const cursor = this.cursor;
    const s = heap[0] as number;
    const jobs = this.sorted[s] as readonly JobSpec[];
    const job = jobs[cursor[s] as number] as JobSpec;
    cursor[s] = (cursor[s] as number) + 1;
    if ((cursor[s] as number) >= jobs.length) {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    }
    if (heap.length > 0) this.siftDown(0);
    return job;
  }

  private key(s: number): number {
    return (this.sorted[s] as readonly JobSpec[])[this.cursor[s] as number]?.submitS ?? Number.POSITIVE_INFINITY;
  }

  private less(a: number, b: number): boolean {
    const ka = this.key(a);
    const kb = this.key(b);
    return ka < kb || (ka === kb && a < b);
  }

  private siftDown(from: number): void {
    const heap = this.heap;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const r = l + 1;
      const c = r < heap.length && this.less(heap[r] as number, heap[l] as number) ? r : l;
      if (!this.less(heap[c] as number, heap[i] as number)) return;
      const top = heap[i] as number;
      heap[i] = heap[c] as number;
      heap[c] = top;
      i = c;
    }
  }
}

function isSorted(jobs: readonly JobSpec[]): boolean {
  for (let i = 1; i < jobs.length; i++) if ((jobs[i] as JobSpec).submitS < (jobs[i - 1] as JobSpec).submitS) return false;
  return true;
}

function stableSortBySubmit(jobs: readonly JobSpec[]): JobSpec[] {
  const order = Array.from(jobs.keys());
  order.sort((a, b) => (jobs[a] as JobSpec).submitS - (jobs[b] as JobSpec).submitS || a - b);
  return order.map((i) => jobs[i] as JobSpec);
}

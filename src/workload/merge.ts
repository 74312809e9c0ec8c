import type { JobSpec } from '../model/job.js';

/**
 * Merges the jobs of several sources into one submission order: by submit time, then source
 * order in the scenario, then order within the source. Each source is sorted by submit time
 * first (stably), then the sources are merged k ways, which costs O(n log k) for sources that
 * come sorted (every generator) instead of a full sort of n keyed copies.
 */
export function mergeSources(sources: readonly (readonly JobSpec[])[]): JobSpec[] {
  const sorted = sources.map((jobs) => (isSorted(jobs) ? jobs : stableSortBySubmit(jobs)));
  const total = sorted.reduce((sum, jobs) => sum + jobs.length, 0);
  const out: JobSpec[] = new Array(total);
  const cursor = new Int32Array(sorted.length);
  // A small binary heap of source indices keyed by (next submit time, source index).
  const heap: number[] = [];
  const key = (s: number): number => (sorted[s] as readonly JobSpec[])[cursor[s] as number]?.submitS ?? Number.POSITIVE_INFINITY;
  const less = (a: number, b: number): boolean => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb || (ka === kb && a < b);
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const r = l + 1;
      const c = r < heap.length && less(heap[r] as number, heap[l] as number) ? r : l;
      if (!less(heap[c] as number, heap[i] as number)) return;
      [heap[i], heap[c]] = [heap[c] as number, heap[i] as number];
      i = c;
    }
  };
  sorted.forEach((jobs, s) => {
    if (jobs.length > 0) heap.push(s);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  for (let n = 0; n < total; n++) {
    const s = heap[0] as number;
    out[n] = (sorted[s] as readonly JobSpec[])[cursor[s] as number] as JobSpec;
    cursor[s] = (cursor[s] as number) + 1;
    if ((cursor[s] as number) >= (sorted[s] as readonly JobSpec[]).length) {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    }
    if (heap.length > 0) siftDown(0);
  }
  return out;
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

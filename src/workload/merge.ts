import type { JobSpec } from '../model/job.js';
import { ArrayStream, drainStream, type JobStream } from './job-stream.js';

/**
 * Merges the jobs of several sources into one submission order: by submit time, then source
 * order in the scenario, then order within the source. Each source is sorted by submit time
 * first (stably), then the sources are merged k ways, which costs O(n log k) for sources that
 * come sorted (every generator) instead of a full sort of n keyed copies.
 */
export function mergeSources(sources: readonly (readonly JobSpec[])[]): JobSpec[] {
  return drainStream(mergeStreams(sources.map((jobs) => new ArrayStream(isSorted(jobs) ? jobs : stableSortBySubmit(jobs)))));
}

/**
 * One stream of several, each already in submission order, merged lazily (the order of
 * {@link mergeSources}): only the next job of each source is held.
 */
export function mergeStreams(streams: readonly JobStream[]): JobStream {
  return streams.length === 1 ? (streams[0] as JobStream) : new MergedStream(streams);
}

/**
 * A binary heap of source indices keyed by (next submit time, source index), over each source's
 * next job. A class rather than closures made per call, so that a sweep worker compiles it once
 * for all its runs.
 */
class MergedStream implements JobStream {
  private readonly heap: number[] = [];
  private readonly heads: (JobSpec | undefined)[];

  constructor(private readonly streams: readonly JobStream[]) {
    this.heads = streams.map((s) => s.next());
    this.heads.forEach((head, s) => {
      if (head !== undefined) this.heap.push(s);
    });
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  next(): JobSpec | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const s = heap[0] as number;
    const job = this.heads[s] as JobSpec;
    const head = (this.streams[s] as JobStream).next();
    this.heads[s] = head;
    if (head === undefined) {
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    } else if (head.submitS < job.submitS) {
      throw new Error(`job source ${s}: job ${head.id} comes before ${job.id} (sources must be in submission order)`);
    }
    if (heap.length > 0) this.siftDown(0);
    return job;
  }

  private key(s: number): number {
    return this.heads[s]?.submitS ?? Number.POSITIVE_INFINITY;
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

export function isSorted(jobs: readonly JobSpec[]): boolean {
  for (let i = 1; i < jobs.length; i++) if ((jobs[i] as JobSpec).submitS < (jobs[i - 1] as JobSpec).submitS) return false;
  return true;
}

export function stableSortBySubmit(jobs: readonly JobSpec[]): JobSpec[] {
  const order = Array.from(jobs.keys());
  order.sort((a, b) => (jobs[a] as JobSpec).submitS - (jobs[b] as JobSpec).submitS || a - b);
  return order.map((i) => jobs[i] as JobSpec);
}

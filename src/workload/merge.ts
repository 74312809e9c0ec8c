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
  /**
   * Each source's next submit time (Infinity once exhausted), read by the comparisons: from a
   * typed array a double is compared where it lies, where `heads[s].submitS` returned by a
   * method was boxed (about 170 bytes of garbage a job with 15 sources).
   */
  private readonly times: Float64Array;

  constructor(private readonly streams: readonly JobStream[]) {
    this.heads = streams.map((s) => s.next());
    this.times = Float64Array.from(this.heads, (head) => head?.submitS ?? Number.POSITIVE_INFINITY);
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
      this.times[s] = Number.POSITIVE_INFINITY;
      heap[0] = heap[heap.length - 1] as number;
      heap.pop();
    } else {
      if (head.submitS < job.submitS) throw new Error(`job source ${s}: job ${head.id} comes before ${job.id} (sources must be in submission order)`);
      this.times[s] = head.submitS;
    }
    if (heap.length > 0) this.siftDown(0);
    return job;
  }

  private siftDown(from: number): void {
    const heap = this.heap;
    const times = this.times;
    let i = from;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= heap.length) return;
      const r = l + 1;
      let c = l;
      if (r < heap.length) {
        const a = heap[r] as number;
        const b = heap[l] as number;
        const ta = times[a] as number;
        const tb = times[b] as number;
        // Earlier submit first, then the source listed first.
        if (ta < tb || (ta === tb && a < b)) c = r;
      }
      const child = heap[c] as number;
      const top = heap[i] as number;
      const tc = times[child] as number;
      const tt = times[top] as number;
      if (!(tc < tt || (tc === tt && child < top))) return;
      heap[i] = child;
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

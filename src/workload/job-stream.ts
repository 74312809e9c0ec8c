import { objectArray } from '../engine/arrays.js';
import type { JobSpec } from '../model/job.js';

/**
 * Jobs handed out one at a time in submission order: a generator drawing as it goes, a trace
 * read into memory, or a merge of several. A run pulls the next job when the previous one
 * arrives, so it never needs an array of every job of the run.
 */
export interface JobStream {
  /** The next job, or undefined once the stream is exhausted (and from then on). */
  next(): JobSpec | undefined;
}

/** The jobs of an array (a trace or a jobs file, already in memory), in order. */
export class ArrayStream implements JobStream {
  private at = 0;

  constructor(private readonly jobs: readonly JobSpec[]) {}

  next(): JobSpec | undefined {
    return this.jobs[this.at++];
  }
}

/** Every job of a stream, in order (tests, `describe`, and callers that want the list). */
export function drainStream(stream: JobStream): JobSpec[] {
  const jobs = objectArray<JobSpec>();
  for (let job = stream.next(); job !== undefined; job = stream.next()) jobs.push(job);
  return jobs;
}

import type { Job, JobSpec } from '../model/job.js';
import { ArrayStream, type JobStream } from '../workload/job-stream.js';

/**
 * Where a streamed run sends each job as it leaves the system, so that the run can forget it:
 * the reports tally it and write its row (report/run-tally.ts).
 *
 * Order (that of jobs.csv): jobs that end during the run, when they end (output delivered, or
 * rejected), in the run's event order (time, then sequence); then {@link stop}; then the jobs
 * still in the system, and those the run never reached when cut short, in submission order.
 * The job may be read during {@link retire} only.
 */
export interface JobSink {
  retire(job: Job): void;
  /** The run has stopped at `endS` (seconds): the jobs retired from now on are unfinished. */
  stop(endS: number): void;
  /**
   * The latest time the sink can account for (its report windows end there): a job that would
   * run past it is refused when it starts, rather than after the run has ticked its view
   * refreshes through ages of simulated time. Absent: no limit.
   */
  readonly latestEndS?: number;
}

/** The jobs of a run: a list in submission order, or a stream (see {@link JobStream}). */
export type JobSource = readonly JobSpec[] | JobStream;

export function toJobStream(source: JobSource): JobStream {
  return Array.isArray(source) ? new ArrayStream(source as readonly JobSpec[]) : (source as JobStream);
}

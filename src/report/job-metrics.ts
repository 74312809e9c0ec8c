import type { Job } from '../model/job.js';
import { JobStatus } from '../model/job.js';

/** τ of the bounded slowdown, seconds (DESIGN §3). */
export const BSLD_TAU_S = 10;

/** Bounded slowdown max(1, (end − submit) / max(run, τ)). */
export function boundedSlowdown(submitS: number, endS: number, runS: number, tauS = BSLD_TAU_S): number {
  return Math.max(1, (endS - submitS) / Math.max(runS, tauS));
}

/** The `status` column of a job. */
export function statusLabel(job: Pick<Job, 'status' | 'killed'>): 'done' | 'killed' | 'failed' | 'rejected' | 'unfinished' {
  if (job.status === JobStatus.Rejected) return 'rejected';
  if (job.status === JobStatus.Failed) return 'failed';
  if (job.status !== JobStatus.Done) return 'unfinished';
  return job.killed ? 'killed' : 'done';
}

/** True when the job has started (its wait is known). */
export const hasStarted = (job: Pick<Job, 'status'>): boolean => job.status >= JobStatus.Running && job.status <= JobStatus.Done;
/** True when the job has ended (its bsld is known). */
export const hasEnded = (job: Pick<Job, 'status'>): boolean => job.status === JobStatus.Ended || job.status === JobStatus.Done;

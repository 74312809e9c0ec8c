import type { Job } from '../model/job.js';
import { boundedSlowdown } from '../report/job-metrics.js';

/**
 * Which jobs the replay metrics cover:
 * - `all`: every simulated job (DESIGN §3; reference README §3.4 `metrics_summary.csv`);
 * - `pyss-printed`: the jobs pyss's own printed statistics keep: drop the first 1 % of jobs by
 *   finish time, every job ending after the last submission, and 1-processor 1-second jobs.
 */
export type MetricsFilter = 'all' | 'pyss-printed';

/** One row of `metrics.csv`. */
export interface ReplayMetrics {
  readonly set: string;
  readonly jobs: number;
  readonly meanWaitS: number;
  readonly maxWaitS: number;
  readonly meanResponseS: number;
  readonly meanSlowdown: number;
  readonly meanBsld: number;
  /** Σ(run · procs) / (machine procs · (last end − first submit)). */
  readonly utilization: number;
  /** last end − first submit, over the jobs of the set. */
  readonly makespanS: number;
  /** Σ(run · procs) / (machine procs · (last start − first submit)): RLScheduler's utilization. */
  readonly utilizationToLastStart: number;
}

/**
 * Metrics of a set of finished jobs (wait, response, slowdown, bounded slowdown with τ = 10 s,
 * utilization, makespan). Sums are taken in job order (deterministic).
 */
export function replayMetrics(set: string, jobs: readonly Job[], machineProcs: number): ReplayMetrics {
  let wait = 0;
  let maxWait = Number.NaN;
  let response = 0;
  let slowdown = 0;
  let bsld = 0;
  let work = 0;
  let firstSubmit = Number.POSITIVE_INFINITY;
  let lastEnd = Number.NEGATIVE_INFINITY;
  let lastStart = Number.NEGATIVE_INFINITY;
  for (const job of jobs) {
    const w = job.startS - job.spec.submitS;
    wait += w;
    if (!(w <= maxWait)) maxWait = w;
    const r = job.endS - job.spec.submitS;
    response += r;
    slowdown += job.runS > 0 ? r / job.runS : Number.NaN;
    bsld += boundedSlowdown(job.spec.submitS, job.endS, job.runS);
    work += job.runS * job.spec.cores;
    if (job.spec.submitS < firstSubmit) firstSubmit = job.spec.submitS;
    if (job.endS > lastEnd) lastEnd = job.endS;
    if (job.startS > lastStart) lastStart = job.startS;
  }
  const n = jobs.length;
  const span = lastEnd - firstSubmit;
  return {
    set,
    jobs: n,
    meanWaitS: wait / n,
    maxWaitS: maxWait,
    meanResponseS: response / n,
    meanSlowdown: slowdown / n,
    meanBsld: bsld / n,
    utilization: work / (machineProcs * span),
    makespanS: n > 0 ? span : Number.NaN,
    utilizationToLastStart: work / (machineProcs * (lastStart - firstSubmit)),
  };
}

/**
 * The jobs a metrics set covers, in job order.
 * @param warmupJobs the first this many jobs (in queue order) are left out of every set
 */
export function selectJobs(jobs: readonly Job[], filter: MetricsFilter, warmupJobs = 0): Job[] {
  const kept = jobs.slice(Math.min(warmupJobs, jobs.length));
  if (filter === 'all') return kept;
  let lastSubmit = Number.NEGATIVE_INFINITY;
  for (const job of jobs) if (job.spec.submitS > lastSubmit) lastSubmit = job.spec.submitS;
  // The first 1 % by finish time (ties by job order).
  const byEnd = kept.map((job, i) => ({ job, i })).sort((a, b) => a.job.endS - b.job.endS || a.i - b.i);
  const dropped = new Set<Job>();
  const cut = Math.floor(kept.length / 100);
  for (let k = 0; k < cut; k++) dropped.add((byEnd[k] as { job: Job }).job);
  return kept.filter(
    (job) => !dropped.has(job) && !(job.endS > lastSubmit) && !(job.spec.cores === 1 && job.runS === 1),
  );
}

/** The `metrics.csv` columns, in order, with units and meaning (for results/README.md). */
export const METRICS_COLUMNS = [
  ['set', '-', '`all` (every simulated job), `after-warmup` (without the first --warmup jobs), `pyss-printed` (pyss\'s own statistics filter)'],
  ['jobs', 'jobs', 'jobs in the set'],
  ['mean_wait_s', 's', 'mean of start − submit'],
  ['max_wait_s', 's', 'largest start − submit'],
  ['mean_response_s', 's', 'mean of end − submit'],
  ['mean_slowdown', '-', 'mean of (end − submit) / run'],
  ['mean_bsld', '-', 'mean of max(1, (end − submit) / max(run, 10))'],
  ['utilization', '-', 'Σ run × procs / (machine procs × (last end − first submit)) over the set'],
  ['makespan_s', 's', 'last end − first submit over the set'],
  ['utilization_to_last_start', '-', "Σ run × procs / (machine procs × (last start − first submit)): RLScheduler's definition"],
] as const;

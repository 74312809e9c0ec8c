import { getHeapStatistics } from 'node:v8';
import { InputError } from '../model/input-error.js';
import type { Scenario } from '../model/scenario.js';
import { MAX_REPORT_CELLS } from '../report/build-reports.js';

/**
 * Memory a streamed run keeps per job of the run, bytes: the samples of its wait, response,
 * bounded slowdown and stage-in (8 bytes each) with the centre of two of them (2 bytes each) for
 * exact quantiles, plus the one-at-a-time copy sorted at the end (8 bytes), rounded up for
 * chunk slack. The jobs in the system (about 1 kB each while they wait, run or move data) come
 * and go; their peak is bounded by the capacity of the layout, not by the length of the run.
 */
export const BYTES_PER_JOB = 48;

/** Share of the V8 heap limit a run may plan to fill (the rest: code, reports being written, garbage). */
const HEAP_SHARE = 0.75;

/** What a scenario will ask of the machine, from its parameters alone (nothing generated). */
export interface RunEstimate {
  /** Expected jobs: Poisson sources' rate × span (× the mean of a growth ramp), plus trace and jobs-file jobs. */
  readonly jobs: number;
  readonly memoryBytes: number;
}

export function estimateRun(scenario: Scenario): RunEstimate {
  let jobs = 0;
  for (const source of scenario.workload) {
    if (source.kind === 'poisson') {
      // Profiles are normalised to mean 1; a linear growth ramp averages (1 + growth) / 2.
      const growth = source.profile?.growth ?? 1;
      jobs += source.ratePerS * Math.max(0, source.endS - source.startS) * ((1 + growth) / 2);
    } else {
      jobs += source.jobs.length;
    }
  }
  return { jobs, memoryBytes: jobs * BYTES_PER_JOB };
}

/** The default job limit: what fits in this Node process's heap (raise it with NODE_OPTIONS=--max-old-space-size). */
export function defaultMaxJobs(): number {
  return Math.floor((getHeapStatistics().heap_size_limit * HEAP_SHARE) / BYTES_PER_JOB);
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;
const count = (n: number): string => String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Refuses a run that would not fit, before anything is generated: a scenario asking for more jobs
 * than `maxJobs` (default {@link defaultMaxJobs}) is bad input with the estimate and the way out,
 * instead of a minute of work ending in a V8 heap abort.
 * @throws InputError naming the scenario, the estimate and the flag that overrides it
 */
export function checkResources(scenario: Scenario, maxJobs: number = defaultMaxJobs()): RunEstimate {
  const estimate = estimateRun(scenario);
  // The run lasts at least until its last submission: the horizon, or, without one (a trace
  // replayed whole), the latest submit time of the workload.
  const spanS = Math.min(scenario.horizonS, lastSubmitS(scenario));
  const windows = Math.ceil(spanS / scenario.report.utilizationWindowS) * Math.max(1, scenario.centres.length);
  if (windows > MAX_REPORT_CELLS) {
    throw new InputError(scenario.name, [
      `report.utilizationWindow: ${scenario.report.utilizationWindowS} s over a run of at least ${spanS} s (${Number.isFinite(scenario.horizonS) ? 'the horizon' : 'the last submission'}) makes at least ${count(windows)} centre windows, over the ${count(MAX_REPORT_CELLS)} a report may hold: raise report.utilizationWindow or shorten the horizon`,
    ]);
  }
  if (estimate.jobs > maxJobs) {
    const heap = getHeapStatistics().heap_size_limit;
    throw new InputError(scenario.name, [
      `about ${count(estimate.jobs)} jobs, whose samples for exact quantiles need about ${gb(estimate.memoryBytes)} of memory (${BYTES_PER_JOB} bytes a job), over the limit of ${count(maxJobs)} jobs${
        maxJobs === defaultMaxJobs() ? ` (what fits in this process's ${gb(heap)} heap)` : ''
      }: shorten the run (--set horizon=30d) or lower the demand (--set demand.scale=0.5), or raise the heap (NODE_OPTIONS=--max-old-space-size=<MB>) and the limit (--max-jobs ${count(Math.ceil(estimate.jobs * 1.1)).replaceAll(',', '')})`,
    ]);
  }
  return estimate;
}

/** The latest submission the workload can make (a Poisson source's end, a trace's last submit time). */
function lastSubmitS(scenario: Scenario): number {
  let lastS = 0;
  for (const source of scenario.workload) {
    if (source.kind === 'poisson') lastS = Math.max(lastS, source.endS);
    else for (const job of source.jobs) if (job.submitS > lastS) lastS = job.submitS;
  }
  return lastS;
}

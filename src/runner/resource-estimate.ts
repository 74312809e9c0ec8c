import { statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { InputError } from '../model/input-error.js';
import type { Scenario } from '../model/scenario.js';
import { MAX_REPORT_CELLS } from '../report/build-reports.js';
import { SAMPLES_IN_MEMORY } from '../report/samples.js';

/**
 * Temporary disk a long run uses per job, bytes: the samples of its wait, response, bounded
 * slowdown and stage-in (8 bytes each) with the centre of two of them (2 bytes each), which go
 * to a file in the temporary folder past 2^20 values each (report/samples.ts), plus the sorted
 * runs of one sample at a time at the end (8 bytes), rounded up. Memory does not grow with the
 * jobs of the run: the jobs in the system come and go, bounded by the capacity of the layout.
 */
export const BYTES_PER_JOB = 48;

/**
 * Most jobs a run takes unless `--max-jobs` says more: 10^8 jobs simulate for about half an hour
 * to an hour on a laptop-class core; a scenario asking for more is more often a slip (a rate in
 * the wrong unit, a demand scale of 1000) than a wish, and says so within a second.
 */
export const JOB_CEILING = 100_000_000;

/**
 * Most refreshes of the dispatcher's view a run may plan (one event each): 10^8 take about a
 * minute; a period of nanoseconds would never finish.
 */
export const MAX_VIEW_REFRESHES = 100_000_000;

/**
 * Most node and link failure events (a failure and a repair each) a run may plan: 10^8 take a few
 * minutes; an mtbf of milliseconds on thousands of nodes would take days.
 */
export const MAX_FAILURE_EVENTS = 100_000_000;

/** Share of the temporary folder's free space a run may plan to fill. */
const DISK_SHARE = 0.8;

/** What a scenario will ask of the machine, from its parameters alone (nothing generated). */
export interface RunEstimate {
  /** Expected jobs: Poisson sources' rate × span (× the mean of a growth ramp), plus trace and jobs-file jobs. */
  readonly jobs: number;
  /** The part of {@link jobs} the Poisson sources draw. */
  readonly generated: number;
  /** Temporary disk for the samples of exact quantiles (none up to about a million jobs). */
  readonly diskBytes: number;
}

export function estimateRun(scenario: Scenario): RunEstimate {
  let generated = 0;
  let read = 0;
  for (const source of scenario.workload) {
    if (source.kind === 'poisson') {
      // Profiles are normalised to mean 1; a linear growth ramp averages (1 + growth) / 2.
      const growth = source.profile?.growth ?? 1;
      generated += source.ratePerS * Math.max(0, source.endS - source.startS) * ((1 + growth) / 2);
    } else {
      read += source.jobs.length;
    }
  }
  const jobs = generated + read;
  return { jobs, generated, diskBytes: jobs > SAMPLES_IN_MEMORY ? jobs * BYTES_PER_JOB : 0 };
}

/** Free bytes of the temporary folder (Infinity where the system cannot tell). */
function freeTemporaryBytes(): number {
  try {
    const stats = statfsSync(tmpdir());
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** The default job limit: {@link JOB_CEILING}, or less when the temporary folder cannot hold the samples. */
export function defaultMaxJobs(): { jobs: number; why: string } {
  const free = freeTemporaryBytes();
  const byDisk = Math.floor((free * DISK_SHARE) / BYTES_PER_JOB);
  return byDisk < JOB_CEILING
    ? { jobs: Math.max(SAMPLES_IN_MEMORY, byDisk), why: `what the ${gb(free)} free in the temporary folder ${tmpdir()} holds` }
    : { jobs: JOB_CEILING, why: 'the default ceiling: hours of simulation' };
}

const gb = (bytes: number): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.max(0.1, bytes / 1e6).toFixed(1)} MB`);
/** A count with thousands separators; past 10^21 (where digits give way to an exponent) as 7.2e+302. */
const count = (n: number): string => (Math.abs(n) >= 1e21 ? n.toPrecision(3) : String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ','));

/**
 * Refuses a run that would not fit, before anything is generated: a scenario asking for more jobs
 * than `maxJobs` (default {@link defaultMaxJobs}) is bad input with the estimate and the way out,
 * instead of hours of work ending on a full disk.
 * @throws InputError naming the scenario, the estimate and the flag that overrides it
 */
export function checkResources(scenario: Scenario, maxJobs?: number): RunEstimate {
  const estimate = estimateRun(scenario);
  checkRunShape(scenario);
  const limit = maxJobs === undefined ? defaultMaxJobs() : { jobs: maxJobs, why: '' };
  if (estimate.jobs > limit.jobs) {
    // The ways out, with figures that fit this run: a horizon and a demand scale under the limit,
    // and a limit above the estimate while one can be given (--max-jobs is at most 2^53 − 1).
    const share = limit.jobs / estimate.jobs;
    const horizonS = Math.floor(Math.min(scenario.horizonS, lastSubmitS(scenario)) * share * 0.9);
    const scale = Number((share * 0.9).toPrecision(2));
    const raised = Math.ceil(estimate.jobs * 1.1);
    const ways = [
      ...(horizonS >= 1 ? [`shorten the run (--set horizon=${horizonS}s)`] : []),
      // demand.scale multiplies what the file says (and is folded into the rates by now).
      ...(scale > 0 && scenario.workload.some((w) => w.kind === 'poisson') ? [`lower the demand (demand.scale × ${scale}, with --set)`] : []),
      ...(raised <= Number.MAX_SAFE_INTEGER ? [`raise the limit (--max-jobs ${raised}) with room in the temporary folder (TMPDIR)`] : []),
    ];
    throw new InputError(scenario.name, [
      `about ${count(estimate.jobs)} jobs, whose samples for exact quantiles need about ${gb(estimate.jobs * BYTES_PER_JOB)} of temporary disk (${BYTES_PER_JOB} bytes a job), over the limit of ${count(limit.jobs)} job${limit.jobs === 1 ? '' : 's'}${limit.why === '' ? '' : ` (${limit.why})`}: ${ways.length === 0 ? 'check the workload for a rate or a size out of proportion' : ways.join(', or ')}`,
    ]);
  }
  return estimate;
}

/**
 * Refuses a scenario whose run could not end in reasonable time or memory whatever the machine:
 * more report windows than a report holds, or more refreshes of the dispatcher's view than a run
 * may take (each an event). A sweep checks each of its runs with it before starting any.
 * @throws InputError naming the setting to change
 */
export function checkRunShape(scenario: Scenario): void {
  // The run lasts at least until its last submission: the horizon, or, without one (a trace
  // replayed whole), the latest submit time of the workload.
  const spanS = Math.min(scenario.horizonS, lastSubmitS(scenario));
  const windows = Math.ceil(spanS / scenario.report.utilizationWindowS) * Math.max(1, scenario.centres.length);
  if (windows > MAX_REPORT_CELLS) {
    throw new InputError(scenario.name, [
      `report.utilizationWindow: ${scenario.report.utilizationWindowS} s over a run of at least ${spanS} s (${Number.isFinite(scenario.horizonS) ? 'the horizon' : 'the last submission'}) makes at least ${count(windows)} centre windows, over the ${count(MAX_REPORT_CELLS)} a report may hold: raise report.utilizationWindow or shorten the horizon`,
    ]);
  }
  // The dispatcher's view is refreshed every infoPeriod while jobs are in the system: at least over the span.
  const periodS = scenario.dispatch.infoPeriodS;
  if (periodS > 0 && spanS / periodS > MAX_VIEW_REFRESHES) {
    throw new InputError(scenario.name, [
      `dispatch.infoPeriod: ${periodS} s over a run of at least ${spanS} s makes at least ${count(spanS / periodS)} refreshes of the dispatcher's view, over the ${count(MAX_VIEW_REFRESHES)} a run may take: raise dispatch.infoPeriod (0 = a live view, refreshed only when something changes)`,
    ]);
  }
  const failures = failureEvents(scenario, spanS);
  if (failures.events > MAX_FAILURE_EVENTS) {
    throw new InputError(scenario.name, [
      `${failures.path}: random failures make about ${count(failures.events)} failure and repair events over a run of at least ${spanS} s, over the ${count(MAX_FAILURE_EVENTS)} a run may take (the most here: ${failures.units} node${failures.units === 1 ? '' : 's'} failing and repaired every ${failures.cycleS} s on average): raise mtbf, or check its unit (e.g. 30d, not 30s)`,
    ]);
  }
}

/**
 * Failure and repair events of the random failure processes over `spanS` (their expected number:
 * each node or link cycles through a time up and a time down), and the busiest process's path.
 */
function failureEvents(scenario: Scenario, spanS: number): { events: number; path: string; cycleS: number; units: number } {
  let events = 0;
  let top = { events: -1, path: '', cycleS: 0, units: 0 };
  const add = (units: number, failures: { mtbf: { meanS: number }; mttr: { meanS: number } } | undefined, path: string): void => {
    if (failures === undefined) return;
    const cycleS = failures.mtbf.meanS + failures.mttr.meanS;
    const n = (2 * units * spanS) / cycleS;
    events += n;
    if (n > top.events) top = { events: n, path, cycleS, units };
  };
  for (const c of scenario.centres) for (const p of c.partitions) add(p.nodes, p.failures, `centres[${c.id}].partitions[${p.id}].failures`);
  for (const l of scenario.links) add(1, l.failures, `links[${l.id}].failures`);
  return { events, path: top.path, cycleS: top.cycleS, units: top.units };
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

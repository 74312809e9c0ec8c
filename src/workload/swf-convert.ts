import type { JobSpec } from '../model/job.js';
import { smallInteger } from './small-integer.js';
import { InputError } from '../model/input-error.js';
import { F, type SwfTrace } from './swf.js';

/**
 * How SWF lines become jobs:
 * - `cnsim`: DESIGN §4 (the default; nothing changed silently, every skip or change reported);
 * - `pyss`: pyss's `_job_input_to_job` (reference README §3.2), a compatibility mode;
 * - `rlscheduler`: RLScheduler's `Job`/`Workloads` loader (reference README §3.3), a compatibility mode.
 */
export type SwfConversion = 'cnsim' | 'pyss' | 'rlscheduler';

/** What to do with a job that asks for more processors than the machine has. */
export type OversizePolicy = 'error' | 'clamp' | 'drop';

/** A trace job ready to simulate. Times in seconds. */
export interface ReplayJob {
  /** SWF job number (field 1), as written. */
  readonly id: string;
  /** 1-based line number in the trace file. */
  readonly line: number;
  readonly submitS: number;
  /** Processors the job occupies. */
  readonly procs: number;
  /** Run time from the trace after conversion (what the job would run if never killed). */
  readonly runtimeS: number;
  /** The estimate schedulers see (walltime); the job is killed when it reaches it, except in `rlscheduler` mode. */
  readonly walltimeS: number;
}

/** One job the conversion skipped or changed. */
export interface SwfWarning {
  readonly line: number;
  readonly jobId: string;
  /** `skipped` (not simulated), `changed` (a value was derived or altered), `clamped` or `dropped` (oversize). */
  readonly action: 'skipped' | 'changed' | 'clamped' | 'dropped';
  /** The SWF field concerned (`run_time`, `allocated_procs`, ...). */
  readonly field: string;
  readonly reason: string;
}

export interface SwfConvertOptions {
  readonly conversion: SwfConversion;
  /** Machine size in processors (for `rlscheduler`, nodes × processors per node). */
  readonly machineProcs: number;
  /** Processors per node (`rlscheduler` only; 1 elsewhere). */
  readonly procsPerNode?: number;
  /** Default `error`; `pyss` always clamps (that is its behaviour). */
  readonly oversize?: OversizePolicy;
  /** pyss driver's fill-reqtime: where int(f9) ≤ 0, f9 := f4 before conversion (pyss only). */
  readonly fillReqtime?: boolean;
  /** Whether to list every `changed` job (default true); counts are always kept. */
  readonly listChanges?: boolean;
}

/** The result of converting a trace. */
export interface ConvertedSwf {
  /** Jobs in queue order. */
  readonly jobs: ReplayJob[];
  readonly warnings: SwfWarning[];
  /** Counts by action, over all warnings (also those not listed). */
  readonly counts: Readonly<Record<SwfWarning['action'], number>>;
  /** Number of job lines read. */
  readonly lines: number;
}

/**
 * The machine size a replay uses by default: header `MaxProcs`, else `MaxNodes` (DESIGN §4).
 * @throws InputError when the header has neither and no size is given
 */
export function defaultMachineProcs(trace: SwfTrace): number {
  const procs = trace.header.maxProcs ?? trace.header.maxNodes;
  if (procs === undefined) {
    throw new InputError(trace.file, ['the header has neither MaxProcs nor MaxNodes: give the machine size with --procs']);
  }
  return procs;
}

/**
 * Converts the job lines of a trace into jobs (see {@link SwfConversion}).
 * @throws InputError when a job is larger than the machine and `oversize` is `error`
 */
export function convertSwf(trace: SwfTrace, options: SwfConvertOptions): ConvertedSwf {
  switch (options.conversion) {
    case 'cnsim':
      return convertDefault(trace, options);
    case 'pyss':
      return convertPyss(trace, options);
    case 'rlscheduler':
      return convertRlscheduler(trace, options);
  }
}

class Collector {
  readonly warnings: SwfWarning[] = [];
  readonly counts = { skipped: 0, changed: 0, clamped: 0, dropped: 0 };
  readonly oversize: string[] = [];
  constructor(private readonly listChanges: boolean) {}
  add(line: number, jobId: string, action: SwfWarning['action'], field: string, reason: string): void {
    this.counts[action]++;
    if (action !== 'changed' || this.listChanges) this.warnings.push({ line, jobId, action, field, reason });
  }
}

const jobIdOf = (trace: SwfTrace, i: number): string => String(trace.fields[F.job]?.[i]);
const field = (trace: SwfTrace, f: number, i: number): number => (trace.fields[f] as Float64Array)[i] as number;

function oversize(
  c: Collector,
  options: SwfConvertOptions,
  trace: SwfTrace,
  i: number,
  procs: number,
): number | null {
  const machine = options.machineProcs;
  if (procs <= machine) return procs;
  const line = trace.lines[i] as number;
  const id = jobIdOf(trace, i);
  const policy = options.oversize ?? 'error';
  if (policy === 'clamp') {
    c.add(line, id, 'clamped', 'allocated_procs', `${procs} processors > machine ${machine}: clamped to ${machine}`);
    return machine;
  }
  if (policy === 'drop') {
    c.add(line, id, 'dropped', 'allocated_procs', `${procs} processors > machine ${machine}: dropped`);
    return null;
  }
  if (c.oversize.length < 20) c.oversize.push(`line ${line} (job ${id}): ${procs} processors > machine size ${machine}`);
  else c.oversize.push('');
  return null;
}

function finish(trace: SwfTrace, c: Collector, jobs: ReplayJob[]): ConvertedSwf {
  if (c.oversize.length > 0) {
    const shown = c.oversize.filter((s) => s !== '');
    const more = c.oversize.length - shown.length;
    throw new InputError(trace.file, [
      ...shown,
      ...(more > 0 ? [`... and ${more} more`] : []),
      'use --oversize clamp or --oversize drop (or a larger --procs) to run it anyway',
    ]);
  }
  return { jobs, warnings: c.warnings, counts: c.counts, lines: trace.count };
}

/**
 * A converted job, its whole numbers (SWF times and processor counts nearly always are) stored as
 * small integers ({@link smallInteger}): read from the trace's Float64Arrays they were boxed, 4
 * extra objects per job and per job spec copied from it (HPC2N ×4: 400 MB live, GC 60 % of the replay).
 */
function replayJob(id: string, line: number, submitS: number, procs: number, runtimeS: number, walltimeS: number): ReplayJob {
  return { id, line, submitS: smallInteger(submitS), procs: smallInteger(procs), runtimeS: smallInteger(runtimeS), walltimeS: smallInteger(walltimeS) };
}

/** DESIGN §4 / reference README §3.1. Queue order = (submit, line). */
function convertDefault(trace: SwfTrace, options: SwfConvertOptions): ConvertedSwf {
  const c = new Collector(options.listChanges ?? true);
  const jobs: ReplayJob[] = [];
  let sorted = true;
  let lastSubmit = Number.NEGATIVE_INFINITY;
  // Job ids name rows of jobs.csv and Batsim jobs: the first line of an id is the job, as a Batsim file is read.
  const seen = new Set<string>();
  for (let i = 0; i < trace.count; i++) {
    const line = trace.lines[i] as number;
    const id = jobIdOf(trace, i);
    if (seen.has(id)) {
      c.add(line, id, 'skipped', 'job_number', `duplicate job id '${id}' (the first one is kept)`);
      continue;
    }
    seen.add(id);
    const submitS = field(trace, F.submit, i);
    const runtimeS = field(trace, F.run, i);
    const alloc = field(trace, F.allocProcs, i);
    const requested = field(trace, F.reqProcs, i);
    const reqTime = field(trace, F.reqTime, i);
    if (submitS < 0) {
      c.add(line, id, 'skipped', 'submit_time', `submit time ${submitS} < 0`);
      continue;
    }
    if (runtimeS <= 0) {
      c.add(line, id, 'skipped', 'run_time', `run time ${runtimeS} ≤ 0`);
      continue;
    }
    let procs = alloc;
    if (!(alloc > 0)) {
      if (!(requested > 0)) {
        c.add(line, id, 'skipped', 'allocated_procs', `allocated processors ${alloc} and requested processors ${requested} ≤ 0`);
        continue;
      }
      procs = requested;
      c.add(line, id, 'changed', 'allocated_procs', `allocated processors ${alloc} ≤ 0: used requested processors ${requested}`);
    }
    if (!Number.isInteger(procs)) {
      c.add(line, id, 'skipped', 'allocated_procs', `processor count ${procs} is not an integer`);
      continue;
    }
    let walltimeS = reqTime;
    if (!(reqTime > 0)) {
      walltimeS = runtimeS;
      c.add(line, id, 'changed', 'requested_time', `requested time ${reqTime} ≤ 0: walltime := run time ${runtimeS}`);
    }
    const fitted = oversize(c, options, trace, i, procs);
    if (fitted === null) continue;
    if (submitS < lastSubmit) sorted = false;
    lastSubmit = submitS;
    jobs.push(replayJob(id, line, submitS, fitted, runtimeS, walltimeS));
  }
  // Queue order is (submit, line); a stable sort keeps line order among equal submits.
  if (!sorted) jobs.sort((a, b) => a.submitS - b.submitS || a.line - b.line);
  return finish(trace, c, jobs);
}

/** pyss `_job_input_to_job` (reference README §3.2). File order. */
function convertPyss(trace: SwfTrace, options: SwfConvertOptions): ConvertedSwf {
  const c = new Collector(options.listChanges ?? true);
  const jobs: ReplayJob[] = [];
  const nprocs = options.machineProcs;
  for (let i = 0; i < trace.count; i++) {
    const line = trace.lines[i] as number;
    const id = jobIdOf(trace, i);
    let submitS = field(trace, F.submit, i);
    const f4 = field(trace, F.run, i);
    const f5 = field(trace, F.allocProcs, i);
    let f9 = field(trace, F.reqTime, i);
    if (options.fillReqtime === true && Math.trunc(f9) <= 0) f9 = f4;
    if (f4 <= 0 || f5 <= 0 || submitS < 0) {
      const procs = Math.max(1, f5);
      c.add(line, id, 'changed', f4 <= 0 ? 'run_time' : f5 <= 0 ? 'allocated_procs' : 'submit_time',
        `pyss: run time ${f4}, processors ${f5} or submit ${submitS} invalid: kept as a 1-second job`);
      submitS = Math.max(submitS, 1);
      jobs.push(replayJob(id, line, submitS, Math.min(procs, nprocs), 1, 1));
      continue;
    }
    const estimate = Math.trunc(Math.max(f9, f4, 1));
    const run = Math.trunc(Math.max(Math.min(f9, f4), 1));
    if (run !== f4) c.add(line, id, 'changed', 'run_time', `pyss: run time ${f4} becomes ${run} (min(requested time ${f9}, run time), ≥ 1)`);
    let procs = Math.max(Math.min(f5, nprocs), 1);
    if (f5 > nprocs) c.add(line, id, 'clamped', 'allocated_procs', `pyss: ${f5} processors clamped to ${nprocs}`);
    procs = Math.trunc(procs);
    jobs.push(replayJob(id, line, submitS, procs, run, estimate));
  }
  return finish(trace, c, jobs);
}

/** RLScheduler `Job`/`Workloads` (reference README §3.3). Sorted by job number (stable). */
function convertRlscheduler(trace: SwfTrace, options: SwfConvertOptions): ConvertedSwf {
  const c = new Collector(options.listChanges ?? true);
  const jobs: (ReplayJob & { readonly num: number })[] = [];
  for (let i = 0; i < trace.count; i++) {
    const line = trace.lines[i] as number;
    const id = jobIdOf(trace, i);
    const submitS = field(trace, F.submit, i);
    const f4 = field(trace, F.run, i);
    const procs = Math.max(field(trace, F.allocProcs, i), field(trace, F.reqProcs, i));
    let estimate = field(trace, F.reqTime, i);
    if (estimate === -1) {
      estimate = f4;
      c.add(line, id, 'changed', 'requested_time', `rlscheduler: requested time -1: estimate := run time ${f4}`);
    }
    let run = f4;
    if (run < 0) {
      run = 10;
      c.add(line, id, 'changed', 'run_time', `rlscheduler: run time ${f4} < 0 becomes 10`);
    }
    if (run === 0) {
      c.add(line, id, 'skipped', 'run_time', 'rlscheduler: run time 0: job dropped');
      continue;
    }
    if (procs <= 0) {
      c.add(line, id, 'skipped', 'allocated_procs', `rlscheduler: processors ${procs} ≤ 0 (RLScheduler would allocate no node)`);
      continue;
    }
    const fitted = oversize(c, options, trace, i, procs);
    if (fitted === null) continue;
    jobs.push({ ...replayJob(id, line, submitS, fitted, run, estimate), num: field(trace, F.job, i) });
  }
  let sorted = true;
  for (let i = 1; i < jobs.length; i++) if ((jobs[i] as { num: number }).num < (jobs[i - 1] as { num: number }).num) sorted = false;
  if (!sorted) jobs.sort((a, b) => a.num - b.num || a.line - b.line);
  return finish(
    trace,
    c,
    jobs.map(({ num: _n, ...job }) => job),
  );
}

/**
 * The job spec of a converted trace job: `cores` = its processors, no GPUs and no data to move.
 * @param submitS submit time to use (the trace's own, possibly shifted)
 */
export function traceJobSpec(job: ReplayJob, at: { origin: string; dataSite: string; jobClass: string; submitS: number }): JobSpec {
  return {
    id: job.id,
    submitS: at.submitS,
    origin: at.origin,
    jobClass: at.jobClass,
    cores: job.procs,
    gpus: 0,
    runtimeS: job.runtimeS,
    walltimeS: job.walltimeS,
    inputBytes: 0,
    outputBytes: 0,
    dataSite: at.dataSite,
  };
}

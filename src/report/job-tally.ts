import { doubleArray } from '../engine/arrays.js';
import { type Job, JobStatus } from '../model/job.js';
import type { RunResult } from '../sim/simulation.js';
import { boundedSlowdown, hasEnded, hasStarted, statusLabel } from './job-metrics.js';
import { WindowSeries } from './window-series.js';

/**
 * What the reports sum over the jobs of a run, in one pass: status counts, the wait, response,
 * bounded-slowdown and stage-in samples, and per centre the jobs, busy node/core/GPU seconds
 * and their per-window series.
 *
 * A class with a per-job {@link add} rather than one loop inside `buildReports`: a function
 * called once per run with a hot loop is compiled on stack replacement, and a large one is
 * compiled again in every run of a sweep (a tenth of a second each time); a small method called
 * per job is compiled once per worker.
 */
export class JobTally {
  readonly counts = { done: 0, killed: 0, rejected: 0, unfinished: 0 };
  readonly waits: number[] = doubleArray();
  readonly responses: number[] = doubleArray();
  readonly bslds: number[] = doubleArray();
  readonly stageIns: number[] = doubleArray();
  movedBytes = 0;
  deadlineJobs = 0;
  deadlineMet = 0;
  shiftedJobs = 0;
  wokenNodes = 0;
  readonly centreJobs: Float64Array;
  readonly centreKilled: Float64Array;
  readonly centreCoreSeconds: Float64Array;
  readonly centreGpuSeconds: Float64Array;
  readonly centreNodeSeconds: Float64Array;
  readonly centreWaits: number[][];
  readonly centreBsld: number[][];
  readonly nodeSeries: WindowSeries[];
  readonly coreSeries: WindowSeries[];
  readonly gpuSeries: WindowSeries[];
  /** Per centre and window: +1 where a running (queued) period starts, −1 where it ends. */
  readonly runningAt: Float64Array[];
  readonly queuedAt: Float64Array[];

  constructor(
    private readonly result: RunResult,
    private readonly windowS: number,
    private readonly windowCount: number,
  ) {
    const centreCount = result.scenario.centres.length;
    this.centreJobs = new Float64Array(centreCount);
    this.centreKilled = new Float64Array(centreCount);
    this.centreCoreSeconds = new Float64Array(centreCount);
    this.centreGpuSeconds = new Float64Array(centreCount);
    this.centreNodeSeconds = new Float64Array(centreCount);
    this.centreWaits = Array.from({ length: centreCount }, doubleArray);
    this.centreBsld = Array.from({ length: centreCount }, doubleArray);
    const windowed = (): WindowSeries[] => Array.from({ length: centreCount }, () => new WindowSeries(windowS, windowCount + 1));
    this.nodeSeries = windowed();
    this.coreSeries = windowed();
    this.gpuSeries = windowed();
    this.runningAt = Array.from({ length: centreCount }, () => new Float64Array(windowCount + 1));
    this.queuedAt = Array.from({ length: centreCount }, () => new Float64Array(windowCount + 1));
  }

  /** Tallies every job of the run. */
  addAll(): this {
    const jobs = this.result.jobs;
    for (let i = 0; i < jobs.length; i++) this.add(jobs[i] as Job);
    return this;
  }

  add(job: Job): void {
    const spec = job.spec;
    const endOfRunS = this.result.endS;
    this.counts[statusLabel(job)]++;
    const started = hasStarted(job);
    const ended = hasEnded(job);
    const responseS = job.doneS - spec.submitS;
    if (started) {
      const waitS = job.startS - spec.submitS;
      this.waits.push(waitS);
      this.centreWaits[job.centre]?.push(waitS);
    }
    if (Number.isFinite(responseS)) this.responses.push(responseS);
    if (ended) {
      const bsld = boundedSlowdown(spec.submitS, job.endS, job.runS);
      this.bslds.push(bsld);
      this.centreBsld[job.centre]?.push(bsld);
    }
    if (Number.isFinite(job.queuedS)) {
      this.stageIns.push(job.stageInS);
      this.movedBytes += job.stageInBytes;
    }
    if (job.status === JobStatus.Done) this.movedBytes += job.stageOutBytes;
    if (started && job.partition >= 0) {
      const c = job.centre;
      // Running jobs cut off by --until count up to the end of the run.
      const endS = ended ? job.endS : endOfRunS;
      const busyS = endS - job.startS;
      this.centreJobs[c] = (this.centreJobs[c] as number) + 1;
      if (job.killed) this.centreKilled[c] = (this.centreKilled[c] as number) + 1;
      this.centreNodeSeconds[c] = (this.centreNodeSeconds[c] as number) + job.nodes * busyS;
      this.centreCoreSeconds[c] = (this.centreCoreSeconds[c] as number) + spec.cores * busyS;
      this.centreGpuSeconds[c] = (this.centreGpuSeconds[c] as number) + spec.gpus * busyS;
      (this.nodeSeries[c] as WindowSeries).add(job.nodes, job.startS, endS);
      (this.coreSeries[c] as WindowSeries).add(spec.cores, job.startS, endS);
      if (spec.gpus > 0) (this.gpuSeries[c] as WindowSeries).add(spec.gpus, job.startS, endS);
      this.countWindowStarts(this.runningAt[c] as Float64Array, job.startS, endS);
    }
    if (job.centre >= 0 && Number.isFinite(job.queuedS)) {
      this.countWindowStarts(this.queuedAt[job.centre] as Float64Array, job.queuedS, started ? job.startS : endOfRunS);
    }
    if (job.shiftS > 0) this.shiftedJobs++;
    this.wokenNodes += job.wokenNodes;
    const deadlineS = spec.deadlineS ?? Number.POSITIVE_INFINITY;
    if (Number.isFinite(deadlineS)) {
      this.deadlineJobs++;
      if (Number.isFinite(responseS) && responseS <= deadlineS) this.deadlineMet++;
    }
  }

  /** Marks +1 for every window whose start lies in [fromS, toS) (through a difference array). */
  private countWindowStarts(diff: Float64Array, fromS: number, toS: number): void {
    const first = Math.ceil(fromS / this.windowS);
    const last = Math.min(Math.ceil(toS / this.windowS), this.windowCount);
    if (last <= first) return;
    diff[first] = (diff[first] as number) + 1;
    diff[last] = (diff[last] as number) - 1;
  }
}

/**
 * The period of a run: first submission to the last job end (the end of the run when no job
 * ended), and whether jobs were still running at the end (cut off by `--until`).
 */
export function runPeriod(result: RunResult): { firstSubmitS: number; lastEndS: number; cutOff: boolean } {
  let firstSubmitS = Number.POSITIVE_INFINITY;
  let lastEndS = Number.NEGATIVE_INFINITY;
  let cutOff = false;
  for (const job of result.jobs) {
    if (job.spec.submitS < firstSubmitS) firstSubmitS = job.spec.submitS;
    if (hasEnded(job)) {
      if (job.endS > lastEndS) lastEndS = job.endS;
    } else if (hasStarted(job)) {
      cutOff = true;
    }
  }
  if (!Number.isFinite(firstSubmitS)) firstSubmitS = 0;
  if (!Number.isFinite(lastEndS)) lastEndS = Math.max(firstSubmitS, result.endS);
  return { firstSubmitS, lastEndS, cutOff };
}

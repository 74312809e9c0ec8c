import { type Job, JobStatus } from '../model/job.js';
import { boundedSlowdown, hasEnded, hasStarted, statusLabel } from './job-metrics.js';
import { CentreSamples, SAMPLES_IN_MEMORY, Samples } from './samples.js';
import { WindowCounts, WindowSeries } from './window-series.js';

/**
 * What the reports sum over the jobs of a run, one job at a time as it leaves the system:
 * status counts, the wait, response, bounded-slowdown and stage-in samples (kept for exact
 * quantiles and order-free means: 36 bytes a job, see samples.ts), the run's period, and per centre the jobs, busy node/core/GPU
 * seconds and their per-window series (which grow as the run goes on).
 *
 * A class with a per-job {@link add} rather than one loop inside `buildReports`: a function
 * called once per run with a hot loop is compiled on stack replacement, and a large one is
 * compiled again in every run of a sweep (a tenth of a second each time); a small method called
 * per job is compiled once per worker.
 */
export class JobTally {
  readonly counts = { done: 0, killed: 0, failed: 0, rejected: 0, unfinished: 0 };
  /** Jobs that started more than once (a failure killed them), and the node-seconds failures threw away. */
  retriedJobs = 0;
  lostNodeSeconds = 0;
  /** Node-seconds spent writing checkpoints. */
  checkpointNodeSeconds = 0;
  jobs = 0;
  /** Per job that started: its wait, with its centre. */
  readonly waits: CentreSamples;
  readonly responses: Samples;
  /** Per job that ended: its bounded slowdown, with its centre. */
  readonly bslds: CentreSamples;
  readonly stageIns: Samples;
  movedBytes = 0;
  deadlineJobs = 0;
  deadlineMet = 0;
  shiftedJobs = 0;
  wokenNodes = 0;
  /** First submission of the run (Infinity before any job). */
  firstSubmitS = Number.POSITIVE_INFINITY;
  /** Last end of a job (−Infinity before any ended). */
  lastEndS = Number.NEGATIVE_INFINITY;
  /** Whether a job was still running when the run stopped (cut off by `--until`). */
  cutOff = false;
  readonly centreJobs: Float64Array;
  readonly centreKilled: Float64Array;
  readonly centreCoreSeconds: Float64Array;
  readonly centreGpuSeconds: Float64Array;
  readonly centreNodeSeconds: Float64Array;
  readonly nodeSeries: WindowSeries[];
  readonly coreSeries: WindowSeries[];
  readonly gpuSeries: WindowSeries[];
  /** Per centre: windows whose start a running (queued) period covers. */
  readonly runningAt: WindowCounts[];
  readonly queuedAt: WindowCounts[];
  /** End of the run, for jobs cut off while running or queued (set by {@link stop}). */
  private endOfRunS = Number.NaN;

  /**
   * @param maxWindows the most windows a series may reach; past it `tooLong` throws (a run
   *   lasting ages would otherwise take all the memory)
   * @param samplesInMemory values each sample keeps in memory before it spills to a temporary
   *   file (changes memory and disk use, never a result)
   */
  constructor(
    centreCount: number,
    private readonly windowS: number,
    maxWindows: number,
    tooLong: (atS: number) => never,
    readonly samplesInMemory = SAMPLES_IN_MEMORY,
  ) {
    this.waits = new CentreSamples(samplesInMemory);
    this.responses = new Samples(samplesInMemory);
    this.bslds = new CentreSamples(samplesInMemory);
    this.stageIns = new Samples(samplesInMemory);
    this.centreJobs = new Float64Array(centreCount);
    this.centreKilled = new Float64Array(centreCount);
    this.centreCoreSeconds = new Float64Array(centreCount);
    this.centreGpuSeconds = new Float64Array(centreCount);
    this.centreNodeSeconds = new Float64Array(centreCount);
    const windowed = (): WindowSeries[] => Array.from({ length: centreCount }, () => new WindowSeries(windowS, 64, maxWindows, tooLong));
    this.nodeSeries = windowed();
    this.coreSeries = windowed();
    this.gpuSeries = windowed();
    const counted = (): WindowCounts[] => Array.from({ length: centreCount }, () => new WindowCounts(maxWindows, tooLong, windowS));
    this.runningAt = counted();
    this.queuedAt = counted();
  }

  /** Frees the samples and removes their temporary files (after the quantiles, or when a run fails). */
  closeSamples(): void {
    this.waits.close();
    this.responses.close();
    this.bslds.close();
    this.stageIns.close();
  }

  /** The run stopped at `endS`: the jobs added from now on are still in the system. */
  stop(endS: number): void {
    this.endOfRunS = endS;
  }

  add(job: Job): void {
    const spec = job.spec;
    this.jobs++;
    if (spec.submitS < this.firstSubmitS) this.firstSubmitS = spec.submitS;
    this.counts[statusLabel(job)]++;
    const started = hasStarted(job);
    const ended = hasEnded(job);
    if (ended) {
      if (job.endS > this.lastEndS) this.lastEndS = job.endS;
    } else if (started) {
      this.cutOff = true;
    }
    const endOfRunS = this.endOfRunS;
    const responseS = job.doneS - spec.submitS;
    if (started) {
      const waitS = job.startS - spec.submitS;
      this.waits.push(waitS, job.centre);
    }
    if (Number.isFinite(responseS)) this.responses.push(responseS);
    if (ended) {
      const bsld = boundedSlowdown(spec.submitS, job.endS, job.runS);
      this.bslds.push(bsld, job.centre);
    }
    if (Number.isFinite(job.queuedS)) {
      this.stageIns.push(job.stageInS);
      this.movedBytes += job.stageInBytes;
    }
    if (job.status === JobStatus.Done) this.movedBytes += job.stageOutBytes;
    this.movedBytes += job.earlierStageInBytes;
    if (started && job.partition >= 0) {
      const c = job.centre;
      // Running jobs cut off by --until count up to the end of the run.
      const endS = ended ? job.endS : endOfRunS;
      this.centreJobs[c] = (this.centreJobs[c] as number) + 1;
      if (job.killed) this.centreKilled[c] = (this.centreKilled[c] as number) + 1;
      this.addBusy(c, job.nodes, spec.cores, spec.gpus, job.startS, endS);
    }
    const lost = job.lostAttempts;
    if (lost !== null) {
      // Runs cut short by failures held their nodes: busy, though the work was thrown away.
      for (const a of lost) this.addBusy(a.centre, a.nodes, spec.cores, spec.gpus, a.startS, a.endS);
      this.lostNodeSeconds += job.lostNodeS;
    }
    if (job.attempts > 1) this.retriedJobs++;
    this.checkpointNodeSeconds += job.checkpointNodeS;
    if (job.centre >= 0 && Number.isFinite(job.queuedS)) {
      this.countWindowStarts(this.queuedAt[job.centre] as WindowCounts, job.queuedS, started ? job.startS : endOfRunS);
    }
    if (job.shiftS > 0) this.shiftedJobs++;
    this.wokenNodes += job.wokenNodes;
    const deadlineS = spec.deadlineS ?? Number.POSITIVE_INFINITY;
    if (Number.isFinite(deadlineS)) {
      this.deadlineJobs++;
      if (Number.isFinite(responseS) && responseS <= deadlineS) this.deadlineMet++;
    }
  }

  /** Nodes, cores and GPUs held at centre `c` over [startS, endS): busy seconds and their windows. */
  private addBusy(c: number, nodes: number, cores: number, gpus: number, startS: number, endS: number): void {
    const busyS = endS - startS;
    this.centreNodeSeconds[c] = (this.centreNodeSeconds[c] as number) + nodes * busyS;
    this.centreCoreSeconds[c] = (this.centreCoreSeconds[c] as number) + cores * busyS;
    this.centreGpuSeconds[c] = (this.centreGpuSeconds[c] as number) + gpus * busyS;
    (this.nodeSeries[c] as WindowSeries).add(nodes, startS, endS);
    (this.coreSeries[c] as WindowSeries).add(cores, startS, endS);
    if (gpus > 0) (this.gpuSeries[c] as WindowSeries).add(gpus, startS, endS);
    this.countWindowStarts(this.runningAt[c] as WindowCounts, startS, endS);
  }

  /**
   * The period of the run: first submission to the last job end (the end of the run when no job
   * ended), and whether jobs were still running at the end.
   */
  period(runEndS: number): { firstSubmitS: number; lastEndS: number; cutOff: boolean } {
    const firstSubmitS = Number.isFinite(this.firstSubmitS) ? this.firstSubmitS : 0;
    const lastEndS = Number.isFinite(this.lastEndS) ? this.lastEndS : Math.max(firstSubmitS, runEndS);
    return { firstSubmitS, lastEndS, cutOff: this.cutOff };
  }

  /** Marks +1 for every window whose start lies in [fromS, toS). */
  private countWindowStarts(counts: WindowCounts, fromS: number, toS: number): void {
    counts.mark(Math.ceil(fromS / this.windowS), Math.ceil(toS / this.windowS));
  }
}

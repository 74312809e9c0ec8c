import { type Job, JobStatus } from '../model/job.js';
import type { RunResult } from '../sim/simulation.js';
import { JOBS_COLUMNS } from './columns.js';
import type { EnergyAccount } from './energy-accounting.js';
import { formatNumber as n } from './format.js';
import { boundedSlowdown, hasEnded, hasStarted, statusLabel } from './job-metrics.js';
import type { Table } from './table.js';

/**
 * jobs.csv: one row per job, built when the table is written (see {@link Table}). A class
 * rather than a closure made per run, so that the writer's call to `row` stays one call target
 * across the runs of a sweep worker instead of being recompiled for each run.
 */
export class JobsTable implements Table {
  readonly file = JOBS_COLUMNS.file;
  readonly header: readonly string[] = JOBS_COLUMNS.columns.map((col) => col.name);
  readonly size: number;
  private all: readonly (readonly string[])[] | undefined;

  constructor(
    private readonly result: RunResult,
    private readonly energy: EnergyAccount | null,
  ) {
    this.size = result.jobs.length;
  }

  get rows(): readonly (readonly string[])[] {
    this.all ??= Array.from({ length: this.size }, (_, i) => this.row(i));
    return this.all;
  }

  row(i: number): readonly string[] {
    const { scenario, partitions } = this.result;
    const energy = this.energy;
    const job = this.result.jobs[i] as Job;
    const spec = job.spec;
    const started = hasStarted(job);
    const ended = hasEnded(job);
    const centre = job.centre >= 0 ? scenario.centres[job.centre] : undefined;
    const partition = job.partition >= 0 ? partitions[job.partition] : undefined;
    const waitS = started ? job.startS - spec.submitS : Number.NaN;
    const responseS = job.doneS - spec.submitS;
    const bsld = ended ? boundedSlowdown(spec.submitS, job.endS, job.runS) : Number.NaN;
    const deadlineS = spec.deadlineS ?? Number.POSITIVE_INFINITY;
    const hasDeadline = Number.isFinite(deadlineS);
    const met = hasDeadline && Number.isFinite(responseS) && responseS <= deadlineS;
    return [
      spec.id,
      spec.origin,
      centre?.id ?? '',
      partition?.spec.id ?? '',
      spec.jobClass,
      n(spec.cores),
      n(spec.gpus),
      job.nodes > 0 ? n(job.nodes) : '',
      n(spec.submitS),
      n(job.dispatchedS),
      n(job.queuedS),
      n(job.startS),
      n(job.endS),
      n(job.doneS),
      n(waitS),
      n(job.startS - job.queuedS),
      n(responseS),
      n(bsld),
      ended ? n(job.runS) : '',
      n(spec.runtimeS),
      n(spec.walltimeS),
      Number.isFinite(job.queuedS) ? n(job.stageInS) : '',
      job.status === JobStatus.Done ? n(job.stageOutS) : '',
      n(spec.inputBytes),
      n(spec.outputBytes),
      statusLabel(job),
      job.rejectReason,
      spec.dataset ?? '',
      job.dataSource,
      Number.isFinite(job.queuedS) ? n(job.stageInBytes) : '',
      job.status === JobStatus.Done ? n(job.stageOutBytes) : '',
      Number.isFinite(job.speed) ? n(job.speed) : '',
      ended ? n((spec.gpus * job.runS) / 3600) : '',
      hasDeadline ? n(deadlineS) : '',
      hasDeadline ? String(met) : '',
      started ? n(job.wakeS) : '',
      n(job.shiftS),
      energy === null ? '' : n(energy.jobItKWh[i] as number),
      energy === null ? '' : n(energy.jobOverheadKWh[i] as number),
      energy === null ? '' : n(energy.jobCostCny[i] as number),
      energy === null ? '' : n(energy.jobCo2Kg[i] as number),
    ];
  }
}

import { type Job, JobStatus } from '../model/job.js';
import type { RunResult } from '../sim/simulation.js';
import { type CellSink, StringCells } from './cell-sink.js';
import { JOBS_COLUMNS } from './columns.js';
import type { EnergyAccount } from './energy-accounting.js';
import { boundedSlowdown, hasEnded, hasStarted, statusLabel } from './job-metrics.js';
import type { Table } from './table.js';

/**
 * jobs.csv: one row per job, put cell by cell into the CSV writer when the table is written
 * (see {@link Table}; {@link row} gives the same cells as strings). A class
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
    const cells = new StringCells();
    this.writeRow(i, cells);
    return cells.cells;
  }

  writeRow(i: number, out: CellSink): void {
    const { scenario, partitions } = this.result;
    const energy = this.energy;
    const job = this.result.jobs[i] as Job;
    const spec = job.spec;
    const started = hasStarted(job);
    const ended = hasEnded(job);
    const queued = Number.isFinite(job.queuedS);
    const done = job.status === JobStatus.Done;
    const responseS = job.doneS - spec.submitS;
    const deadlineS = spec.deadlineS ?? Number.POSITIVE_INFINITY;
    const hasDeadline = Number.isFinite(deadlineS);
    out.text(spec.id);
    out.text(spec.origin);
    out.text(job.centre >= 0 ? (scenario.centres[job.centre]?.id ?? '') : '');
    out.text(job.partition >= 0 ? (partitions[job.partition]?.spec.id ?? '') : '');
    out.text(spec.jobClass);
    out.number(spec.cores);
    out.number(spec.gpus);
    if (job.nodes > 0) out.number(job.nodes);
    else out.blank();
    out.number(spec.submitS);
    out.number(job.dispatchedS);
    out.number(job.queuedS);
    out.number(job.startS);
    out.number(job.endS);
    out.number(job.doneS);
    out.number(started ? job.startS - spec.submitS : Number.NaN);
    out.number(job.startS - job.queuedS);
    out.number(responseS);
    out.number(ended ? boundedSlowdown(spec.submitS, job.endS, job.runS) : Number.NaN);
    if (ended) out.number(job.runS);
    else out.blank();
    out.number(spec.runtimeS);
    out.number(spec.walltimeS);
    if (queued) out.number(job.stageInS);
    else out.blank();
    if (done) out.number(job.stageOutS);
    else out.blank();
    out.number(spec.inputBytes);
    out.number(spec.outputBytes);
    out.text(statusLabel(job));
    out.text(job.rejectReason);
    out.text(spec.dataset ?? '');
    out.text(job.dataSource);
    if (queued) out.number(job.stageInBytes);
    else out.blank();
    if (done) out.number(job.stageOutBytes);
    else out.blank();
    if (Number.isFinite(job.speed)) out.number(job.speed);
    else out.blank();
    if (ended) out.number((spec.gpus * job.runS) / 3600);
    else out.blank();
    if (hasDeadline) {
      out.number(deadlineS);
      out.text(String(Number.isFinite(responseS) && responseS <= deadlineS));
    } else {
      out.blank();
      out.blank();
    }
    if (started) out.number(job.wakeS);
    else out.blank();
    out.number(job.shiftS);
    if (energy === null) {
      out.blank();
      out.blank();
      out.blank();
      out.blank();
    } else {
      out.number(energy.jobItKWh[i] as number);
      out.number(energy.jobOverheadKWh[i] as number);
      out.number(energy.jobCostCny[i] as number);
      out.number(energy.jobCo2Kg[i] as number);
    }
  }
}

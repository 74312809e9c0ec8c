import { type Job, type JobSpec, JobStatus } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { type CellSink, StringCells } from './cell-sink.js';
import { JOBS_COLUMNS } from './columns.js';
import { boundedSlowdown, hasEnded, hasStarted, statusLabel } from './job-metrics.js';
import type { Table } from './table.js';

/** A job's energy figures for its row (NaN for a job that never held nodes). */
export interface JobEnergyFigures {
  readonly itKWh: number;
  readonly overheadKWh: number;
  readonly costCny: number;
  readonly co2Kg: number;
}

/**
 * jobs.csv of a run that kept its jobs (see `RunResult.retired`): one row per job, in the order
 * they left the system, put cell by cell into the CSV writer when the table is written (see
 * {@link Table}; {@link row} gives the same cells as strings). A streamed run writes the same
 * rows with {@link writeJobRow} as its jobs leave. A class rather than a closure made per run, so
 * that the writer's call to `row` stays one call target across the runs of a sweep worker.
 */
export class JobsTable implements Table {
  readonly file = JOBS_COLUMNS.file;
  readonly header: readonly string[] = JOBS_COLUMNS.columns.map((col) => col.name);
  readonly size: number;
  private all: readonly (readonly string[])[] | undefined;
  private readonly figures = { itKWh: Number.NaN, overheadKWh: Number.NaN, costCny: Number.NaN, co2Kg: Number.NaN };
  private readonly names: JobRowNames;

  /**
   * @param jobs the jobs in row order
   * @param energy per row: IT kWh, overhead kWh, CNY, kg CO2 (4 values a row), or null without accounting
   */
  constructor(
    scenario: Scenario,
    private readonly jobs: readonly Job[],
    private readonly energy: Float64Array | null,
  ) {
    this.size = jobs.length;
    this.names = jobRowNames(scenario);
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
    const energy = this.energy;
    if (energy !== null) {
      this.figures.itKWh = energy[4 * i] as number;
      this.figures.overheadKWh = energy[4 * i + 1] as number;
      this.figures.costCny = energy[4 * i + 2] as number;
      this.figures.co2Kg = energy[4 * i + 3] as number;
    }
    writeJobRow(this.names, this.jobs[i] as Job, energy === null ? null : this.figures, out);
  }
}

/** What a jobs.csv row names by index: the run's centres and partitions (scenario order). */
export interface JobRowNames {
  readonly centreIds: readonly string[];
  readonly partitionIds: readonly string[];
}

/**
 * The names of a scenario's centres and partitions, as {@link writeJobRow} reads them: a run
 * numbers its partitions centre by centre, in scenario order.
 */
export function jobRowNames(scenario: Scenario): JobRowNames {
  return { centreIds: scenario.centres.map((c) => c.id), partitionIds: scenario.centres.flatMap((c) => c.partitions.map((p) => p.id)) };
}

/**
 * What {@link writeJobRow} reads of a job: a {@link Job}, or the plain copy of one that the
 * jobs file's writer thread rebuilds from a record (threaded-job-rows.ts).
 */
export interface JobRowSource {
  readonly spec: Pick<JobSpec, 'id' | 'origin' | 'jobClass' | 'cores' | 'gpus' | 'submitS' | 'runtimeS' | 'walltimeS' | 'inputBytes' | 'outputBytes' | 'dataset' | 'deadlineS'>;
  readonly status: JobStatus;
  readonly killed: boolean;
  readonly centre: number;
  readonly partition: number;
  readonly nodes: number;
  readonly dispatchedS: number;
  readonly queuedS: number;
  readonly startS: number;
  readonly endS: number;
  readonly doneS: number;
  readonly runS: number;
  readonly stageInS: number;
  readonly stageOutS: number;
  readonly rejectReason: string;
  readonly dataSource: string;
  readonly stageInBytes: number;
  readonly stageOutBytes: number;
  readonly speed: number;
  readonly wakeS: number;
  readonly shiftS: number;
  readonly attempts: number;
  readonly lostNodeS: number;
  readonly checkpointNodeS: number;
}

/** The cells of a job's jobs.csv row (columns.ts, JOBS_COLUMNS), in order. */
export function writeJobRow(names: JobRowNames, job: JobRowSource, energy: JobEnergyFigures | null, out: CellSink): void {
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
  out.text(job.centre >= 0 ? (names.centreIds[job.centre] ?? '') : '');
  out.text(job.partition >= 0 ? (names.partitionIds[job.partition] ?? '') : '');
  out.text(spec.jobClass);
  out.number(spec.cores);
  out.number(spec.gpus);
  if (job.nodes > 0) out.number(job.nodes);
  else out.blank();
  out.number(spec.submitS);
  out.number(job.dispatchedS);
  out.number(job.queuedS);
  // A job still waking its nodes when a run was cut short is queued with a planned start, not a
  // start (JobsInSystem.retireAll); a queued job's start is otherwise empty already. A failed job
  // shows its last run's start.
  const startS = job.status === JobStatus.Queued ? Number.NaN : job.startS;
  out.number(startS);
  out.number(job.endS);
  out.number(job.doneS);
  out.number(started ? job.startS - spec.submitS : Number.NaN);
  out.number(startS - job.queuedS);
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
    out.number(energy.itKWh);
    out.number(energy.overheadKWh);
    out.number(energy.costCny);
    out.number(energy.co2Kg);
  }
  out.number(job.attempts);
  out.number(job.lostNodeS);
  out.number(job.checkpointNodeS);
}

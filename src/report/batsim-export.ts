import type { Job } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { CsvFileRows } from './csv.js';
import { formatIntervalSet } from './interval-set.js';
import { statusLabel } from './job-metrics.js';
import { type ExportContext, type PartitionLayout, partitionLayout, type ScheduleExport } from './schedule-export.js';

/**
 * The columns of Batsim's `_jobs.csv`, in Batsim's order and with its formulas (Batsim docs,
 * "Jobs" output), as cnsim fills them: [name, unit, meaning].
 */
export const BATSIM_COLUMN_DOCS: readonly (readonly [string, string, string])[] = [
  ['job_id', '-', 'jobs.csv job_id'],
  ['workload_name', '-', 'origin site of the job (where it was submitted)'],
  ['profile', '-', 'job class'],
  ['submission_time', 's', "when the job joined this centre's queue (jobs.csv queued_s: its input had arrived); a replay: the trace's submit time"],
  ['requested_number_of_resources', 'nodes', 'nodes the job held (jobs.csv nodes)'],
  ['requested_time', 's', 'walltime at this partition: walltime_s / speed (the job is killed when it reaches it)'],
  ['success', '-', '1 when the job ended by itself (`done`), 0 when killed at its walltime or by failures'],
  ['final_state', '-', '`COMPLETED_SUCCESSFULLY` (done), `COMPLETED_WALLTIME_REACHED` (killed at its walltime), `COMPLETED_KILLED` (failed: killed by failures on its last allowed run)'],
  ['starting_time', 's', 'start of its last run (jobs.csv start_s)'],
  ['execution_time', 's', 'finish_time − starting_time'],
  ['finish_time', 's', 'end of its last run (jobs.csv end_s)'],
  ['waiting_time', 's', 'starting_time − submission_time (jobs.csv queue_wait_s)'],
  ['turnaround_time', 's', 'finish_time − submission_time'],
  ['stretch', '-', 'turnaround_time / execution_time (empty when execution_time is 0)'],
  ['consumed_energy', 'J', 'IT energy of the job: jobs.csv it_kwh × 3.6e6 (empty without energy accounting, and in replays)'],
  ['allocated_resources', '-', "the centre's node ids the job held in its last run, as a canonical Batsim interval set (`0-3 8 10-11`): a centre's nodes are numbered from 0, partition after partition in scenario order; a job takes the lowest-numbered free nodes of its partition"],
  ['metadata', '-', 'partition id'],
];

/** The column names of Batsim's `_jobs.csv`. */
export const BATSIM_JOB_COLUMNS: readonly string[] = BATSIM_COLUMN_DOCS.map((c) => c[0]);

/** Joules in a kWh. */
const J_PER_KWH = 3.6e6;

/**
 * `batsim/<centre>_jobs.csv`: each centre's schedule as Batsim writes its jobs table, so evalys
 * (`JobSet.from_csv`) draws its Gantt chart and computes its metrics from a cnsim run. The view
 * is the centre's: a job is submitted when its input arrived and it joined the centre's queue
 * (`queued_s`), so waiting_time is its wait in that queue. Resources are the centre's nodes,
 * numbered from 0 partition after partition in scenario order (see results/README.md). Jobs that
 * never ran here (rejected, or still waiting or running when the run was cut short) have no row;
 * a job killed by failures and run again has the row of its last run.
 */
export class BatsimExport implements ScheduleExport {
  private readonly out: (CsvFileRows | null)[];
  private readonly layout: PartitionLayout;
  private readonly scenario: Scenario;
  private readonly pathOf: (name: string) => string;
  files: readonly string[] = [];

  constructor(context: ExportContext) {
    this.scenario = context.scenario;
    this.pathOf = context.pathOf;
    this.layout = partitionLayout(context.scenario);
    this.out = context.scenario.centres.map(() => null);
  }

  add(job: Job, itKWh: number): void {
    const status = statusLabel(job);
    if (status !== 'done' && status !== 'killed' && status !== 'failed') return;
    const cells = this.rows(job.centre).cells;
    const submitS = job.queuedS;
    const startS = job.startS;
    const finishS = job.endS;
    const executionS = finishS - startS;
    const partition = this.scenario.centres[job.centre]?.partitions[this.layout.indexInCentre[job.partition] as number];
    cells.text(job.spec.id);
    cells.text(job.spec.origin);
    cells.text(job.spec.jobClass);
    cells.number(submitS);
    cells.number(job.nodes);
    cells.number(job.walltimeS);
    cells.number(status === 'done' ? 1 : 0);
    cells.text(status === 'done' ? 'COMPLETED_SUCCESSFULLY' : status === 'killed' ? 'COMPLETED_WALLTIME_REACHED' : 'COMPLETED_KILLED');
    cells.number(startS);
    cells.number(executionS);
    cells.number(finishS);
    cells.number(startS - submitS);
    cells.number(finishS - submitS);
    // Batsim's stretch is turnaround ÷ execution; a zero-length run has none (empty cell).
    cells.number(executionS > 0 ? (finishS - submitS) / executionS : Number.NaN);
    cells.number(itKWh * J_PER_KWH);
    cells.text(job.nodeIds === null ? '' : formatIntervalSet(job.nodeIds, this.layout.firstNode[job.partition] as number));
    cells.text(partition?.id ?? '');
    (this.out[job.centre] as CsvFileRows).endRow();
  }

  close(): void {
    const files: string[] = [];
    this.scenario.centres.forEach((centre, c) => {
      // Every centre has its file, a header alone when no job ran there.
      const rows = this.out[c] ?? this.rows(c);
      rows.close();
      files.push(fileOf(centre.id));
    });
    this.files = files;
  }

  private rows(centre: number): CsvFileRows {
    let rows = this.out[centre];
    if (rows === null || rows === undefined) {
      rows = new CsvFileRows(this.pathOf(fileOf(this.scenario.centres[centre]?.id ?? String(centre))), BATSIM_JOB_COLUMNS);
      this.out[centre] = rows;
    }
    return rows;
  }
}

function fileOf(centreId: string): string {
  return `batsim/${centreId}_jobs.csv`;
}

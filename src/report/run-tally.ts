import { InputError } from '../model/input-error.js';
import type { Job } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { JobSink } from '../sim/job-sink.js';
import type { CellSink } from './cell-sink.js';
import { JobEnergy } from './energy-accounting.js';
import { JobTally } from './job-tally.js';
import { type JobEnergyFigures, type JobRowNames, type JobRowSource, writeJobRow } from './jobs-table.js';
import type { ScheduleExport } from './schedule-export.js';

/** Most centre × window cells a run's reports may hold (each is several doubles in several tables). */
export const MAX_REPORT_CELLS = 20_000_000;

/** Where a streamed run's jobs.csv rows go as its jobs leave: a CSV file, jobs.parquet (or memory). */
export interface JobRowsOut {
  /** The cells of the current row. */
  readonly cells: CellSink;
  endRow(): void;
  /** After the last row: everything written. */
  close(): void;
}

/**
 * Where a streamed run's jobs go as they leave, a row each: jobs.csv or jobs.parquet written on
 * this thread ({@link CellRowWriter}) or by a thread of its own (threaded-job-rows.ts).
 */
export interface JobRowWriter {
  write(job: JobRowSource, energy: JobEnergyFigures | null): void;
  /** After the last row: everything written (throws what writing met, a full disk say). */
  close(): void;
  /** The run failed: stop writing (the folder is dropped); never throws. */
  abort(): void;
}

/** Rows put cell by cell into a {@link JobRowsOut} on the calling thread. */
export class CellRowWriter implements JobRowWriter {
  constructor(
    private readonly names: JobRowNames,
    private readonly out: JobRowsOut,
  ) {}

  write(job: JobRowSource, energy: JobEnergyFigures | null): void {
    writeJobRow(this.names, job, energy, this.out.cells);
    this.out.endRow();
  }

  close(): void {
    this.out.close();
  }

  abort(): void {
    try {
      this.out.close();
    } catch {
      // The run has failed already (a full disk, say): that is the error to report.
    }
  }
}

/**
 * Everything the reports need from the jobs, gathered as each job leaves the run (a
 * {@link JobSink}): the tallies, the energy of each job, and its jobs.csv row, written at once.
 * After the run, `buildReports` turns the tallies into the tables. Memory: the quantile samples
 * of {@link JobTally} (at most 6 doubles a job) and the per-window series; nothing else per job.
 */
export class RunTally implements JobSink {
  readonly tally: JobTally;
  readonly energy: JobEnergy | null;
  /** With `keepEnergy`: the 4 energy figures of each row, in row order. */
  private kept: Float64Array | null;
  private rowsKept = 0;
  /** The end of the last report window the tally may grow to (see JobSink.latestEndS). */
  readonly latestEndS: number;

  /**
   * @param rows where the rows go (null: nowhere, `--jobs-format none`, or kept by the caller)
   * @param keepEnergy keep each job's energy figures for a jobs table built afterwards
   * @param samplesInMemory see {@link JobTally}
   * @param exports schedule exports (`--export`) fed each job with its energy
   */
  constructor(
    scenario: Scenario,
    private readonly rows: JobRowWriter | null,
    keepEnergy = false,
    samplesInMemory?: number,
    private readonly exports: readonly ScheduleExport[] = [],
  ) {
    // Every partition of the scenario, centre by centre (the run's partition indices).
    const partitions = scenario.centres.flatMap((c) => c.partitions);
    const centreCount = Math.max(1, scenario.centres.length);
    const windowS = scenario.report.utilizationWindowS;
    const maxWindows = Math.floor(MAX_REPORT_CELLS / centreCount);
    const tooLong = (atS: number): never => {
      // A run that lasts ages (a trace's corrupt run time, a tiny window) would ask for more
      // memory than the machine has; say which value to change instead.
      throw new InputError(scenario.name, [
        `report.utilizationWindow: the run reaches ${atS} s, which makes over ${maxWindows} windows of ${windowS} s for each of ${centreCount} centres, over the ${MAX_REPORT_CELLS} a report may hold: raise report.utilizationWindow, cut the run (--until), or check the workload for a run time or submit time out of proportion`,
      ]);
    };
    this.latestEndS = maxWindows * windowS;
    this.tally = new JobTally(scenario.centres.length, windowS, maxWindows, tooLong, samplesInMemory);
    this.energy = scenario.energy.accounting ? new JobEnergy(scenario, partitions, maxWindows, tooLong) : null;
    this.kept = keepEnergy && this.energy !== null ? new Float64Array(1024) : null;
  }

  retire(job: Job): void {
    const energy = this.energy;
    energy?.add(job);
    this.tally.add(job);
    this.rows?.write(job, energy);
    if (this.kept !== null && energy !== null) this.keep(energy);
    for (const e of this.exports) e.add(job, energy === null ? Number.NaN : energy.itKWh);
  }

  stop(endS: number): void {
    this.tally.stop(endS);
    this.energy?.stop(endS);
  }

  /** The energy figures kept per row (4 a row), or null. */
  keptEnergy(): Float64Array | null {
    return this.kept === null ? null : this.kept.subarray(0, 4 * this.rowsKept);
  }

  private keep(energy: JobEnergy): void {
    let kept = this.kept as Float64Array;
    const at = 4 * this.rowsKept++;
    if (at + 4 > kept.length) {
      const grown = new Float64Array(2 * kept.length);
      grown.set(kept);
      kept = grown;
      this.kept = grown;
    }
    kept[at] = energy.itKWh;
    kept[at + 1] = energy.overheadKWh;
    kept[at + 2] = energy.costCny;
    kept[at + 3] = energy.co2Kg;
  }
}

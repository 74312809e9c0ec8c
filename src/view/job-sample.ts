import { InputError } from '../model/input-error.js';
import { scanCsv } from './csv-scan.js';

/** A growable array of doubles (a 10^6-job run keeps a few of these, 8 bytes a job each). */
export class Doubles {
  private data = new Float64Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  /** The values sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** What the report needs of jobs.csv: values per class and centre, counts per status and reason. */
export interface JobSample {
  readonly jobs: number;
  readonly statusCounts: ReadonlyMap<string, number>;
  /** Per job class: wait_s and response_s of the jobs that have one. */
  readonly byClass: ReadonlyMap<string, { readonly waitS: Doubles; readonly responseS: Doubles }>;
  /** Per centre (first appearance order): wait_s of the jobs that started there. */
  readonly waitByCentre: ReadonlyMap<string, Doubles>;
  /** stage_in_s of the jobs whose input arrived. */
  readonly stageInS: Doubles;
  /** Rejected jobs per reason. */
  readonly rejectedByReason: ReadonlyMap<string, number>;
  /** Killed, failed and unfinished jobs per centre. */
  readonly killedByCentre: ReadonlyMap<string, number>;
  readonly failedByCentre: ReadonlyMap<string, number>;
  readonly unfinishedByCentre: ReadonlyMap<string, number>;
}

const COLUMNS = ['centre', 'class', 'status', 'reason', 'wait_s', 'response_s', 'stage_in_s'] as const;
const STATUSES = new Set(['done', 'killed', 'failed', 'rejected', 'unfinished']);

/** Builds a {@link JobSample} one job at a time, whatever file the jobs come from. */
class JobSampleBuilder {
  private readonly statusCounts = new Map<string, number>();
  private readonly byClass = new Map<string, { waitS: Doubles; responseS: Doubles }>();
  private readonly waitByCentre = new Map<string, Doubles>();
  private readonly stageInS = new Doubles();
  private readonly rejectedByReason = new Map<string, number>();
  private readonly killedByCentre = new Map<string, number>();
  private readonly failedByCentre = new Map<string, number>();
  private readonly unfinishedByCentre = new Map<string, number>();
  private jobs = 0;

  /** @param reason read only for a rejected job (it is the only status with one) */
  add(centre: string, jobClass: string, status: string, reason: () => string, waitS: number, responseS: number, stageS: number): void {
    this.jobs++;
    this.statusCounts.set(status, (this.statusCounts.get(status) ?? 0) + 1);
    let perClass = this.byClass.get(jobClass);
    if (perClass === undefined) {
      perClass = { waitS: new Doubles(), responseS: new Doubles() };
      this.byClass.set(jobClass, perClass);
    }
    if (Number.isFinite(waitS)) {
      perClass.waitS.push(waitS);
      let perCentre = this.waitByCentre.get(centre);
      if (perCentre === undefined) {
        perCentre = new Doubles();
        this.waitByCentre.set(centre, perCentre);
      }
      perCentre.push(waitS);
    }
    if (Number.isFinite(responseS)) perClass.responseS.push(responseS);
    if (Number.isFinite(stageS)) this.stageInS.push(stageS);
    if (status === 'rejected') {
      const why = reason();
      this.rejectedByReason.set(why, (this.rejectedByReason.get(why) ?? 0) + 1);
    } else if (status === 'killed') {
      this.killedByCentre.set(centre, (this.killedByCentre.get(centre) ?? 0) + 1);
    } else if (status === 'failed') {
      this.failedByCentre.set(centre, (this.failedByCentre.get(centre) ?? 0) + 1);
    } else if (status === 'unfinished') {
      const where = centre === '' ? '(not started)' : centre;
      this.unfinishedByCentre.set(where, (this.unfinishedByCentre.get(where) ?? 0) + 1);
    }
  }

  finish(): JobSample {
    const { jobs, statusCounts, byClass, waitByCentre, stageInS, rejectedByReason, killedByCentre, failedByCentre, unfinishedByCentre } = this;
    return { jobs, statusCounts, byClass, waitByCentre, stageInS, rejectedByReason, killedByCentre, failedByCentre, unfinishedByCentre };
  }
}

function badStatus(file: string, where: string, status: string): InputError {
  return new InputError(file, [`${where}, column status: expected done, killed, failed, rejected or unfinished, got '${status.slice(0, 40)}'`]);
}

/** Reads the columns of jobs.csv the report draws, one record at a time. */
export function readJobSample(file: string): JobSample {
  const sample = new JobSampleBuilder();
  scanCsv(file, COLUMNS, (r) => {
    const status = r.text(2);
    if (!STATUSES.has(status)) throw badStatus(file, `line ${r.line}`, status);
    sample.add(r.text(0), r.text(1), status, () => r.text(3), r.number(4), r.number(5), r.number(6));
  });
  return sample.finish();
}

/** Rows read from jobs.parquet at a time (a row group of cnsim's files). */
const PARQUET_SLICE_ROWS = 100_000;

/**
 * Reads the columns the report draws from jobs.parquet (`--jobs-format parquet`) with hyparquet,
 * a slice of rows at a time.
 * @throws InputError for a file that is not Parquet or lacks a column
 */
export async function readJobSampleParquet(file: string): Promise<JobSample> {
  const { asyncBufferFromFile, parquetMetadataAsync, parquetRead } = await import('hyparquet');
  const sample = new JobSampleBuilder();
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  const buffer = await asyncBufferFromFile(file);
  try {
    metadata = await parquetMetadataAsync(buffer);
  } catch (error) {
    throw new InputError(file, [`not a readable Parquet file (${error instanceof Error ? error.message : String(error)}): written by cnsim run --jobs-format parquet?`], { cause: error });
  }
  const names = metadata.schema.slice(1).map((e) => e.name);
  const missing = COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new InputError(file, [`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`]);
  const rows = Number(metadata.num_rows);
  const num = (x: unknown): number => (typeof x === 'number' ? x : typeof x === 'bigint' ? Number(x) : Number.NaN);
  const text = (x: unknown): string => (typeof x === 'string' ? x : '');
  for (let start = 0; start < rows; start += PARQUET_SLICE_ROWS) {
    await parquetRead({
      file: buffer,
      metadata,
      columns: [...COLUMNS],
      rowStart: start,
      rowEnd: Math.min(rows, start + PARQUET_SLICE_ROWS),
      onComplete: (slice: unknown[][]) => {
        slice.forEach((row, i) => {
          const status = text(row[2]);
          if (!STATUSES.has(status)) throw badStatus(file, `row ${start + i + 1}`, status);
          sample.add(text(row[0]), text(row[1]), status, () => text(row[3]), num(row[4]), num(row[5]), num(row[6]));
        });
      },
    });
  }
  return sample.finish();
}

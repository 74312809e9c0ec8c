/**
 * jobs.parquet: the rows and columns of jobs.csv as an Apache Parquet file, for runs too large to
 * read comfortably as CSV. Written with hyparquet-writer (pure JavaScript, maintained, no native
 * code to build) in row groups of {@link ROW_GROUP_ROWS}, so the whole table is never held as
 * columns at once. Values are those jobs.csv shows: numbers rounded at the 6th decimal as
 * {@link formatNumber} writes them, an empty CSV cell is a null.
 */
import { fileWriter, ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import type { CellSink } from './cell-sink.js';
import type { RowSource } from './csv.js';
import type { JobRowsOut } from './run-tally.js';
import { CNSIM_PARQUET_CREATED_BY } from './package-version.js';

/** Parquet type of each jobs.csv column (readers map them to string, float64, int64 and bool). */
export type ParquetKind = 'STRING' | 'DOUBLE' | 'INT64' | 'BOOLEAN';

const TEXT = new Set(['job_id', 'origin', 'centre', 'partition', 'class', 'status', 'reason', 'dataset', 'data_source']);
const INTEGER = new Set(['cores', 'gpus', 'nodes', 'procs', 'swf_line', 'attempts']);
const BOOLEAN = new Set(['deadline_met']);

/** The Parquet type of a jobs.csv column (every column not text, integer or boolean is a double). */
export function parquetKind(column: string): ParquetKind {
  return TEXT.has(column) ? 'STRING' : INTEGER.has(column) ? 'INT64' : BOOLEAN.has(column) ? 'BOOLEAN' : 'DOUBLE';
}

/** Rows per row group: 100,000 rows of 41 columns is about 40 MB of values before encoding. */
export const ROW_GROUP_ROWS = 100_000;

/** The number a CSV cell holds once read back: integers as they are, others rounded at the 6th decimal. */
function asWritten(value: number): number {
  if (Number.isInteger(value)) return value;
  const rounded = Math.round(value * 1e6) / 1e6;
  return rounded === 0 ? 0 : rounded;
}

/** Puts the cells of rows into per-column arrays of the column's Parquet type. */
class ColumnCells implements CellSink {
  columns: unknown[][];
  private k = 0;

  constructor(private readonly kinds: readonly ParquetKind[]) {
    this.columns = kinds.map(() => []);
  }

  endRow(): void {
    if (this.k !== this.kinds.length) throw new Error(`jobs.parquet: a row had ${this.k} cells, expected ${this.kinds.length}`);
    this.k = 0;
  }

  reset(): void {
    this.columns = this.kinds.map(() => []);
  }

  private put(value: unknown): void {
    (this.columns[this.k] as unknown[]).push(value);
    this.k++;
  }

  text(value: string): void {
    const kind = this.kinds[this.k];
    if (value === '') this.put(null);
    else if (kind === 'BOOLEAN') this.put(value === 'true');
    else if (kind === 'STRING') this.put(value);
    else this.number(Number(value));
  }

  number(value: number): void {
    if (!Number.isFinite(value)) return this.put(null);
    const kind = this.kinds[this.k];
    if (kind === 'STRING') this.put(String(value));
    else if (kind === 'INT64') this.put(BigInt(Math.round(value)));
    else this.put(asWritten(value));
  }

  blank(): void {
    this.put(null);
  }
}

/** A table written as Parquet to a file (a result file that is not CSV). */
export interface FileContent {
  writeFile(path: string): void;
}

/** jobs.csv's table as jobs.parquet. */
export class JobsParquet implements FileContent {
  constructor(private readonly table: RowSource) {}

  writeFile(path: string): void {
    const rows = new ParquetRows(path, this.table.header);
    for (let i = 0; i < this.table.size; i++) {
      if (this.table.writeRow !== undefined) this.table.writeRow(i, rows.cells);
      else for (const cell of this.table.row(i)) rows.cells.text(cell);
      rows.endRow();
    }
    rows.close();
  }
}

/** jobs.parquet written row by row, a row group at a time (a streamed run's {@link JobRowsOut}). */
export class ParquetRows implements JobRowsOut {
  readonly cells: ColumnCells;
  private readonly parquet: ParquetWriter;

  constructor(
    path: string,
    private readonly header: readonly string[],
  ) {
    const kinds = header.map(parquetKind);
    const schema: SchemaElement[] = [{ name: 'root', num_children: kinds.length }, ...header.map((name, k) => schemaElement(name, kinds[k] as ParquetKind))];
    this.parquet = new ParquetWriter({
      writer: fileWriter(path),
      schema,
      createdBy: CNSIM_PARQUET_CREATED_BY,
      kvMetadata: [{ key: 'cnsim.columns', value: 'results/README.md, jobs.csv' }],
    });
    this.cells = new ColumnCells(kinds);
  }

  endRow(): void {
    this.cells.endRow();
    if ((this.cells.columns[0]?.length ?? 0) >= ROW_GROUP_ROWS) this.flush();
  }

  close(): void {
    this.flush();
    this.parquet.finish();
  }

  private flush(): void {
    const cells = this.cells;
    const rows = cells.columns[0]?.length ?? 0;
    if (rows === 0) return;
    void this.parquet.write({ columnData: this.header.map((name, k) => ({ name, data: cells.columns[k] as never })), rowGroupSize: rows });
    cells.reset();
  }
}

function schemaElement(name: string, kind: ParquetKind): SchemaElement {
  const optional = { name, repetition_type: 'OPTIONAL' } as const;
  switch (kind) {
    case 'STRING':
      return { ...optional, type: 'BYTE_ARRAY', converted_type: 'UTF8' };
    case 'INT64':
      return { ...optional, type: 'INT64' };
    case 'BOOLEAN':
      return { ...optional, type: 'BOOLEAN' };
    default:
      return { ...optional, type: 'DOUBLE' };
  }
}


import type { CellSink } from './cell-sink.js';

/**
 * One CSV table of a results folder: a header and rows of cells (strings). Rows may be built on
 * demand: the jobs table of a 10^6-job run is 40 million cells, which kept in memory until the
 * write cost more in garbage collection (they survive into the old generation) than building them.
 * Writers read {@link row} one at a time; {@link rows} builds and keeps them all (tests, small tables).
 */
export interface Table {
  readonly file: string;
  readonly header: readonly string[];
  /** Number of data rows. */
  readonly size: number;
  /** Data row `i` (0 ≤ i < size); may be built for this call: read it, do not keep it. */
  row(i: number): readonly string[];
  /** Optional: row `i` put cell by cell into a sink (the CSV writer), the same cells as {@link row}. */
  writeRow?(i: number, out: CellSink): void;
  /** Every row, built on first access and kept. */
  readonly rows: readonly (readonly string[])[];
}

/** A table whose rows come from a function of the row number (or from a list). */
export class RowTable implements Table {
  private all: readonly (readonly string[])[] | undefined;

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly size: number,
    private readonly build: (i: number) => readonly string[],
  ) {}

  /** A table over rows already built. */
  static of(file: string, header: readonly string[], rows: readonly (readonly string[])[]): RowTable {
    const table = new RowTable(file, header, rows.length, (i) => rows[i] as readonly string[]);
    table.all = rows;
    return table;
  }

  row(i: number): readonly string[] {
    return this.all?.[i] ?? this.build(i);
  }

  get rows(): readonly (readonly string[])[] {
    this.all ??= Array.from({ length: this.size }, (_, i) => this.build(i));
    return this.all;
  }
}

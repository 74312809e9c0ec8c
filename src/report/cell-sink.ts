import { formatNumber } from './format.js';

/**
 * Where a table row puts its cells, in column order: the CSV writer turns them into bytes
 * directly ({@link CsvWriter}); {@link StringCells} keeps them as strings (tests, small tables).
 * One row-building function serves both, so the file and the in-memory rows cannot disagree.
 */
export interface CellSink {
  /** A text cell (quoted in CSV when it holds a comma, a quote, CR or LF). */
  text(value: string): void;
  /** A number cell, as {@link formatNumber} writes it (NaN and ±Infinity: empty). */
  number(value: number): void;
  /** An empty cell. */
  blank(): void;
}

/** Collects the cells of one row as strings. */
export class StringCells implements CellSink {
  readonly cells: string[] = [];

  text(value: string): void {
    this.cells.push(value);
  }

  number(value: number): void {
    this.cells.push(formatNumber(value));
  }

  blank(): void {
    this.cells.push('');
  }
}

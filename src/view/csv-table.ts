import { InputError } from '../model/input-error.js';
import { readCsvRows } from './csv-scan.js';

/**
 * A small CSV file of a results folder read whole (every table but jobs.csv, which is streamed):
 * cells stay strings, and numbers are read through {@link CsvTable.number}, which names the file,
 * line and column of a cell that is not one.
 */
export class CsvTable {
  private readonly index: ReadonlyMap<string, number>;

  constructor(
    readonly file: string,
    readonly header: readonly string[],
    readonly rows: readonly (readonly string[])[],
  ) {
    this.index = new Map(header.map((name, i) => [name, i]));
  }

  /** Reads `file`, checking that it has the `required` columns. */
  static read(file: string, required: readonly string[]): CsvTable {
    const { header, rows } = readCsvRows(file);
    const missing = required.filter((c) => !header.includes(c));
    if (missing.length > 0) {
      throw new InputError(file, [`line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: not a file written by cnsim, or written by another version`]);
    }
    return new CsvTable(file, header, rows);
  }

  has(column: string): boolean {
    return this.index.has(column);
  }

  /** Column position (throws for an unknown column: a bug in the caller, since columns are checked on reading). */
  private at(column: string): number {
    const i = this.index.get(column);
    if (i === undefined) throw new Error(`${this.file}: no column ${column}`);
    return i;
  }

  text(row: number, column: string): string {
    return (this.rows[row] as readonly string[])[this.at(column)] ?? '';
  }

  /** A numeric cell; an empty cell is NaN ("not applicable"), anything else not a number is bad input. */
  number(row: number, column: string): number {
    const cell = this.text(row, column);
    if (cell === '') return Number.NaN;
    const value = Number(cell);
    if (Number.isNaN(value)) throw new InputError(this.file, [`line ${row + 2}, column ${column}: expected a number, got '${cell.slice(0, 40)}'`]);
    return value;
  }

  /** Every value of a column, as numbers. */
  numbers(column: string): number[] {
    return this.rows.map((_, i) => this.number(i, column));
  }

  texts(column: string): string[] {
    return this.rows.map((_, i) => this.text(i, column));
  }
}

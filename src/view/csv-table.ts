import { InputError } from '../model/input-error.js';
import { readCsvColumns } from './csv-scan.js';

/**
 * A small CSV file of a results folder read whole (every table but jobs.csv, which is streamed),
 * column by column: the numeric columns as doubles parsed straight from the bytes (a national
 * run's utilization, link and energy windows are 10^5 cells; strings for them were most of the
 * report's garbage), the text columns (ids, names) as strings. A cell of a numeric column that is
 * not a number is an InputError naming the file, line and column as the file is read.
 */
export class CsvTable {
  private constructor(
    readonly file: string,
    readonly header: readonly string[],
    /** Number of data rows. */
    readonly size: number,
    private readonly numberColumns: ReadonlyMap<string, Float64Array>,
    private readonly textColumns: ReadonlyMap<string, readonly string[]>,
  ) {}

  /**
   * Reads `file`, checking that it has the `required` columns.
   * @param textColumns the columns holding text (ids, names); every other column is numeric
   */
  static read(file: string, required: readonly string[], textColumns: ReadonlySet<string>): CsvTable {
    const columns = readCsvColumns(file, (name) => !textColumns.has(name));
    const missing = required.filter((c) => !columns.header.includes(c));
    if (missing.length > 0) {
      throw new InputError(file, [`line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: not a file written by cnsim, or written by another version`]);
    }
    return new CsvTable(file, columns.header, columns.rows, columns.numbers, columns.texts);
  }

  has(column: string): boolean {
    return this.header.includes(column);
  }

  /** A text cell (throws for a column that is not text or not there: a bug in the caller, since columns are checked on reading). */
  text(row: number, column: string): string {
    const values = this.textColumns.get(column);
    if (values === undefined) throw new Error(`${this.file}: ${column} is not a text column`);
    return values[row] ?? '';
  }

  /** A numeric cell; an empty cell is NaN ("not applicable"). */
  number(row: number, column: string): number {
    const values = this.numberColumns.get(column);
    if (values === undefined) throw new Error(`${this.file}: ${column} is not a numeric column`);
    return values[row] ?? Number.NaN;
  }

  /** Row numbers 0 … size − 1. */
  get rows(): readonly number[] {
    return Array.from({ length: this.size }, (_, i) => i);
  }
}

import { closeSync, openSync, readSync } from 'node:fs';
import { InputError } from '../model/input-error.js';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const CHUNK_BYTES = 1 << 22;
/** A number as cnsim writes it (and as people type one): decimal digits, an optional fraction and exponent. */
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
/** Powers of ten that are exact doubles: m / 10^k is then correctly rounded for m ≤ 2^53. */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The selected cells of one record, read from the file's bytes without a string per cell. */
export interface CsvRecord {
  /** Line of the record in the file (1 = header). */
  readonly line: number;
  /** Cell `k` (k-th of the selected columns) as text; values repeated across records (ids, classes) are interned. */
  text(k: number): string;
  /** Cell `k` as a number; an empty cell is NaN; anything but a number throws InputError naming file, line and column. */
  number(k: number): number;
}

/**
 * Streams the records of a CSV file (RFC 4180, as cnsim writes it) in one pass over its bytes
 * and hands over the cells of the named columns only: jobs.csv of a 10^6-job run is 300 MB and is
 * never held whole, and the 34 columns the report does not draw are never decoded. Hand-written
 * because csv-parse builds every cell of every record as a string: on the 48 MB jobs.csv of
 * national-2025 (155,607 rows) csv-parse streaming records took 6.0–6.6 s against 0.20–0.24 s here
 * for the seven columns the report reads (bench/README.md).
 *
 * @throws InputError naming the file and line for a missing column, a record with another number
 * of fields than the header, or a quote that is never closed
 */
export function scanCsv(file: string, columns: readonly string[], onRecord: (record: CsvRecord) => void, chunkBytes = CHUNK_BYTES): void {
  new CsvScanner(file, columns, chunkBytes).run(onRecord);
}

/** A CSV file read column by column: numeric columns as doubles (no string per cell), the others as text. */
export interface CsvColumns {
  readonly header: readonly string[];
  readonly rows: number;
  readonly numbers: ReadonlyMap<string, Float64Array>;
  readonly texts: ReadonlyMap<string, readonly string[]>;
}

/**
 * Reads every record of a (small) CSV file: columns for which `isNumeric` holds are parsed as
 * numbers straight from the bytes (an empty cell is NaN; anything else that is no number is an
 * InputError naming file, line and column), the others kept as text.
 */
export function readCsvColumns(file: string, isNumeric: (column: string) => boolean, chunkBytes = CHUNK_BYTES): CsvColumns {
  const scanner = new CsvScanner(file, 'all', chunkBytes);
  let kinds: boolean[] | undefined;
  let numbers: number[][] = [];
  let texts: string[][] = [];
  let rows = 0;
  const setUp = (): boolean[] => {
    const names = scanner.columnNames;
    numbers = names.map(() => []);
    texts = names.map(() => []);
    return names.map(isNumeric);
  };
  scanner.run((r) => {
    kinds ??= setUp();
    for (let k = 0; k < kinds.length; k++) {
      if (kinds[k] === true) (numbers[k] as number[]).push(r.number(k));
      else (texts[k] as string[]).push(r.text(k));
    }
    rows++;
  });
  kinds ??= setUp();
  const header = scanner.columnNames;
  const numeric = kinds;
  return {
    header,
    rows,
    numbers: new Map(header.flatMap((name, k) => (numeric[k] === true ? [[name, Float64Array.from(numbers[k] as number[])] as const] : []))),
    texts: new Map(header.flatMap((name, k) => (numeric[k] === true ? [] : [[name, texts[k] as string[]] as const]))),
  };
}

/** Every record of a CSV file with all its cells as text. */
export function readCsvRows(file: string, chunkBytes = CHUNK_BYTES): { header: string[]; rows: string[][] } {
  const scanner = new CsvScanner(file, 'all', chunkBytes);
  const rows: string[][] = [];
  scanner.run((r) => {
    const width = scanner.columnCount;
    const row = new Array<string>(width);
    for (let k = 0; k < width; k++) row[k] = r.text(k);
    rows.push(row);
  });
  return { header: scanner.columnNames, rows };
}

class CsvScanner implements CsvRecord {
  private buffer: Buffer;
  private starts: Int32Array;
  private ends: Int32Array;
  private quoted: Uint8Array;
  /** Field position → index among the selected columns, or -1. */
  private wanted: Int32Array | undefined;
  private fieldCount = 0;
  private interned: { bytes: Buffer; text: string }[][];
  private columns: readonly string[];
  line = 1;

  /** @param selected the columns to hand over, or 'all' for every column of the header */
  constructor(
    private readonly file: string,
    selected: readonly string[] | 'all',
    chunkBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(chunkBytes);
    this.all = selected === 'all';
    const columns = selected === 'all' ? [] : selected;
    this.columns = columns;
    this.starts = new Int32Array(columns.length);
    this.ends = new Int32Array(columns.length);
    this.quoted = new Uint8Array(columns.length);
    this.interned = columns.map(() => []);
  }

  run(onRecord: (record: CsvRecord) => void): void {
    const fd = openSync(this.file, 'r');
    try {
      let filled = 0;
      let eof = false;
      let firstRead = true;
      for (;;) {
        if (!eof) {
          if (filled === this.buffer.length) {
            // One record longer than the buffer: grow it.
            const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
            this.buffer.copy(bigger, 0, 0, filled);
            this.buffer = bigger;
          }
          const read = readSync(fd, this.buffer, filled, this.buffer.length - filled, null);
          if (read === 0) eof = true;
          filled += read;
          // A UTF-8 byte-order mark (a spreadsheet's export) is not part of the first column's name.
          if (firstRead && filled >= 3 && this.buffer[0] === 0xef && this.buffer[1] === 0xbb && this.buffer[2] === 0xbf) {
            this.buffer.copy(this.buffer, 0, 3, filled);
            filled -= 3;
          }
          firstRead = false;
        }
        const consumed = this.parse(filled, eof, onRecord);
        if (eof) break;
        this.buffer.copy(this.buffer, 0, consumed, filled);
        filled -= consumed;
      }
      if (this.wanted === undefined) throw new InputError(this.file, ['empty file: expected a header line']);
    } finally {
      closeSync(fd);
    }
  }

  /** Parses the complete records of buffer[0, filled) (and the last one at end of file); returns the bytes consumed. */
  private parse(filled: number, eof: boolean, onRecord: (record: CsvRecord) => void): number {
    const b = this.buffer;
    let recordStart = 0;
    let i = 0;
    while (recordStart < filled) {
      // A blank line is no record (a file ending in two newlines, a hand edit).
      if (b[recordStart] === LF || (b[recordStart] === CR && recordStart + 1 < filled && b[recordStart + 1] === LF)) {
        recordStart += b[recordStart] === LF ? 1 : 2;
        this.line++;
        continue;
      }
      // One record from recordStart.
      let field = 0;
      let fieldStart = recordStart;
      let inQuotes = false;
      let fieldQuoted = false;
      let newlines = 0;
      let complete = false;
      i = recordStart;
      const wanted = this.wanted;
      // A header cut by the end of a chunk is parsed again whole.
      if (wanted === undefined) this.header = [];
      while (i < filled) {
        const c = b[i] as number;
        if (inQuotes) {
          if (c === QUOTE) {
            if (i + 1 < filled && b[i + 1] === QUOTE) i++;
            else if (i + 1 === filled && !eof) break;
            else inQuotes = false;
          } else if (c === LF) newlines++;
          i++;
          continue;
        }
        if (c === QUOTE && i === fieldStart) {
          inQuotes = true;
          fieldQuoted = true;
          i++;
          continue;
        }
        // The bytes of an unquoted field (most of the file): one test per byte up to its delimiter.
        let d = c;
        while (d !== COMMA && d !== LF) {
          if (++i === filled) break;
          d = b[i] as number;
        }
        if (i === filled) break;
        this.endField(field, fieldStart, d === LF && i > fieldStart && b[i - 1] === CR ? i - 1 : i, fieldQuoted);
        field++;
        fieldStart = i + 1;
        fieldQuoted = false;
        i++;
        if (d === LF) {
          complete = true;
          break;
        }
      }
      if (!complete) {
        if (!eof) return recordStart;
        if (inQuotes) throw new InputError(this.file, [`line ${this.line}: a quoted field is never closed (truncated file?)`]);
        if (i === recordStart) return filled;
        // Last record without a final newline.
        this.endField(field, fieldStart, filled > fieldStart && b[filled - 1] === CR ? filled - 1 : filled, fieldQuoted);
        field++;
        i = filled;
      }
      if (this.wanted === undefined) this.endHeader();
      else {
        if (field !== this.fieldCount) throw new InputError(this.file, [`line ${this.line}: ${field} fields, expected ${this.fieldCount} like the header (truncated or edited file?)`]);
        onRecord(this);
      }
      this.line += 1 + newlines;
      recordStart = i;
    }
    return filled;
  }

  private header: string[] = [];

  /** Field number `field` spans [start, end) (quotes included when quoted): keep it if it is wanted, or as a header cell. */
  private endField(field: number, start: number, end: number, quoted: boolean): void {
    const wanted = this.wanted;
    if (wanted === undefined) {
      this.headerCell(start, end, quoted);
      return;
    }
    const k = field < wanted.length ? (wanted[field] as number) : -1;
    if (k < 0) return;
    this.starts[k] = quoted ? start + 1 : start;
    this.ends[k] = quoted ? Math.max(start + 1, end - 1) : end;
    this.quoted[k] = quoted ? 1 : 0;
  }
  private readonly all: boolean;

  get columnCount(): number {
    return this.columns.length;
  }

  get columnNames(): string[] {
    return [...this.columns];
  }

  private headerCell(start: number, end: number, quoted: boolean): void {
    const text = this.buffer.toString('utf8', quoted ? start + 1 : start, quoted ? end - 1 : end);
    this.header.push(quoted ? text.replaceAll('""', '"') : text);
  }

  private endHeader(): void {
    if (this.all) {
      this.columns = this.header;
      this.starts = new Int32Array(this.columns.length);
      this.ends = new Int32Array(this.columns.length);
      this.quoted = new Uint8Array(this.columns.length);
      this.interned = this.columns.map(() => []);
    }
    const missing = this.columns.filter((c) => !this.header.includes(c));
    if (missing.length > 0) throw new InputError(this.file, [`line 1: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`]);
    this.fieldCount = this.header.length;
    const wanted = new Int32Array(this.header.length).fill(-1);
    this.columns.forEach((c, k) => {
      wanted[this.header.indexOf(c)] = k;
    });
    this.wanted = wanted;
  }

  text(k: number): string {
    const start = this.starts[k] as number;
    const end = this.ends[k] as number;
    if (this.quoted[k] === 1) return this.buffer.toString('utf8', start, end).replaceAll('""', '"');
    const length = end - start;
    if (length === 0) return '';
    // Ids and classes repeat: compare bytes with the values seen so far before decoding.
    const seen = this.interned[k] as { bytes: Buffer; text: string }[];
    const b = this.buffer;
    outer: for (const s of seen) {
      if (s.bytes.length !== length) continue;
      for (let j = 0; j < length; j++) if (s.bytes[j] !== b[start + j]) continue outer;
      return s.text;
    }
    const text = b.toString('utf8', start, end);
    if (seen.length < 64) seen.push({ bytes: Buffer.from(b.subarray(start, end)), text });
    return text;
  }

  number(k: number): number {
    const start = this.starts[k] as number;
    const end = this.ends[k] as number;
    if (start === end) return Number.NaN;
    const b = this.buffer;
    let i = start;
    const negative = b[i] === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (; i < end; i++) {
      const c = b[i] as number;
      if (c >= ZERO && c <= NINE) {
        mantissa = mantissa * 10 + (c - ZERO);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === DOT && fraction < 0) fraction = 0;
      else break;
    }
    if (i === end && digits > 0 && digits <= 15 && fraction !== 0 && (fraction < 0 || fraction <= 22)) {
      const value = fraction > 0 ? mantissa / (EXACT_POWERS[fraction] as number) : mantissa;
      return negative ? -value : value;
    }
    // Exponents, long mantissas: the exact general parser, on decimal notation only (Number()
    // would also take hex, spaces and Infinity, which cnsim never writes).
    const text = b.toString('latin1', start, end);
    const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
    if (!Number.isFinite(value)) {
      throw new InputError(this.file, [`line ${this.line}, column ${this.columns[k] as string}: expected a number, got '${text.slice(0, 40)}'`]);
    }
    return value;
  }
}

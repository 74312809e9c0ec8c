import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/rng.js';
import type { CellSink } from '../../src/report/cell-sink.js';
import { csvField, type RowSource, toCsv, writeCsvSync } from '../../src/report/csv.js';
import { CsvWriter } from '../../src/report/csv-writer.js';
import { formatNumber } from '../../src/report/format.js';

/** An independent rendering: every field through csvField, joined (the pre-CsvWriter code). */
const reference = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  `${[header, ...rows].map((r) => r.map(csvField).join(',')).join('\n')}\n`;

/** Writes a table to a temporary file and returns its bytes. */
function writeToFile(table: RowSource): Buffer {
  const file = join(mkdtempSync(join(tmpdir(), 'cnsim-csv-')), 'out.csv');
  const fd = openSync(file, 'w');
  writeCsvSync(fd, table);
  closeSync(fd);
  return readFileSync(file);
}

/** What String(Math.round(x·10^6)/10^6) gives: formatNumber's documented bytes. */
const numberText = (x: number): string => {
  if (!Number.isFinite(x)) return '';
  if (Number.isInteger(x)) return String(x);
  const rounded = Math.round(x * 1e6) / 1e6;
  return String(rounded === 0 ? 0 : rounded);
};

describe('CSV output', () => {
  it('quotes only fields that need it, doubling inner quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
  });

  it('round-trips through csv-parse', () => {
    const rows = [
      ['1', 'no partition large enough (5 cores, 0 GPUs)', ''],
      ['2', 'x"y', 'a\r\nb'],
    ];
    const text = toCsv(['id', 'reason', 'note'], rows);
    expect(text).toBe(reference(['id', 'reason', 'note'], rows));
    expect(parse(text)).toEqual([['id', 'reason', 'note'], ...rows]);
  });

  it('writes to a file the bytes of joined fields, over many chunks and with multi-byte characters', () => {
    const header = ['id', 'site', 'note'];
    const rows = Array.from({ length: 30_000 }, (_, i) => [String(i), i % 7 === 0 ? '无锡,江苏' : 'wuxi', i % 1000 === 0 ? 'x"y\nz' : '']);
    rows.push(['long', 'é'.repeat(200_000), '']); // one record longer than a chunk
    rows.push(['long-ascii', 'a'.repeat(70_000), 'b,'.repeat(40_000)]);
    const bytes = writeToFile({ header, size: rows.length, row: (i) => rows[i] as string[] });
    expect(bytes.toString('utf8')).toBe(reference(header, rows));
    expect(toCsv(header, rows)).toBe(reference(header, rows));
  });

  it('writes numbers as bytes exactly as String(round(x·10^6)/10^6), across chunk boundaries', () => {
    // Park–Miller (16807 × seed stays below 2^53, so the sequence is exact).
    let seed = 987654321;
    const next = (): number => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const edges = [0, -0, 1, -1, 0.5e-6, -0.5e-6, 1.5e-6, 2.5, -2.5, 0.1 + 0.2, 999999999.9999999, -999999999.9999995, 1e9 + 0.5, 12.000001, 7.1e-7, 1e15, -1e15, 1e15 - 1, 2 ** 53, 1e21, -1e300, 5e-324, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 3600.0000000000005, 0.000123, 100.05];
    const values = [...edges];
    for (let i = 0; i < 120_000; i++) {
      const u = next();
      const scale = 10 ** Math.floor(next() * 24 - 8);
      values.push((u - 0.5) * scale, Math.round(u * 1e8) / 1e3 + (i % 3) * 1e-7, Math.round((u - 0.5) * scale));
    }
    const perRow = 7;
    const rowCount = Math.ceil(values.length / perRow);
    const cellsOf = (i: number): number[] => values.slice(i * perRow, (i + 1) * perRow);
    const table: RowSource = {
      header: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      size: rowCount,
      row: (i) => cellsOf(i).map(numberText),
      writeRow: (i: number, out: CellSink) => {
        for (const x of cellsOf(i)) out.number(x);
      },
    };
    const expected = reference(table.header, Array.from({ length: rowCount }, (_, i) => table.row(i)));
    expect(writeToFile(table).toString('utf8')).toBe(expected);
  });

  it('writes each number as the bytes of csvField(formatNumber(x)), over 10^5 seeded doubles of every magnitude', () => {
    const rng = createRng(20261207, 'csv-number-property');
    const edges = [
      0, -0, 0.5e-6, -0.5e-6, 0.4999999e-6, 1.5e-6, 1e-6, 999999.9999995, -999999.9999995, 999999.9999994, 1e9 - 1e-7, -(1e9 - 1e-7), 1e9 - 5e-7, 1e9, -1e9,
      123.1, 123.000001, 123.00001, 123.0001, 0.1, 0.01, 0.001, 0.0001, 0.00001, 0.000001, 10.5, -10.25, 99.99, 100.000100,
      2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32, 2 ** 32 + 0.5, 99999999, 100000000, 100000001, 1e8 * 12345, 1e8 * 12345 + 7, 1e14 + 1e8,
      1e15 - 1, -(1e15 - 1), 1e15, -1e15, 1e15 + 2, 2 ** 53, -(2 ** 53), 1e21, 1e300, -1e-300, 5e-324, Number.MAX_VALUE, Number.MIN_VALUE,
      Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY,
    ];
    const values = [...edges];
    // Just off whole numbers: k = round(x × 10^6) is a multiple of 10^6, where the whole part's floor is most fragile.
    for (let whole = 1; whole < 1e9; whole = whole * 7 + 3) values.push(whole - 4e-7, whole + 4e-7, -whole - 4e-7, whole - 5e-7, whole + 5e-7);
    for (let i = 0; i < 100_000; i++) {
      const magnitude = 10 ** Math.floor(rng.next() * 36 - 12); // 1e-12 … 1e23
      const x = (rng.next() - 0.5) * 2 * magnitude;
      // Raw doubles, values on the microsecond grid (times a run writes), and integers.
      values.push(i % 3 === 0 ? x : i % 3 === 1 ? Math.round(x * 1e6) / 1e6 : Math.round(x));
    }
    const chunks: Buffer[] = [];
    const out = new CsvWriter((bytes) => chunks.push(Buffer.from(bytes)));
    const expected: string[] = [];
    for (let i = 0; i < values.length; i += 5) {
      const row = values.slice(i, i + 5);
      for (const x of row) out.number(x);
      out.endRecord();
      expected.push(`${row.map((x) => csvField(formatNumber(x))).join(',')}\n`);
    }
    out.flush();
    expect(chunks.length).toBeGreaterThan(10); // cells across many chunk boundaries
    const written = Buffer.concat(chunks).toString('latin1').split(/(?<=\n)/);
    expect(written.length).toBe(expected.length);
    for (let r = 0; r < expected.length; r++) {
      if (written[r] !== expected[r]) expect({ row: r, values: values.slice(5 * r, 5 * r + 5), written: written[r] }).toEqual({ row: r, values: values.slice(5 * r, 5 * r + 5), written: expected[r] });
    }
  });

  it('writes a missing cell of a string row as empty and a non-string as its text, as joined rows did', () => {
    const rows = [['x', undefined, null, 42]] as unknown as string[][];
    expect(toCsv(['a', 'b', 'c', 'd'], rows)).toBe('a,b,c,d\nx,,,42\n');
  });

  it('mixes text, numbers and blank cells in one record', () => {
    const chunks: Buffer[] = [];
    const out = new CsvWriter((bytes) => chunks.push(Buffer.from(bytes)));
    out.text('job "1"');
    out.number(2.5);
    out.blank();
    out.number(Number.NaN);
    out.text('成都');
    out.endRecord();
    out.blank();
    out.endRecord();
    out.flush();
    expect(Buffer.concat(chunks).toString('utf8')).toBe('"job ""1""",2.5,,,成都\n\n');
  });
});

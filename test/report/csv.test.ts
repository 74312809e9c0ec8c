import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv, writeCsvSync } from '../../src/report/csv.js';

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
    expect(text.endsWith('\n')).toBe(true);
    expect(parse(text)).toEqual([['id', 'reason', 'note'], ...rows]);
  });

  it('writes to a file the bytes of toCsv, over many chunks and with multi-byte characters', () => {
    const header = ['id', 'site', 'note'];
    const rows = Array.from({ length: 30_000 }, (_, i) => [String(i), i % 7 === 0 ? '无锡,江苏' : 'wuxi', i % 1000 === 0 ? 'x"y\nz' : '']);
    rows.push(['long', 'é'.repeat(200_000), '']); // one record longer than a chunk
    const file = join(mkdtempSync(join(tmpdir(), 'cnsim-csv-')), 'out.csv');
    const fd = openSync(file, 'w');
    writeCsvSync(fd, { header, size: rows.length, row: (i) => rows[i] as string[] });
    closeSync(fd);
    expect(readFileSync(file).equals(Buffer.from(toCsv(header, rows)))).toBe(true);
  });
});

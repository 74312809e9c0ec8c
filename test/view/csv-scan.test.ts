import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { readCsvRows, scanCsv } from '../../src/view/csv-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'cnsim-scan-'));
let n = 0;
function file(text: string): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, text);
  return path;
}

/** A small deterministic generator (Park–Miller), so the cases are the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

describe('scanCsv', () => {
  it('reads the same cells as csv-parse: quotes, doubled quotes, commas and newlines inside quotes, CRLF, no final newline, at every chunk size', () => {
    const rand = lcg(7);
    const cellText = (): string => {
      const kinds = ['plain', 'comma, inside', 'quote "q" inside', 'line\nbreak', '', 'ü 中文', '12.5'];
      return kinds[Math.floor(rand() * kinds.length)] as string;
    };
    const quote = (c: string): string => (/[",\n\r]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
    const rows = Array.from({ length: 60 }, () => Array.from({ length: 4 }, cellText));
    for (const eol of ['\n', '\r\n']) {
      for (const finalNewline of [true, false]) {
        const text = ['a,b,c,d', ...rows.map((r) => r.map(quote).join(','))].join(eol) + (finalNewline ? eol : '');
        const path = file(text);
        const expected = parse(text, { relax_quotes: false }) as string[][];
        for (const chunk of [7, 16, 64, 1 << 20]) {
          const got = readCsvRows(path, chunk);
          expect(got.header).toEqual(expected[0]);
          expect(got.rows).toEqual(expected.slice(1));
        }
      }
    }
  });

  it('parses numbers exactly as Number() does, including exponents and long mantissas', () => {
    const rand = lcg(11);
    const values: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const x = (rand() - 0.3) * 10 ** Math.floor(rand() * 14 - 4);
      values.push(i % 7 === 0 ? String(x) : i % 5 === 0 ? x.toExponential(5) : x.toFixed(Math.floor(rand() * 7)));
    }
    values.push('0', '-0', '123456789012345678', '0.1', '1e21', '9007199254740993', '-7.000001');
    const path = file(`v\n${values.join('\n')}\n`);
    const got: number[] = [];
    scanCsv(path, ['v'], (r) => got.push(r.number(0)), 4096);
    expect(got.length).toBe(values.length);
    got.forEach((x, i) => expect(Object.is(x, Number(values[i])) || x === Number(values[i]), values[i]).toBe(true));
  });

  it('reads an empty cell as NaN and names file, line and column of a cell that is no number', () => {
    const path = file('a,b\n1,\nx,2\n');
    const seen: number[] = [];
    expect(() => scanCsv(path, ['a', 'b'], (r) => seen.push(r.number(1), r.number(0)))).toThrow(InputError);
    expect(seen[0]).toBeNaN();
    expect(() => scanCsv(path, ['a'], (r) => r.number(0))).toThrow(`${path}: line 3, column a: expected a number, got 'x'`);
  });

  it('refuses a record with another number of fields, a missing column, an unclosed quote and an empty file', () => {
    expect(() => scanCsv(file('a,b\n1,2\n3\n'), ['a'], () => undefined)).toThrow(/line 3: 1 fields, expected 2/);
    expect(() => scanCsv(file('a,b\n1,2\n'), ['c'], () => undefined)).toThrow(/line 1: missing column c/);
    expect(() => scanCsv(file('a,b\n1,"2\n'), ['a'], () => undefined)).toThrow(/line 2: a quoted field is never closed/);
    expect(() => scanCsv(file(''), ['a'], () => undefined)).toThrow(/empty file/);
  });

  it('counts lines across quoted newlines and skips blank lines', () => {
    const lines: number[] = [];
    scanCsv(file('a,b\n"x\ny",1\n\n2,3\n'), ['b'], (r) => lines.push(r.line));
    expect(lines).toEqual([2, 5]);
  });
});

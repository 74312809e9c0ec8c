import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../src/report/csv.js';

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
});

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { convertSwf } from '../../src/workload/swf-convert.js';
import { parseSwfText, readSwf } from '../../src/workload/swf.js';
import { inputProblems } from '../helpers.js';

const HEADER = '; Version: 2.2\n; MaxProcs: 8\n; MaxNodes: 4\n; UnixStartTime: 1000\n';
const line = (f: (number | string)[]) => `${f.join(' ')}\n`;
// job submit wait run alloc cpu mem req_procs req_time req_mem status user group exe queue part prec think
const row = (id: number, submit: number, run: number, procs: number, reqTime: number, reqProcs = -1) =>
  line([id, submit, -1, run, procs, -1, -1, reqProcs, reqTime, -1, 1, 1, 1, 1, 1, 1, -1, -1]);
const TEXT = HEADER + row(1, 0, 100, 4, 200) + row(2, 5, 50, 8, -1) + row(3, 5, 0, 2, 10) + row(4, 7, 30, -1, 60, 2) + row(5, 9, 30, -1, 60, -1);

const problems = inputProblems;

describe('readSwf', () => {
  it('reads header comments (MaxProcs, MaxNodes, UnixStartTime) and all 18 fields of every job line', () => {
    const t = parseSwfText('t.swf', TEXT);
    expect(t.header.maxProcs).toBe(8);
    expect(t.header.maxNodes).toBe(4);
    expect(t.header.unixStartTime).toBe(1000);
    expect(t.header.fields.get('Version')).toBe('2.2');
    expect(t.count).toBe(5);
    expect(t.fields.length).toBe(18);
    expect([...(t.fields[3] as Float64Array)]).toEqual([100, 50, 0, 30, 30]);
    expect([...t.lines]).toEqual([5, 6, 7, 8, 9]);
  });

  it('reads a gzipped trace the same as the plain one (detected by its magic bytes)', () => {
    const plain = readSwf('t.swf', Buffer.from(TEXT));
    const gz = readSwf('t.swf.gz', gzipSync(TEXT));
    expect(gz.fields).toEqual(plain.fields);
    expect(gz.header.maxProcs).toBe(8);
  });

  it('rejects a truncated gzip file with a clear message', () => {
    const gz = gzipSync(TEXT.repeat(50));
    expect(problems(() => readSwf('cut.swf.gz', gz.subarray(0, gz.length - 40)))[0]).toMatch(/not a valid gzip file \(truncated or corrupt\)/);
  });

  it('rejects a line with 17 fields, naming the line', () => {
    const bad = `${HEADER}${row(1, 0, 100, 4, 200)}1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n`;
    expect(problems(() => parseSwfText('bad.swf', bad))).toEqual(['line 6: expected 18 fields, got 17']);
  });

  it('rejects a non-numeric field, naming the line and the field', () => {
    const bad = HEADER + row(1, 0, 100, 4, 200).replace(' 100 ', ' 1x0 ');
    expect(problems(() => parseSwfText('bad.swf', bad))).toEqual(["line 5, field 4 (run_time): expected a number, got '1x0' ('1x0' is not a decimal number)"]);
  });

  it('rejects a negative processor count in the header', () => {
    expect(problems(() => parseSwfText('bad.swf', '; MaxProcs: -8\n'))).toEqual(["header 'MaxProcs': expected a whole count > 0, got '-8'"]);
  });

  it('reads only decimal numbers within 2^53, naming what is wrong, and quotes stray characters as written', () => {
    const hex = HEADER + row(1, 0, 100, 4, 200).replace(' 100 ', ' 0x10 ');
    expect(problems(() => parseSwfText('t.swf', hex))).toEqual(["line 5, field 4 (run_time): expected a number, got '0x10' ('0x10' is not a decimal number)"]);
    const huge = HEADER + row(1, 0, 100, 4, 200).replace(' 100 ', ' 1e300 ');
    expect(problems(() => parseSwfText('t.swf', huge))).toEqual(["line 5, field 4 (run_time): expected a number, got '1e300' (1e300 is beyond 2^53 (9007199254740991))"]);
    const arabic = HEADER + row(1, 0, 100, 4, 200).replace(' 100 ', ' ١٢ ');
    expect(problems(() => readSwf('t.swf', Buffer.from(arabic, 'utf8')))).toEqual(["line 5, field 4 (run_time): expected a number, got '١٢' ('١٢' is not a decimal number)"]);
  });

  it('takes the header number as a whole word: 2e3 is 2000, 12abc and 4.5 processors are refused', () => {
    expect(parseSwfText('t.swf', '; MaxProcs: 2e3\n' + row(1, 0, 10, 4, 20)).header.maxProcs).toBe(2000);
    expect(parseSwfText('t.swf', '; MaxProcs: 338 (batch partition; 512 total)\n' + row(1, 0, 10, 4, 20)).header.maxProcs).toBe(338);
    expect(problems(() => parseSwfText('t.swf', '; MaxProcs: 12abc\n' + row(1, 0, 10, 4, 20)))).toEqual(["header 'MaxProcs': expected a number, got '12abc' ('12abc' is not a decimal number)"]);
    expect(problems(() => parseSwfText('t.swf', '; MaxProcs: 4.5\n' + row(1, 0, 10, 4, 20)))).toEqual(["header 'MaxProcs': expected a whole count > 0, got '4.5'"]);
  });

  it('reads a file with a byte-order mark, and one whose lines end with CR alone, as the plain one', () => {
    const plain = parseSwfText('t.swf', TEXT);
    for (const text of [`\ufeff${TEXT}`, TEXT.replaceAll('\n', '\r'), TEXT.replaceAll('\n', '\r\n')]) {
      const t = readSwf('t.swf', Buffer.from(text, 'utf8'));
      expect(t.header.maxProcs).toBe(8);
      expect(t.count).toBe(plain.count);
      expect([...t.lines]).toEqual([...plain.lines]);
      expect(t.fields.map((f) => [...f])).toEqual(plain.fields.map((f) => [...f]));
    }
  });

  it('skips the second line of a job id, as a Batsim workload is read, and says so', () => {
    const t = parseSwfText('t.swf', HEADER + row(1, 0, 100, 4, 200) + row(2, 5, 50, 2, 60) + row(1, 7, 30, 2, 60));
    const c = convertSwf(t, { conversion: 'cnsim', machineProcs: 8 });
    expect(c.jobs.map((j) => [j.id, j.submitS])).toEqual([
      ['1', 0],
      ['2', 5],
    ]);
    expect(c.warnings).toEqual([{ line: 7, jobId: '1', action: 'skipped', field: 'job_number', reason: "duplicate job id '1' (the first one is kept)" }]);
  });

  it('names the file in the message', () => {
    expect(() => parseSwfText('dir/bad.swf', '1 2 3\n')).toThrow(/^dir\/bad\.swf: line 1: expected 18 fields, got 3$/);
  });
});

describe('convertSwf (default conversion, DESIGN §4)', () => {
  const trace = parseSwfText('t.swf', TEXT);
  const out = convertSwf(trace, { conversion: 'cnsim', machineProcs: 8 });

  it('takes processors from field 5, else field 8; walltime from field 9, else the run time', () => {
    expect(out.jobs.map((j) => [j.id, j.procs, j.runtimeS, j.walltimeS])).toEqual([
      ['1', 4, 100, 200],
      ['2', 8, 50, 50],
      ['4', 2, 30, 60],
    ]);
  });

  it('skips jobs with run time ≤ 0 or no processor count, and reports every skip and change with its line', () => {
    expect(out.counts).toEqual({ skipped: 2, changed: 2, clamped: 0, dropped: 0 });
    expect(out.warnings.map((w) => [w.line, w.jobId, w.action, w.field])).toEqual([
      [6, '2', 'changed', 'requested_time'],
      [7, '3', 'skipped', 'run_time'],
      [8, '4', 'changed', 'allocated_procs'],
      [9, '5', 'skipped', 'allocated_procs'],
    ]);
  });

  it('refuses a job larger than the machine unless asked to clamp or drop it', () => {
    expect(problems(() => convertSwf(trace, { conversion: 'cnsim', machineProcs: 4 }))[0]).toBe('line 6 (job 2): 8 processors > machine size 4');
    const clamped = convertSwf(trace, { conversion: 'cnsim', machineProcs: 4, oversize: 'clamp' });
    expect(clamped.jobs.find((j) => j.id === '2')?.procs).toBe(4);
    expect(clamped.counts.clamped).toBe(1);
    const dropped = convertSwf(trace, { conversion: 'cnsim', machineProcs: 4, oversize: 'drop' });
    expect(dropped.jobs.map((j) => j.id)).toEqual(['1', '4']);
    expect(dropped.counts.dropped).toBe(1);
  });

  it('orders the queue by (submit, line) when the file is not sorted', () => {
    const t = parseSwfText('u.swf', HEADER + row(1, 50, 10, 1, 10) + row(2, 10, 10, 1, 10) + row(3, 10, 10, 1, 10));
    expect(convertSwf(t, { conversion: 'cnsim', machineProcs: 8 }).jobs.map((j) => j.id)).toEqual(['2', '3', '1']);
  });

  it('keeps fractional and large values exactly (whole ones are stored as small integers)', () => {
    const t = parseSwfText('v.swf', HEADER + row(1, 2.5, 10.25, 1, 3e9) + row(2, 3e9, 7, 2, 60));
    const jobs = convertSwf(t, { conversion: 'cnsim', machineProcs: 8 }).jobs;
    expect(jobs.map((j) => [j.submitS, j.runtimeS, j.walltimeS, j.procs])).toEqual([
      [2.5, 10.25, 3e9, 1],
      [3e9, 7, 60, 2],
    ]);
  });
});

describe('convertSwf compatibility conversions', () => {
  const trace = parseSwfText('t.swf', TEXT);

  it('pyss: keeps invalid jobs as 1-second jobs, runs min(f9, f4) ≥ 1, estimate max(f9, f4, 1), clamps silently (but reports)', () => {
    const out = convertSwf(trace, { conversion: 'pyss', machineProcs: 4 });
    expect(out.jobs.map((j) => [j.id, j.procs, j.runtimeS, j.walltimeS])).toEqual([
      ['1', 4, 100, 200],
      ['2', 4, 1, 50],
      ['3', 2, 1, 1],
      ['4', 1, 1, 1],
      ['5', 1, 1, 1],
    ]);
  });

  it('pyss with fill-reqtime: a requested time ≤ 0 becomes the run time first', () => {
    const out = convertSwf(trace, { conversion: 'pyss', machineProcs: 8, fillReqtime: true });
    expect(out.jobs.find((j) => j.id === '2')).toMatchObject({ runtimeS: 50, walltimeS: 50 });
  });

  it('rlscheduler: processors max(f5, f8), estimate f9 (f4 where -1), run time 0 dropped', () => {
    const out = convertSwf(trace, { conversion: 'rlscheduler', machineProcs: 8 });
    expect(out.jobs.map((j) => [j.id, j.procs, j.runtimeS, j.walltimeS])).toEqual([
      ['1', 4, 100, 200],
      ['2', 8, 50, 50],
      ['4', 2, 30, 60],
    ]);
  });
});

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputError } from '../helpers.js';
import { gpusOfTres, readSacct } from '../../src/workload/sacct.js';
import { parseSlurmDate, parseSlurmDuration } from '../../src/workload/slurm-time.js';

const SAMPLE = fileURLToPath(new URL('../fixtures/sacct/sample.sacct', import.meta.url));
const HEADER = 'JobID|Partition|Submit|Start|End|Elapsed|Timelimit|NNodes|NCPUS|AllocTRES|State';

/** A sacct text: the header on line 1, then the rows (fields as given). */
const sacct = (...rows: string[]): string => `${[HEADER, ...rows].join('\n')}\n`;
/** A row of a job that ran: submit at 10:00:00 + `submitOffset`, 2 nodes, given the rest. */
const row = (id: string, state: string, o: { submit?: string; start?: string; elapsed?: string; limit?: string; cpus?: string; tres?: string; partition?: string } = {}): string =>
  [id, o.partition ?? 'cpu', o.submit ?? '2024-01-01T10:00:00', o.start ?? '2024-01-01T10:05:00', 'Unknown', o.elapsed ?? '01:00:00', o.limit ?? '02:00:00', '2', o.cpus ?? '16', o.tres ?? 'cpu=16,node=2', state].join('|');


describe('slurm times', () => {
  it.each([
    ['00:45', 45],
    ['01:30', 90],
    ['10:00:00', 36000],
    ['1-02:03:04', 93784],
    ['12-00:00:00', 1036800],
    ['05:07.250', 307.25],
    ['2-12:30', 217800],
  ])('reads the duration %s as %d s', (raw, seconds) => {
    expect(parseSlurmDuration(raw)).toEqual({ ok: true, value: seconds });
  });

  it.each(['', '90', '1:2:3:4', 'a:b', '00:61', '1-25:00:00', 'UNLIMITED', '01:02.5:03', '1-02:30.5'])('refuses the duration %j', (raw) => {
    expect(parseSlurmDuration(raw).ok).toBe(false);
  });

  it('reads dates as UTC seconds since 1970, across months, leap days and years', () => {
    expect(parseSlurmDate('1970-01-01T00:00:00')).toEqual({ ok: true, value: 0 });
    expect(parseSlurmDate('2024-03-01T00:00:00')).toEqual({ ok: true, value: 1709251200 });
    const a = parseSlurmDate('2024-02-28T23:00:00');
    const b = parseSlurmDate('2024-02-29T01:00:00');
    expect(a.ok && b.ok && b.value - a.value).toBe(7200);
    const c = parseSlurmDate('2023-12-31T23:59:59');
    const d = parseSlurmDate('2024-01-01T00:00:00');
    expect(c.ok && d.ok && d.value - c.value).toBe(1);
  });

  it.each(['2024-02-30T00:00:00', '2023-02-29T12:00:00', '2024-01-01 10:00:00', '2024-01-01T24:00:00', 'Unknown', '2024-13-01T00:00:00'])('refuses the date %j', (raw) => {
    expect(parseSlurmDate(raw).ok).toBe(false);
  });
});

describe('gpusOfTres', () => {
  it.each([
    ['', 0],
    ['billing=8,cpu=8,mem=32G,node=1', 0],
    ['billing=8,cpu=8,gres/gpu=2,mem=32G,node=1', 2],
    ['cpu=8,gres/gpu:a100=4,gres/gpu=4,node=1', 4],
    ['cpu=8,gres/gpu:a100=2,gres/gpu:v100=1,node=1', 3],
    ['cpu=8,gres/gpumem=40G,node=1', 0],
  ])('reads %j as %d GPUs', (tres, gpus) => {
    expect(gpusOfTres(tres)).toBe(gpus);
  });

  it('says what is malformed', () => {
    expect(gpusOfTres('cpu=8,gres/gpu=two')).toBe("gres/gpu: expected a whole number of GPUs (at most 2^53), got 'two'");
    expect(gpusOfTres('cpu=8,junk')).toMatch(/expected key=value items/);
  });
});

describe('readSacct', () => {
  it('reads the documented sample: jobs and array tasks kept, steps left out and counted, every state handled', () => {
    const w = readSacct(SAMPLE);
    expect(w.jobs.map((j) => j.id)).toEqual(['1001', '1002', '1003', '1004_1', '1004_2', '1007', '1009', '1010']);
    expect(w.steps).toBe(4);
    expect(w.lines).toBe(16);
    expect(w.epochS).toBe(1709280000); // 2024-03-01T08:00:00 read as UTC
    expect(w.jobs[0]).toEqual({ id: '1001', line: 2, submitS: 0, procs: 32, runtimeS: 3600, walltimeS: 7200, gpus: 0, partition: 'cpu' });
    expect(w.jobs[1]).toMatchObject({ id: '1002', submitS: 600, procs: 64, gpus: 8, runtimeS: 93600, walltimeS: 172800, partition: 'gpu' });
    // TIMEOUT: ran 12 s over its limit; the simulation kills it at the walltime.
    expect(w.jobs[2]).toMatchObject({ id: '1003', runtimeS: 3612, walltimeS: 3600 });
    expect(w.jobs.find((j) => j.id === '1007')).toMatchObject({ gpus: 1, runtimeS: 1800, walltimeS: 1800 });
    expect(w.warnings.map((x) => [x.line, x.jobId, x.action, x.field])).toEqual([
      [11, '1007', 'changed', 'Timelimit'],
      [12, '1008', 'skipped', 'State'],
      [13, '1009', 'changed', 'Timelimit'],
      [15, '1011', 'skipped', 'State'],
      [16, '1012', 'skipped', 'State'],
      [17, '1013', 'skipped', 'State'],
    ]);
    expect(w.counts).toEqual({ skipped: 4, changed: 2, clamped: 0, dropped: 0 });
  });

  it.each(['COMPLETED', 'FAILED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'CANCELLED by 1234', 'DEADLINE', 'BOOT_FAIL'])(
    'runs a job in state %s that started, for its Elapsed, without a warning',
    (state) => {
      const w = readSacct('s.sacct', sacct(row('1', state)));
      expect(w.jobs[0]).toMatchObject({ runtimeS: 3600, walltimeS: 7200, procs: 16 });
      expect(w.warnings).toEqual([]);
    },
  );

  it.each(['PENDING', 'RUNNING', 'REQUEUED', 'SUSPENDED', 'RESIZING', 'REVOKED'])('skips a job in state %s with a warning', (state) => {
    const w = readSacct('s.sacct', sacct(row('1', 'COMPLETED'), row('2', state)));
    expect(w.jobs.map((j) => j.id)).toEqual(['1']);
    expect(w.warnings).toEqual([{ line: 3, jobId: '2', action: 'skipped', field: 'State', reason: `state ${state}: the job has not run to its end, so there is no runtime to replay` }]);
  });

  it('skips a job cancelled before it started (Start None or Unknown); runs an unknown state that started, listed as changed', () => {
    const w = readSacct(
      's.sacct',
      sacct(row('1', 'CANCELLED by 0', { start: 'None' }), row('2', 'CANCELLED', { start: 'Unknown' }), row('3', 'WEIRD'), row('4', 'WEIRD', { start: 'None' })),
    );
    expect(w.jobs.map((j) => j.id)).toEqual(['3']);
    expect(w.warnings.map((x) => [x.line, x.jobId, x.action])).toEqual([
      [2, '1', 'skipped'],
      [3, '2', 'skipped'],
      [4, '3', 'changed'],
      [5, '4', 'skipped'],
    ]);
    expect(w.warnings[2]?.reason).toMatch(/unknown state 'WEIRD': run for its Elapsed/);
  });

  it('skips job steps silently but counts them; array tasks are jobs', () => {
    const w = readSacct('s.sacct', sacct(row('7_1', 'COMPLETED'), row('7_1.batch', 'COMPLETED'), row('7_1.extern', 'COMPLETED'), row('8', 'COMPLETED'), row('8.0', 'FAILED')));
    expect(w.jobs.map((j) => j.id)).toEqual(['7_1', '8']);
    expect(w.steps).toBe(3);
    expect(w.warnings).toEqual([]);
  });

  it('times: submit relative to the earliest kept Submit; Elapsed is the runtime; UNLIMITED, Partition_Limit and empty limits give walltime := runtime', () => {
    const w = readSacct(
      's.sacct',
      sacct(
        row('1', 'COMPLETED', { submit: '2024-01-01T10:00:30', elapsed: '1-00:00:00', limit: 'UNLIMITED' }),
        row('2', 'PENDING', { submit: '2024-01-01T09:00:00', start: 'Unknown' }),
        row('3', 'COMPLETED', { submit: '2024-01-01T10:00:00', elapsed: '00:30', limit: 'Partition_Limit' }),
        row('4', 'COMPLETED', { submit: '2024-01-02T10:00:00', elapsed: '05:00', limit: '' }),
      ),
    );
    expect(w.jobs.map((j) => [j.id, j.submitS, j.runtimeS, j.walltimeS])).toEqual([
      ['3', 0, 30, 30],
      ['1', 30, 86400, 86400],
      ['4', 86400, 300, 300],
    ]);
    expect(w.warnings.filter((x) => x.action === 'changed').map((x) => [x.jobId, x.field])).toEqual([
      ['1', 'Timelimit'],
      ['3', 'Timelimit'],
      ['4', 'Timelimit'],
    ]);
  });

  it('skips a line with a malformed time, count or TRES, naming the line, column and value; a malformed Timelimit only changes the walltime', () => {
    const w = readSacct(
      's.sacct',
      sacct(
        row('1', 'COMPLETED'),
        row('2', 'COMPLETED', { submit: '2024-01-01T25:00:00' }),
        row('3', 'COMPLETED', { start: '2024/01/01 10:00' }),
        row('4', 'COMPLETED', { elapsed: 'soon' }),
        row('5', 'COMPLETED', { elapsed: '00:00:00' }),
        row('6', 'COMPLETED', { cpus: '0' }),
        row('7', 'COMPLETED', { tres: 'cpu=4,gres/gpu=x' }),
        row('8', 'COMPLETED', { limit: 'forever' }),
        '9|cpu|2024-01-01T10:00:00',
        row('1', 'COMPLETED'),
      ),
    );
    expect(w.jobs.map((j) => j.id)).toEqual(['1', '8']);
    expect(w.warnings.map((x) => [x.line, x.jobId, x.action, x.field])).toEqual([
      [3, '2', 'skipped', 'Submit'],
      [4, '3', 'skipped', 'Start'],
      [5, '4', 'skipped', 'Elapsed'],
      [6, '5', 'skipped', 'Elapsed'],
      [7, '6', 'skipped', 'NCPUS'],
      [8, '7', 'skipped', 'AllocTRES'],
      [9, '8', 'changed', 'Timelimit'],
      [10, '9', 'skipped', 'line'],
      [11, '1', 'skipped', 'JobID'],
    ]);
    expect(w.warnings[0]?.reason).toBe("not a calendar date: '2024-01-01T25:00:00'");
    expect(w.warnings[6]?.reason).toMatch(/expected a duration .* got 'forever'.*walltime := run time 3600 s/);
    expect(w.warnings[7]?.reason).toBe("expected 11 fields separated by '|' (as the header), got 3");
  });

  it('keeps only the partitions asked for (the others are counted, not listed); accepts JobIDRaw, AllocCPUS and the trailing | of --parsable', () => {
    const text = 'JobIDRaw|Partition|Submit|Start|Elapsed|AllocCPUS|State|\n1|a|2024-01-01T00:00:00|2024-01-01T00:00:00|10:00|4|COMPLETED|\n2|b|2024-01-01T00:00:00|2024-01-01T00:00:00|10:00|4|COMPLETED|\n';
    const w = readSacct('s.sacct', text, { partitions: ['b'] });
    expect(w.jobs.map((j) => [j.id, j.procs, j.walltimeS])).toEqual([['2', 4, 600]]);
    expect(w.filtered).toBe(1);
  });

  it.each([
    ['an empty file', '', /empty file: expected sacct output with its header line/],
    ['output of --noheader', '1001|cpu|2024-01-01T00:00:00\n', /line 1: expected the header line .* without --noheader/],
    ['a missing column', 'JobID|Submit|Start|State\n', /line 1: missing columns Elapsed, NCPUS; run sacct --parsable2/],
    ['no job lines', `${HEADER}\n`, /no job lines after the header/],
    ['an unreadable file', null, /cannot read/],
  ])('gives an InputError for %s', (_what, text, message) => {
    const e = inputError(() => (text === null ? readSacct('/nonexistent/s.sacct') : readSacct('s.sacct', text)));
    expect(e.message).toMatch(message);
  });

  it('gives an InputError naming each line when no job can run', () => {
    const e = inputError(() => readSacct('s.sacct', sacct(row('1', 'PENDING', { start: 'Unknown' }), row('1.batch', 'PENDING'), row('2', 'COMPLETED', { elapsed: 'x' }))));
    expect(e.problems).toEqual([
      'no job can run (1 steps left out)',
      'line 2 (job 1): State: state PENDING: the job has not run to its end, so there is no runtime to replay',
      "line 4 (job 2): Elapsed: expected a duration [D-]HH:MM:SS or MM:SS, got 'x'",
    ]);
  });
});

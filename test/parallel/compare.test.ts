import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { compareSweep } from '../../src/parallel/compare-sweep.js';
import { meanInterval95, studentTQuantile } from '../../src/parallel/confidence.js';
import { expandRuns } from '../../src/parallel/expand-runs.js';
import { sweepSummaryHeader } from '../../src/parallel/sweep-tables.js';
import { toCsv } from '../../src/report/csv.js';
import { tempDir } from './sweep-helpers.js';

// test/fixtures/sweep-compare: queue policies fcfs, easy, sjf × seeds 1..4; mean_wait_s
//   fcfs 100 120 90 110 | easy 80 95 85 84 | sjf 70 75 (seed 3 failed) 72
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'sweep-compare');
// Student t quantiles t(0.975, df) from a printed table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
const T3 = 3.182446;
const T2 = 4.302653;

describe('Student t quantiles', () => {
  it.each([
    [1, 12.706205],
    [2, T2],
    [3, T3],
    [9, 2.262157],
    [19, 2.093024],
    [100, 1.983972],
  ])('t(0.975, %i) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 5);
  });

  it('a single value has a mean and no interval', () => {
    expect(meanInterval95([7])).toMatchObject({ n: 1, mean: 7 });
    expect(meanInterval95([7]).high).toBeNaN();
  });
});

describe('compareSweep on the fixture, against a hand computation', () => {
  const c = compareSweep(FIXTURE, { metric: 'wait_s' });
  const [fcfs, easy, sjf] = c.rows;

  it('compares the first axis other than seed, against its first value, on mean_wait_s', () => {
    expect([c.by, c.metric, c.baseline]).toEqual(['centres[wuxi].queue.policy', 'mean_wait_s', 'fcfs']);
    expect(c.rows.map((r) => [r.context, r.value, r.stats.n])).toEqual([['', 'fcfs', 4], ['', 'easy', 4], ['', 'sjf', 3]]);
  });

  it('fcfs: mean 105, sd √(500/3), 95% CI 105 ± t(0.975, 3) · sd / 2', () => {
    const sd = Math.sqrt(500 / 3); // deviations −5, 15, −15, 5
    expect(fcfs?.stats.mean).toBe(105);
    expect(fcfs?.stats.sd).toBeCloseTo(sd, 9);
    expect(fcfs?.stats.low).toBeCloseTo(105 - (T3 * sd) / 2, 4);
    expect(fcfs?.stats.high).toBeCloseTo(105 + (T3 * sd) / 2, 4);
    expect(fcfs?.diff).toBeUndefined();
  });

  it('easy − fcfs paired by seed: differences −20, −25, −5, −26, mean −19, sd √(282/3)', () => {
    const sd = Math.sqrt(282 / 3);
    expect(easy?.stats.mean).toBe(86);
    expect(easy?.diff?.n).toBe(4);
    expect(easy?.diff?.mean).toBe(-19);
    expect(easy?.diff?.sd).toBeCloseTo(sd, 9);
    expect(easy?.diff?.low).toBeCloseTo(-19 - (T3 * sd) / 2, 4);
    expect(easy?.diff?.high).toBeCloseTo(-19 + (T3 * sd) / 2, 4);
  });

  it('sjf leaves out its failed run: 3 runs and 3 pairs, with t(0.975, 2)', () => {
    // values 70, 75, 72; differences −30, −45, −38
    const mean = 217 / 3;
    const sd = Math.sqrt(((70 - mean) ** 2 + (75 - mean) ** 2 + (72 - mean) ** 2) / 2);
    expect(sjf?.stats.mean).toBeCloseTo(mean, 12);
    expect(sjf?.stats.high).toBeCloseTo(mean + (T2 * sd) / Math.sqrt(3), 4);
    const dMean = -113 / 3;
    const dSd = Math.sqrt(((-30 - dMean) ** 2 + (-45 - dMean) ** 2 + (-38 - dMean) ** 2) / 2);
    expect(sjf?.diff?.n).toBe(3);
    expect(sjf?.diff?.mean).toBeCloseTo(dMean, 12);
    expect(sjf?.diff?.low).toBeCloseTo(dMean - (T2 * dSd) / Math.sqrt(3), 4);
  });

  it('writes the CSV with 6 decimals', () => {
    expect(c.csv.split('\n').slice(0, 3)).toEqual([
      'metric,by,context,value,n,mean,sd,ci95_low,ci95_high,baseline,pairs,diff_mean,diff_sd,diff_ci95_low,diff_ci95_high',
      'mean_wait_s,centres[wuxi].queue.policy,,fcfs,4,105,12.909944,84.457397,125.542603,fcfs,,,,,',
      'mean_wait_s,centres[wuxi].queue.policy,,easy,4,86,6.377042,75.852703,96.147297,fcfs,4,-19,9.69536,-34.427481,-3.572519',
    ]);
  });

  it('takes another baseline and metric', () => {
    const b = compareSweep(FIXTURE, { metric: 'mean_bsld', baseline: 'easy' });
    expect(b.rows.find((r) => r.value === 'fcfs')?.diff?.mean).toBeCloseTo(1.9, 12);
  });

  it.each([
    [{ by: 'dispatch.policy' }, /--by 'dispatch.policy': not an axis of this sweep \(axes: centres\[wuxi\]\.queue\.policy, seed\)/],
    [{ by: 'seed' }, /seeds are the replicates/],
    [{ metric: 'scenario' }, /--metric 'scenario': not a numeric column/],
    [{ metric: 'nope' }, /--metric 'nope'/],
    [{ baseline: 'fifo' }, /--baseline 'fifo': not a value of centres\[wuxi\]\.queue\.policy \(values: fcfs, easy, sjf\)/],
  ])('rejects %o', (options, message) => {
    expect(() => compareSweep(FIXTURE, options)).toThrow(InputError);
    expect(() => compareSweep(FIXTURE, options)).toThrow(message);
  });
});

describe('compareSweep with another axis', () => {
  it('compares within each value of the other axes, pairing runs by seed', () => {
    const dir = tempDir();
    const axes = [
      { path: 'dispatch.infoPeriod', values: [0, 600] },
      { path: 'centres[wuxi].queue.policy', values: ['fcfs', 'easy'] },
      { path: 'seed', values: [1, 2] },
    ];
    const runs = expandRuns(axes, 'grid');
    const header = sweepSummaryHeader({ axes });
    // wait = 1000 + info period + (easy ? −100 × seed : 0) + seed
    const rows = runs.map((r) => {
      const p = r.params as { 'dispatch.infoPeriod': number; 'centres[wuxi].queue.policy': string; seed: number };
      const row = header.map(() => '');
      row[0] = r.runId;
      row[1] = String(p['dispatch.infoPeriod']);
      row[2] = p['centres[wuxi].queue.policy'];
      row[3] = 'ok';
      row[header.indexOf('seed')] = String(p.seed);
      row[header.indexOf('mean_wait_s')] = String(1000 + p['dispatch.infoPeriod'] + (p['centres[wuxi].queue.policy'] === 'easy' ? -100 * p.seed : 0) + p.seed);
      return row;
    });
    writeFileSync(join(dir, 'summary.csv'), toCsv(header, rows));
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ sweepId: 'x', axes, runs: runs.map((r) => ({ index: r.index, runId: r.runId, params: r.params })) }));
    const c = compareSweep(dir, { by: 'centres[wuxi].queue.policy' });
    expect(c.rows.map((r) => [r.context, r.value, r.stats.mean, r.diff?.mean])).toEqual([
      ['dispatch.infoPeriod=0', 'fcfs', 1001.5, undefined],
      ['dispatch.infoPeriod=0', 'easy', 851.5, -150],
      ['dispatch.infoPeriod=600', 'fcfs', 1601.5, undefined],
      ['dispatch.infoPeriod=600', 'easy', 1451.5, -150],
    ]);
    // Differences −100 and −200: sd 70.71, half-width t(0.975, 1) · 50.
    expect(c.rows[1]?.diff?.high).toBeCloseTo(-150 + 12.706205 * 50, 3);
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).toContain('dispatch.infoPeriod');
  });
});

describe('compareSweep on a damaged sweep folder', () => {
  /** A copy of the fixture with one file replaced. */
  const damaged = (file: string, text: string): string => {
    const dir = tempDir('cnsim-compare-damaged-');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, file), text);
    return dir;
  };

  it('names a garbled or cut-off summary.csv and what to do (csv-parse threw, exit 1)', () => {
    const garbled = damaged('summary.csv', `${readFileSync(join(FIXTURE, 'summary.csv'), 'utf8').split('\n')[0]}\n"x,\u0000"y\n`);
    expect(() => compareSweep(garbled, { metric: 'wait_s' })).toThrow(/summary\.csv: cannot read it as CSV \(.*\): the file was cut off or edited: run the sweep again with --resume/);
    const lines = readFileSync(join(FIXTURE, 'summary.csv'), 'utf8').split('\n');
    const cut = damaged('summary.csv', [lines[0], lines[1], (lines[2] as string).split(',').slice(0, -2).join(',')].join('\n'));
    expect(() => compareSweep(cut, { metric: 'wait_s' })).toThrow(/summary\.csv: line 3: \d+ cells, the header has \d+: the file was cut off or edited/);
  });

  it('names a sweep.json whose axes or runs are not what cnsim wrote (a TypeError before)', () => {
    const manifest = JSON.parse(readFileSync(join(FIXTURE, 'sweep.json'), 'utf8')) as { axes: { values: unknown }[]; runs: unknown[] };
    (manifest.axes[0] as { values: unknown }).values = null;
    expect(() => compareSweep(damaged('sweep.json', JSON.stringify(manifest)), { metric: 'wait_s' })).toThrow(/sweep\.json: unreadable sweep manifest: axes\[0\]: expected \{ path, values: \[\.\.\.\] \}/);
    expect(() => compareSweep(damaged('sweep.json', 'null'), { metric: 'wait_s' })).toThrow(/unreadable sweep manifest: missing sweepId, axes or runs/);
  });
});

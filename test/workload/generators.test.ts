import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/engine/rng.js';
import type { JobSpec } from '../../src/model/job.js';
import type { LublinParams, WorkloadSource } from '../../src/model/scenario.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { gammaVariate } from '../../src/workload/gamma.js';
import { LUBLIN_PUBLISHED, lublinKeptShare } from '../../src/workload/lublin.js';
import { TAIHULIGHT_HOURLY_JOBS } from '../../src/workload/profiles.js';
import { scenarioFrom } from '../helpers.js';

// Statistical tests with fixed seeds. Levels and tolerances are stated in each test: with a fixed
// seed the outcome is deterministic, the level says how unlikely a failure would be for a correct
// generator under another seed.

const site = { sites: [{ id: 'A', lat: 30, lon: 120 }], centres: [{ id: 'C', site: 'A', partitions: [{ id: 'p', nodes: 4096, coresPerNode: 64 }] }] };

function generate(source: Record<string, unknown>, horizon = '60d', seed = 7): JobSpec[] {
  const s = scenarioFrom({ ...site, seed, horizon, workload: [{ kind: 'poisson', origin: 'A', ...source }] });
  return buildJobs(s, seed);
}

const hpcClass = { name: 'hpc', cores: [1, 64], runtime: { median: '10min', max: '1h' } };

/** Pearson chi-square statistic of observed counts against expected probabilities. */
function chiSquare(observed: readonly number[], probabilities: readonly number[]): number {
  const n = observed.reduce((a, b) => a + b, 0);
  return observed.reduce((sum, o, i) => sum + (o - n * (probabilities[i] as number)) ** 2 / (n * (probabilities[i] as number)), 0);
}

describe('profiled Poisson arrivals', () => {
  it('arrival counts per hour of day follow the TaihuLight profile (chi-square, 23 df, α = 0.01: statistic < 41.64)', () => {
    const jobs = generate({ rate: '100/h', daily: 'taihulight', classes: [hpcClass] });
    const counts = new Array<number>(24).fill(0);
    for (const j of jobs) counts[Math.floor((j.submitS % 86400) / 3600)] = (counts[Math.floor((j.submitS % 86400) / 3600)] as number) + 1;
    const total = TAIHULIGHT_HOURLY_JOBS.reduce((a, b) => a + b, 0);
    const stat = chiSquare(counts, TAIHULIGHT_HOURLY_JOBS.map((x) => x / total));
    expect(jobs.length).toBeGreaterThan(100_000);
    expect(stat).toBeLessThan(41.64);
    // The mean rate is kept: 100/h over 60 days, within 1 % (about 4 σ of a Poisson count).
    expect(Math.abs(jobs.length / (60 * 2400) - 1)).toBeLessThan(0.01);
  });

  it('the same counts do not fit a flat day (the test has power: statistic > 1000)', () => {
    const jobs = generate({ rate: '100/h', daily: 'taihulight', classes: [hpcClass] });
    const counts = new Array<number>(24).fill(0);
    for (const j of jobs) counts[Math.floor((j.submitS % 86400) / 3600)] = (counts[Math.floor((j.submitS % 86400) / 3600)] as number) + 1;
    expect(chiSquare(counts, new Array<number>(24).fill(1 / 24))).toBeGreaterThan(1000);
  });

  it('arrival counts per weekday follow a 2:1 weekday:weekend profile (chi-square, 6 df, α = 0.01: statistic < 16.81)', () => {
    const jobs = generate({ rate: '60/h', weekly: 'taihulight', classes: [hpcClass] }, '70d');
    const counts = new Array<number>(7).fill(0);
    for (const j of jobs) counts[Math.floor(j.submitS / 86400) % 7] = (counts[Math.floor(j.submitS / 86400) % 7] as number) + 1;
    expect(chiSquare(counts, [2, 2, 2, 2, 2, 1, 1].map((x) => x / 12))).toBeLessThan(16.81);
  });

  it('a growth factor of 3 triples the rate from start to end (last tenth ÷ first tenth within 5 % of 2.9/1.1)', () => {
    const jobs = generate({ rate: '200/h', growth: 3, classes: [hpcClass] });
    const span = 60 * 86400;
    const first = jobs.filter((j) => j.submitS < span / 10).length;
    const last = jobs.filter((j) => j.submitS >= (span * 9) / 10).length;
    // Mean rate factor over the first tenth is 1.1, over the last 2.9 (linear ramp 1 → 3).
    expect(Math.abs(last / first / (2.9 / 1.1) - 1)).toBeLessThan(0.05);
  });

  it('a source without profile keys draws exactly as before (homogeneous Poisson, same stream)', () => {
    const a = generate({ rate: '30/h', classes: [hpcClass] }, '2d');
    const b = generate({ rate: '30/h', classes: [hpcClass] }, '2d');
    expect(a).toEqual(b);
    expect(a.every((j) => j.walltimeS === Math.ceil((j.runtimeS * 1.5) / 60) * 60)).toBe(true);
  });
});

/** Exact size distribution of the model by quadrature over the two-stage uniform (independent of the generator). */
function lublinSizeCdf(p: LublinParams, sizes: readonly number[]): number[] {
  const steps = 200_000;
  const mass = new Map<number, number>();
  const add = (s: number, w: number): void => {
    mass.set(s, (mass.get(s) ?? 0) + w);
  };
  add(1, p.serialProb);
  for (const [lo, hi, w] of [
    [p.uLow, p.uMed, p.uProb],
    [p.uMed, p.uHi, 1 - p.uProb],
  ] as const) {
    for (let k = 0; k < steps; k++) {
      const x = lo + ((k + 0.5) / steps) * (hi - lo);
      add(2 ** Math.round(x), (p.pow2Prob * w) / steps);
      add(Math.round(2 ** x), ((1 - p.serialProb - p.pow2Prob) * w) / steps);
    }
  }
  return sizes.map((q) => [...mass].reduce((s, [size, m]) => (size <= q ? s + m : s), 0));
}

describe('Lublin–Feitelson model (published whole-sample parameters)', () => {
  const published = LUBLIN_PUBLISHED.all;
  const params: LublinParams = { ...published, maxLogRuntime: 12, coresPerProcessor: 1 };
  const jobs = generate({ rate: '400/h', classes: [{ name: 'hpc', model: 'lublin' }] }, '30d', 11);

  it('sizes: serial share within 0.005 of 0.244 (5 σ at 288,000 jobs), CDF at powers of two within 0.005 of the exact model', () => {
    expect(jobs.length).toBeGreaterThan(250_000);
    const serial = jobs.filter((j) => j.cores === 1).length / jobs.length;
    expect(Math.abs(serial - published.serialProb)).toBeLessThan(0.005);
    const qs = [1, 2, 4, 8, 16, 32, 64, 128];
    const exact = lublinSizeCdf(params, qs);
    qs.forEach((q, i) => {
      const empirical = jobs.filter((j) => j.cores <= q).length / jobs.length;
      expect(Math.abs(empirical - (exact[i] as number))).toBeLessThan(0.005);
    });
    expect(jobs.reduce((m, j) => Math.max(m, j.cores), 0)).toBe(128);
  });

  it('runtimes: ln(runtime) of serial jobs has the hyper-gamma mean (±0.02) and standard deviation (±2 %)', () => {
    const p = Math.min(1, Math.max(0, published.pa + published.pb));
    const m1 = published.a1 * published.b1;
    const m2 = published.a2 * published.b2;
    const mean = p * m1 + (1 - p) * m2;
    const second = p * (published.a1 * published.b1 ** 2 + m1 ** 2) + (1 - p) * (published.a2 * published.b2 ** 2 + m2 ** 2);
    const sd = Math.sqrt(second - mean ** 2);
    const logs = jobs.filter((j) => j.cores === 1).map((j) => Math.log(j.runtimeS));
    const m = logs.reduce((a, b) => a + b, 0) / logs.length;
    const s = Math.sqrt(logs.reduce((a, b) => a + (b - m) ** 2, 0) / (logs.length - 1));
    expect(Math.abs(m - mean)).toBeLessThan(0.02);
    expect(Math.abs(s / sd - 1)).toBeLessThan(0.02);
    expect(jobs.reduce((m, j) => Math.max(m, j.runtimeS), 0)).toBeLessThanOrEqual(Math.exp(12));
  });

  it('runtimes are correlated with size: the median runtime of 64+ processor jobs exceeds that of serial jobs', () => {
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    const serial = median(jobs.filter((j) => j.cores === 1).map((j) => j.runtimeS));
    const wide = median(jobs.filter((j) => j.cores >= 64).map((j) => j.runtimeS));
    expect(wide).toBeGreaterThan(2 * serial);
  });

  it('uHi and coresPerProcessor scale the sizes (max 2^12 processors × 64 cores)', () => {
    const big = generate({ rate: '100/h', classes: [{ name: 'hpc', model: 'lublin', lublin: { uHi: 12, coresPerProcessor: 64 } }] }, '10d');
    expect(big.reduce((m, j) => Math.max(m, j.cores), 0)).toBe(4096 * 64);
    expect(big.every((j) => j.cores % 64 === 0)).toBe(true);
  });

  it('refuses parameters whose runtimes nearly all fall above maxLogRuntime (the redraws never ended); keeps the published sets', () => {
    const refused = (lublin: Record<string, unknown>): string => {
      try {
        generate({ rate: '10/h', classes: [{ name: 'hpc', model: 'lublin', lublin }] }, '1h');
      } catch (error) {
        return String(error);
      }
      return '';
    };
    expect(refused({ a1: 1000, b1: 1, a2: 1000, b2: 1 })).toMatch(/workload\[0\]\.classes\[0\]\.lublin: only 0\.0 of the runtime draws fall under maxLogRuntime 12/);
    // Only the second gamma is out of reach, and only large jobs use it alone (weight pa·size + pb → 0).
    expect(refused({ a2: 1000, b2: 1, pa: -0.01, pb: 1, uHi: 8 })).toMatch(/lower a1·b1 or a2·b2/);
    expect(refused({ a2: 1000, b2: 1, pa: 0, pb: 1 })).toBe('');
    for (const jobType of ['all', 'batch', 'interactive']) expect(refused({ jobType })).toBe('');
    expect(lublinKeptShare({ ...LUBLIN_PUBLISHED.all, maxLogRuntime: 12 })).toBeGreaterThan(0.99);
  });

  it('gamma variates have mean shape × scale and variance shape × scale² (±1 %, ±3 %; 200,000 draws)', () => {
    for (const [shape, scale] of [
      [639.1, 0.0156],
      [4.2, 0.94],
      [0.5, 2],
    ] as const) {
      const rng = createRng(3, `gamma/${shape}`);
      const xs = Array.from({ length: 200_000 }, () => gammaVariate(rng, shape, scale));
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
      expect(Math.abs(m / (shape * scale) - 1)).toBeLessThan(0.01);
      expect(Math.abs(v / (shape * scale * scale) - 1)).toBeLessThan(0.03);
    }
  });
});

describe('user runtime estimates', () => {
  it('tsafrir: estimates are never below the runtime and are popular round values ≤ the maximum', () => {
    const jobs = generate({ rate: '200/h', estimates: { model: 'tsafrir', max: '36h' }, classes: [{ name: 'hpc', model: 'lublin' }] }, '10d');
    expect(jobs.every((j) => j.walltimeS >= j.runtimeS)).toBe(true);
    const within = jobs.filter((j) => j.runtimeS <= 36 * 3600);
    expect(new Set(within.map((j) => j.walltimeS)).size).toBeLessThanOrEqual(20);
    expect(within.reduce((m, j) => Math.max(m, j.walltimeS), 0)).toBe(36 * 3600);
    // Longer runtimes than the maximum keep their own runtime, rounded up to a minute.
    expect(jobs.filter((j) => j.runtimeS > 36 * 3600).every((j) => j.walltimeS === Math.ceil(j.runtimeS / 60) * 60)).toBe(true);
    // The maximum is the most popular estimate (the model's top rank).
    const counts = new Map<number, number>();
    for (const j of jobs) counts.set(j.walltimeS, (counts.get(j.walltimeS) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0] as [number, number];
    expect(top[0]).toBe(36 * 3600);
  });

  it('exact: walltime = runtime', () => {
    const jobs = generate({ rate: '50/h', estimates: { model: 'exact' }, classes: [hpcClass] }, '5d');
    expect(jobs.every((j) => j.walltimeS === j.runtimeS)).toBe(true);
  });
});

describe('class models', () => {
  it('ai-inference carries its deadline and latency bound; ai-training ties cores to GPUs', () => {
    const jobs = generate({ rate: '100/h', classes: [{ name: 'inf', model: 'ai-inference' }, { name: 'train', model: 'ai-training' }] }, '3d');
    const inf = jobs.filter((j) => j.jobClass === 'inf');
    expect(inf.every((j) => j.deadlineS === 900 && j.maxLatencyS === 0.005 && j.gpus >= 1 && j.gpus <= 8)).toBe(true);
    const train = jobs.filter((j) => j.jobClass === 'train');
    expect(train.every((j) => j.cores === 16 * j.gpus && j.gpus >= 8 && j.inputBytes === 500e9)).toBe(true);
  });
});

it('the built-in TaihuLight profile is the copied data file', () => {
  const csv = readFileSync(join(import.meta.dirname, '..', '..', 'data', 'layout-2025', 'diurnal_taihulight_sample.csv'), 'utf8');
  const counts = csv.trim().split('\n').slice(1).map((line) => Number(line.split(',')[1]));
  expect(counts).toEqual(TAIHULIGHT_HOURLY_JOBS);
});

// Speed belongs in the bench (`node bench/run.mjs national` times generation at 10^6 jobs), not
// here: this checks what 10^6 profiled jobs are, not how fast they come.
it('generates 10^6 profiled jobs in submission order, each within the horizon', () => {
  const jobs = generate({ rate: '2000/h', daily: 'taihulight', weekly: 'taihulight', classes: [hpcClass, { name: 'l', model: 'lublin' }] }, '21d');
  expect(jobs.length).toBeGreaterThan(900_000);
  let previous = 0;
  let outOfOrder = 0;
  for (const j of jobs) {
    if (!(j.submitS >= previous && j.submitS < 21 * 86400)) outOfOrder++;
    previous = j.submitS;
  }
  expect(outOfOrder).toBe(0);
});

export type { WorkloadSource };

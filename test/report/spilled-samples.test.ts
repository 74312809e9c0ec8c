import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { centreDistributions, sampleDistribution } from '../../src/report/sample-distributions.js';
import { CentreSamples, Samples } from '../../src/report/samples.js';
import { type Distribution, distribution } from '../../src/report/stats.js';
import { runToFolder } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

// Issue 16: a long run keeps its per-job samples in a temporary file past a limit, and builds
// its exact quantiles by merging sorted runs from it. Same values, bit for bit, as sorting the
// whole sample in memory: the mean sums in sorted order either way.

/** Values with ties, zeros, negatives, a wide range of magnitudes and exact repeats. */
function values(n: number, seed: string): number[] {
  const random = seedrandom(seed);
  return Array.from({ length: n }, () => {
    const u = random();
    if (u < 0.1) return 0;
    if (u < 0.2) return Math.floor(random() * 10);
    if (u < 0.25) return -random() * 100;
    return 10 ** (random() * 8) * random();
  });
}

/** The fields of two distributions equal bit for bit (Object.is: NaN equals NaN, 0 is not −0). */
function expectSame(actual: Distribution, expected: Distribution, what: string): void {
  for (const key of ['count', 'mean', 'p50', 'p95', 'p99', 'max'] as const) {
    expect(Object.is(actual[key], expected[key]), `${what} ${key}: ${actual[key]} vs ${expected[key]}`).toBe(true);
  }
}

const leftovers = (): string[] => readdirSync(tmpdir()).filter((name) => name.startsWith('cnsim-samples-'));

describe('samples spilled to a temporary file', () => {
  const before = leftovers();

  it.each([0, 1, 2, 3, 99, 100, 101, 250, 1000, 4321])('a sample of %i values: the same distribution as an in-memory sort', (n) => {
    const xs = values(n, `s${n}`);
    const samples = new Samples(100);
    for (const x of xs) samples.push(x);
    expect(samples.spills).toBe(n > 100);
    expect(Array.from(samples.toArray())).toEqual(xs);
    // Scratch of the in-memory limit, as buildReports gives it; and a smaller one (more runs).
    for (const scratch of n > 100 ? [100, 7] : [100]) {
      const s = new Samples(100);
      for (const x of xs) s.push(x);
      expectSame(sampleDistribution(s, new Float64Array(Math.min(n, scratch))), distribution(xs), `n=${n} scratch=${scratch}`);
      s.close();
    }
    samples.close();
  });

  it.each([
    [5000, 3, 64],
    [3000, 40, 100],
    [257, 7, 256],
    [10, 5, 3],
  ])('%i values over %i centres, %i in memory: national and per-centre distributions as in memory', (n, centreCount, inMemory) => {
    const random = seedrandom(`c${n}`);
    const xs = values(n, `cv${n}`);
    // Centre 1 gets nothing, so a centre without values is covered.
    const cs = xs.map(() => {
      const c = Math.floor(random() * centreCount);
      return c === 1 ? 0 : c;
    });
    const spilled = new CentreSamples(inMemory);
    xs.forEach((x, i) => spilled.push(x, cs[i] as number));
    expect(spilled.spills).toBe(n > inMemory);
    const got = centreDistributions(spilled, centreCount, new Float64Array(Math.min(n, inMemory)));
    spilled.close();
    expectSame(got.all, distribution(xs), 'national');
    for (let c = 0; c < centreCount; c++) {
      expectSame(got.centres[c] as Distribution, distribution(xs.filter((_, i) => cs[i] === c)), `centre ${c}`);
    }
    // The in-memory path gives the same.
    const held = new CentreSamples(n + 1);
    xs.forEach((x, i) => held.push(x, cs[i] as number));
    expect(held.spills).toBe(false);
    const direct = centreDistributions(held, centreCount, new Float64Array(n));
    expectSame(direct.all, got.all, 'in memory, national');
  });

  it('a temporary folder it cannot write to is bad input naming the folder and TMPDIR', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = join(tmpdir(), 'cnsim-no-such-folder', 'deeper');
    try {
      // Ten values stay in memory; the eleventh chunk needs the file.
      const samples = new Samples(10);
      for (let i = 0; i < 10; i++) samples.push(i);
      let thrown: unknown;
      try {
        for (let i = 10; i < 25; i++) samples.push(i);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).message).toMatch(/cnsim-no-such-folder\/deeper: cannot write the run's temporary samples \(ENOENT\): .*point TMPDIR to a folder with room$/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('leaves no temporary file behind', () => {
    expect(leftovers()).toEqual(before);
  });
});

describe('a run whose samples spill writes the same bytes as one that holds them', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-spill-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const scenario = loadScenario('national-2025');
  const options = { untilS: 2 * 86_400 };

  it('national-2025 for 2 days, samples in memory vs 2,000 values in memory (every file)', () => {
    runToFolder(scenario, 'national-2025', join(dir, 'held'), options, undefined, 'csv');
    runToFolder(scenario, 'national-2025', join(dir, 'spilled'), options, undefined, 'csv', { samplesInMemory: 2000 });
    const files = readdirSync(join(dir, 'held')).sort();
    expect(readdirSync(join(dir, 'spilled')).sort()).toEqual(files);
    expect(files).toContain('summary.csv');
    const jobs = readFileSync(join(dir, 'held', 'jobs.csv'), 'utf8').split('\n').length;
    // Enough jobs that every sample spilled several times over.
    expect(jobs).toBeGreaterThan(20_000);
    // The manifest's wall-clock times are the only bytes that may differ.
    const read = (run: string, name: string): string => {
      const text = readFileSync(join(dir, run, name), 'utf8');
      return name === 'manifest.json' ? text.replace(/"wallClock": \{[^}]*\}/, '') : text;
    };
    for (const name of files) expect(read('spilled', name), name).toBe(read('held', name));
  });
});

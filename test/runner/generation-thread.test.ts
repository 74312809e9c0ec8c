import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/model/job.js';
import type { Scenario } from '../../src/model/scenario.js';
import { drawThreadByDefault, jobStreamDrawnAhead } from '../../src/runner/generation-thread.js';
import { DEFAULT_RING, ringFor, type RingShape } from '../../src/runner/generation-protocol.js';
import { runToFolder } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { drainStream } from '../../src/workload/job-stream.js';
import { jobStream } from '../../src/workload/build-jobs.js';
import { scenarioFrom } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cnsim-draw-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Specs as text with their keys in order: "the same job" means the same bytes in every file. */
const asText = (jobs: readonly JobSpec[]): string[] => jobs.map((j) => JSON.stringify(Object.entries(j)));

/** Every feature a generated job can have, over several sources of very different sizes. */
const mixed = scenarioFrom({
  seed: 5,
  horizon: '1d',
  sites: [
    { id: 'A', lat: 30, lon: 120 },
    { id: 'B', lat: 35, lon: 110 },
  ],
  links: [{ between: ['A', 'B'], bandwidth: '10Gbps', latency: '10ms' }],
  datasets: [
    { id: 'era5', size: '2GB', replicas: ['A', 'B'] },
    { id: 'genome', size: '300MB', replicas: ['B'] },
  ],
  centres: [
    { id: 'C', site: 'A', software: ['gromacs'], partitions: [{ id: 'cpu', nodes: 512, coresPerNode: 64, memoryPerNode: '256GB' }, { id: 'gpu', nodes: 64, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100' }] },
  ],
  workload: [
    // About 3 rings' worth and more: chunks are handed over, freed and drawn again.
    { kind: 'poisson', origin: 'A', name: 'big', rate: '400/h', daily: 'taihulight', weekly: 'taihulight', growth: 2, classes: [{ name: 'hpc', cores: [1, 256], runtime: { median: '10min', max: '2h' } }, { name: 'l', model: 'lublin', share: 0.5 }] },
    { kind: 'poisson', origin: 'B', name: 'data', dataSite: 'A', rate: '50/h', estimates: { model: 'tsafrir', max: '12h' }, classes: [{ name: 'ana', cores: [1, 32], runtime: { median: '5min', max: '1h' }, datasets: ['era5', 'genome'], slack: '2h', software: ['gromacs'], minMemoryPerNode: '128GB' }] },
    { kind: 'poisson', origin: 'A', name: 'gpu', rate: '5/h', estimates: { model: 'exact' }, classes: [{ name: 'train', model: 'ai-training', gpuModels: ['A100'] }] },
    // A source that never draws a job: its first and last chunk is empty.
    { kind: 'poisson', origin: 'B', name: 'none', rate: '1/h', start: '12h', end: '12h', classes: [{ name: 'x', cores: 1, runtime: { median: '1min', max: '1min' } }] },
  ],
});

describe('the Poisson jobs drawn on a thread of their own', () => {
  it('are the jobs drawn on the run’s thread, key for key and bit for bit, over several rings’ worth per source', () => {
    const here = drainStream(jobStream(mixed, mixed.seed));
    // Freed chunks are filled with NaN: a job read from a chunk after its free would show.
    const drawn = jobStreamDrawnAhead(mixed, mixed.seed, { poisonFreed: true });
    const there = drainStream(drawn.stream);
    drawn.close();
    expect(here.filter((j) => j.id.startsWith('big.')).length).toBeGreaterThan(3 * DEFAULT_RING.chunks * DEFAULT_RING.chunkJobs);
    expect(here.some((j) => j.dataset !== undefined && j.slackS !== undefined && j.software !== undefined)).toBe(true);
    expect(here.some((j) => j.gpus > 0 && j.gpuModels !== undefined)).toBe(true);
    expect(here.some((j) => j.id.startsWith('none.'))).toBe(false);
    expect(asText(there)).toEqual(asText(here));
    // Exhausted stays exhausted.
    expect(drawn.stream.next()).toBeUndefined();
  });

  it.each([
    [1, 2, 'every chunk full, each source ending on a full chunk and an empty last one'],
    [3, 2, 'jobs on every chunk boundary'],
    [7, 4, 'odd sizes'],
  ])('are the same with chunks of %i jobs, %i to a ring (%s)', (chunkJobs, chunks) => {
    const drawn = jobStreamDrawnAhead(mixed, mixed.seed, { ring: { chunks, chunkJobs }, poisonFreed: true });
    const there = drainStream(drawn.stream);
    drawn.close();
    expect(asText(there)).toEqual(asText(drainStream(jobStream(mixed, mixed.seed))));
  });

  it.each([
    [0, 'none: every job from the rings'],
    [5, 'a job or two per source, then mid-chunk'],
    [2_500, 'a ring’s worth and more for the big source'],
    [1_000_000, 'more than every source has: sources end within it'],
  ])('are the same with a head start of %i jobs drawn on the run’s thread (%s)', (headStartJobs) => {
    const drawn = jobStreamDrawnAhead(mixed, mixed.seed, { ring: { chunks: 2, chunkJobs: 7 }, headStartJobs, poisonFreed: true });
    const there = drainStream(drawn.stream);
    drawn.close();
    expect(asText(there)).toEqual(asText(drainStream(jobStream(mixed, mixed.seed))));
    expect(drawn.stream.next()).toBeUndefined();
  });

  it('merge with traces in the scenario’s order (trace-mix, another seed than its own)', () => {
    const scenario = loadScenario('trace-mix');
    const drawn = jobStreamDrawnAhead(scenario, 99);
    const there = drainStream(drawn.stream);
    drawn.close();
    expect(asText(there)).toEqual(asText(drainStream(jobStream(scenario, 99))));
  });

  it.each([0, 10])('stop when the run stops early: reading on after close() is an error, not a hang (head start %i)', (headStartJobs) => {
    const drawn = jobStreamDrawnAhead(mixed, mixed.seed, { headStartJobs });
    for (let i = 0; i < 10; i++) expect(drawn.stream.next()).toBeDefined();
    drawn.close();
    const readOn = (): void => {
      for (let i = 0; i < 100 * DEFAULT_RING.chunkJobs; i++) drawn.stream.next();
    };
    expect(readOn).toThrow(/stopped: the stream was read after close\(\)/);
    // Broken for good: not one chunk further on.
    expect(readOn).toThrow(/stopped: the stream was read after close\(\)/);
  });

  it('refuse a drawing thread of an older build (protocol 1, which ignored the head start) at its first chunk, before a wrong job', () => {
    // As a build from before the head start behaves: READY set to 1, and every source's ring
    // handed over (here: empty, the source's last chunk) without skipping anything.
    const protocol = pathToFileURL(join(process.cwd(), 'dist/runner/generation-protocol.js')).href;
    const oldWorker = join(dir, 'old-worker.mjs');
    writeFileSync(
      oldWorker,
      `import { workerData } from 'node:worker_threads';
      import { READY, LAST, stateSlot } from ${JSON.stringify(protocol)};
      const control = new Int32Array(workerData.control);
      Atomics.store(control, READY, 1);
      workerData.sources.forEach((_, s) => {
        const slot = stateSlot(workerData.ring, s, 0);
        Atomics.store(control, slot + 1, 0);
        Atomics.store(control, slot, LAST);
        Atomics.notify(control, slot);
      });
      workerData.port.unref();`,
    );
    const drawn = jobStreamDrawnAhead(mixed, mixed.seed, { headStartJobs: 5, workerFile: oldWorker });
    const here = jobStream(mixed, mixed.seed);
    let read = 0;
    let caught: unknown;
    try {
      for (let job = drawn.stream.next(); job !== undefined; job = drawn.stream.next()) {
        // Every job given before the refusal is the right one.
        expect(JSON.stringify(Object.entries(job))).toBe(JSON.stringify(Object.entries(here.next() as JobSpec)));
        read++;
      }
    } catch (error) {
      caught = error;
    }
    drawn.close();
    expect(read).toBeGreaterThan(0);
    expect(String(caught)).toMatch(/older build than the run \(it speaks protocol 1, the run 2\): rebuild \(npm run build\)/);
  });

  it('bring the drawing thread’s error to the run’s thread, with its name, message and stack', () => {
    // A source the schema would refuse (no classes): drawing its first job fails on the drawing thread.
    const source = mixed.workload[0] as Extract<Scenario['workload'][number], { kind: 'poisson' }>;
    const broken: Scenario = { ...mixed, workload: [{ ...source, classes: [] }] };
    const drawn = jobStreamDrawnAhead(broken, 1, { headStartJobs: 0 });
    let caught: unknown;
    try {
      drainStream(drawn.stream);
    } catch (error) {
      caught = error;
    }
    drawn.close();
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('TypeError');
    expect((caught as Error).message).toMatch(/undefined/);
    // The stack is the drawing thread's, where the error happened.
    expect((caught as Error).stack).toMatch(/poisson\.(js|ts)/);
  });

  it('give a run the same results folder as jobs drawn on its thread', () => {
    const folders = [true, false].map((drawThread) => {
      const out = join(dir, `run-${drawThread}`);
      runToFolder(mixed, 'mixed.yaml', out, {}, undefined, 'csv', { drawThread });
      return out;
    });
    const [a, b] = folders as [string, string];
    const files = readdirSync(a).filter((f) => f !== 'manifest.json');
    expect(files).toContain('jobs.csv');
    expect(readdirSync(b).filter((f) => f !== 'manifest.json')).toEqual(files);
    for (const f of files) expect(readFileSync(join(a, f), 'utf8'), f).toBe(readFileSync(join(b, f), 'utf8'));
  });
});

describe('the rings of the drawing thread', () => {
  it('take the default shape for a national layout, shorter chunks past 16 MB, and none for thousands of sources', () => {
    expect(ringFor(15, 7)).toEqual(DEFAULT_RING);
    const many = ringFor(1000, 7) as RingShape;
    expect(many.chunkJobs).toBeLessThan(DEFAULT_RING.chunkJobs);
    expect(1000 * many.chunks * many.chunkJobs * 7 * 8).toBeLessThanOrEqual(16 << 20);
    expect(many.chunkJobs).toBeGreaterThanOrEqual(64);
    expect(ringFor(20_000, 7)).toBeNull();
  });

  it('a scenario with too many sources for rings (20,000) still gives the same jobs', () => {
    const source = mixed.workload[2] as Extract<Scenario['workload'][number], { kind: 'poisson' }>;
    const many: Scenario = { ...mixed, workload: Array.from({ length: 20_000 }, (_, i) => ({ ...source, name: `s${i}`, ratePerS: source.ratePerS / 1000 })) };
    const drawn = jobStreamDrawnAhead(many, 3);
    const first = Array.from({ length: 50 }, () => drawn.stream.next());
    drawn.close();
    const here = jobStream(many, 3);
    expect(asText(first as JobSpec[])).toEqual(asText(Array.from({ length: 50 }, () => here.next() as JobSpec)));
  });
});

describe('when a run draws on a thread of its own', () => {
  it('past 200,000 generated jobs on a machine with a second core; never for national-2025 (155,607 jobs) or trace replays', () => {
    const cores = availableParallelism();
    expect(drawThreadByDefault(loadScenario('national-2025-year'))).toBe(cores > 1);
    expect(drawThreadByDefault(loadScenario('national-2025'))).toBe(false);
    // 202,871 jobs, all read from a trace: nothing to draw.
    expect(drawThreadByDefault(loadScenario('replay-hpc2n'))).toBe(false);
  });
});

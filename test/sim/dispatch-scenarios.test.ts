import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { statusLabel } from '../../src/report/job-metrics.js';
import { loadDispatchPlugin, resolvePolicies } from '../../src/runner/load-plugin.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { PolicyDecisionError } from '../../src/sim/policy-decision-error.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

const PLUGINS = join(import.meta.dirname, '..', 'fixtures', 'plugins');

const twoCentres = (dispatch: Record<string, unknown>) =>
  scenarioFrom({
    centres: [
      { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }] },
      { id: 'C2', site: 'A', partitions: [{ id: 'p', nodes: 4 }] },
    ],
    dispatch,
  });
const fourSmallJobs = [0, 1, 2, 3].map((i) => job(`j${i}`, { submitS: 10 + i, cores: 1, runtimeS: 100 }));

describe('stale information and herding (least-loaded)', () => {
  it('herds every job onto one centre within an info period when the view is stale and the dispatcher ignores its own decisions', () => {
    // The view was taken at t=0 (both centres empty) and is refreshed at t=3600: jobs at t=10..13
    // all see C1 and C2 equally empty and all go to C1 (ties to scenario order).
    const result = new Simulation(twoCentres({ policy: 'least-loaded', infoPeriod: '1h', countOwnDecisions: false }), fourSmallJobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 0, 0, 0]);
  });

  it('does not herd with a live view (infoPeriod 0), even ignoring its own decisions', () => {
    const result = new Simulation(twoCentres({ policy: 'least-loaded', infoPeriod: 0, countOwnDecisions: false }), fourSmallJobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1, 0, 1]);
  });

  it('does not herd with a stale view when it counts its own decisions (the default)', () => {
    const result = new Simulation(twoCentres({ policy: 'least-loaded', infoPeriod: '1h' }), fourSmallJobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1, 0, 1]);
  });

  it('sees the herd after the next refresh: a job after t=3600 goes to the emptier centre', () => {
    const jobs = [...[0, 1, 2, 3].map((i) => job(`j${i}`, { submitS: 10 + i, cores: 1, runtimeS: 5000 })), job('late', { submitS: 3700, cores: 1, runtimeS: 10 })];
    const result = new Simulation(twoCentres({ policy: 'least-loaded', infoPeriod: '1h', countOwnDecisions: false }), jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 0, 0, 0, 1]);
  });
});

describe('data-locality', () => {
  // C1 at the users' site A, C2 at B where the data lives; A–B is 1 Gbps.
  const scenario = scenarioFrom({
    sites: [{ id: 'B', lat: 31, lon: 121 }],
    centres: [
      { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }] },
      { id: 'C2', site: 'B', partitions: [{ id: 'p', nodes: 1 }] },
    ],
    links: [{ between: ['A', 'B'], bandwidth: '1Gbps', latency: '1ms' }],
    dispatch: { policy: 'data-locality', infoPeriod: 0 },
  });

  it('keeps jobs next to their data even when that centre is busier (bytes moved: output only vs input)', () => {
    // At C2 only the 1 MB output moves back to A; at C1 the 1 GB input would move.
    const jobs = [0, 1, 2].map((i) => job(`d${i}`, { submitS: i, cores: 1, runtimeS: 100, origin: 'A', dataSite: 'B', inputBytes: 1e9, outputBytes: 1e6 }));
    const result = new Simulation(scenario, jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([1, 1, 1]);
    expect(result.jobs.map((j) => j.stageInS)).toEqual([0, 0, 0]);
    expect(result.jobs.map((j) => j.startS)).toEqual([0, 100, 200]);
  });

  it('breaks a tie in bytes by expected completion, not scenario order', () => {
    // d0 fills C1 (its data is at A). x has no data: both centres move 0 bytes, C1 is full for
    // 99 more seconds, C2 is free, so x finishes first at C2.
    const jobs = [job('d0', { submitS: 0, cores: 4, runtimeS: 100, origin: 'A', dataSite: 'A', inputBytes: 1e9 }), job('x', { submitS: 1, cores: 1, runtimeS: 10, origin: 'B', dataSite: 'B' })];
    const result = new Simulation(scenario, jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1]);
  });
});

describe('origin-first', () => {
  // The origin A has a 1-node centre; the other centre is at B (1 ms away). Jobs of 1 node,
  // walltime = runtime = 100 s. Live view: at t=1 the job's expected wait at A is the remaining
  // 99 s of the running job; at t=2 it is 98 + 100 (the queued job) = 198 s.
  const scenario = (maxWaitS: number) =>
    scenarioFrom({
      sites: [{ id: 'B', lat: 31, lon: 121 }],
      centres: [
        { id: 'FAR', site: 'B', partitions: [{ id: 'p', nodes: 8 }] },
        { id: 'HOME', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] },
      ],
      links: [{ between: ['A', 'B'], bandwidth: '1Gbps', latency: '1ms' }],
      dispatch: { policy: 'origin-first', options: { maxWaitS }, infoPeriod: 0 },
    });
  const jobs = [0, 1, 2].map((i) => job(`o${i}`, { submitS: i, cores: 1, runtimeS: 100 }));
  const centresOf = (maxWaitS: number) => new Simulation(scenario(maxWaitS), jobs, BUILTIN_POLICIES).run().jobs.map((j) => j.centre);

  it('stays home while the expected wait is at most the threshold (99 s ≤ 99 s), spills when it is above (198 s)', () => {
    expect(centresOf(99)).toEqual([1, 1, 0]);
  });

  it('spills exactly when the threshold is crossed: with 98.999 s the second job (99 s) leaves, the third (98 s: the queue went away with it) stays', () => {
    expect(centresOf(98.999)).toEqual([1, 0, 1]);
  });

  it('never spills with a threshold above every wait', () => {
    expect(centresOf(198)).toEqual([1, 1, 1]);
  });
});

describe('heterogeneous partitions and the speed table', () => {
  const scenario = scenarioFrom({
    centres: [
      {
        id: 'C',
        site: 'A',
        lat: 30,
        lon: 120,
        partitions: [
          { id: 'cpu', nodes: 64, coresPerNode: 64, cpuModel: 'EPYC', speed: 1 },
          { id: 'npu', nodes: 4, coresPerNode: 192, gpusPerNode: 8, gpuModel: 'Ascend910', speed: 0.5 },
        ],
      },
    ],
    speeds: { 'ai-training': { Ascend910: 0.7 }, '*': { EPYC: 2 } },
    dispatch: { policy: 'random', infoPeriod: 0 },
  });
  const result = new Simulation(
    scenario,
    [
      // Training on the NPU: speed 0.7 from the table → 70 s / 0.7 = 100 s; walltime 140 / 0.7 = 200 s.
      job('train', { submitS: 0, cores: 8, gpus: 8, runtimeS: 70, walltimeS: 140, jobClass: 'ai-training' }),
      // Inference has no entry for Ascend910: the partition's own speed 0.5 → 70 / 0.5 = 140 s.
      job('infer', { submitS: 0, cores: 8, gpus: 8, runtimeS: 70, walltimeS: 140, jobClass: 'ai-inference' }),
      // Every class on EPYC runs at 2 (the `*` row): 100 / 2 = 50 s.
      job('cpu', { submitS: 0, cores: 64, runtimeS: 100, walltimeS: 100, jobClass: 'hpc' }),
      // Runtime above the request: killed at walltime / speed = 70 / 0.7 = 100 s.
      job('overrun', { submitS: 0, cores: 8, gpus: 8, runtimeS: 90, walltimeS: 70, jobClass: 'ai-training' }),
      // GPU jobs never land on the CPU partition, whatever the (random) policy draws.
      ...Array.from({ length: 50 }, (_, i) => job(`g${i}`, { submitS: 1 + i, cores: 1, gpus: 1, runtimeS: 10 })),
    ],
    BUILTIN_POLICIES,
  ).run();
  const byId = new Map(result.jobs.map((j) => [j.spec.id, j]));

  it.each([
    ['train', 0.7, 100, 200],
    ['infer', 0.5, 140, 280],
    ['cpu', 2, 50, 50],
    ['overrun', 0.7, 100, 100],
  ])('%s runs at speed %d: %d s, walltime %d s there', (id, speed, runS, walltimeS) => {
    const j = byId.get(id);
    expect(j?.speed).toBe(speed);
    expect(j?.runS).toBeCloseTo(runS, 9);
    expect(j?.walltimeS).toBeCloseTo(walltimeS, 9);
  });

  it('kills a job whose runtime exceeds its request at the scaled walltime', () => {
    expect(byId.get('overrun') && statusLabel(byId.get('overrun') as never)).toBe('killed');
  });

  it('never puts a GPU job on a CPU-only partition', () => {
    const gpuJobs = result.jobs.filter((j) => j.spec.gpus > 0);
    expect(gpuJobs.length).toBe(53);
    expect(gpuJobs.every((j) => result.partitions[j.partition]?.spec.id === 'npu')).toBe(true);
  });
});

describe('queue limits, refusal and back-off', () => {
  const scenario = (retry: Record<string, unknown> | undefined) =>
    scenarioFrom({
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, maxQueuedJobs: 1 }] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0, ...(retry === undefined ? {} : { retry }) },
    });
  // j0 runs 0–100; j1 (t=1) waits, the one job allowed; j2 at t=2 finds the queue full.
  const jobs = [0, 1, 2].map((t, i) => job(`j${i}`, { submitS: t, cores: 1, runtimeS: 100 }));

  it('rejects a job refused by a full queue, naming the limit, and counts the refusal', () => {
    const result = new Simulation(scenario(undefined), jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => statusLabel(j))).toEqual(['done', 'done', 'rejected']);
    expect(result.jobs[2]?.rejectReason).toBe('queue full (1 waiting jobs) at C/p');
    expect(result.refusals).toBe(1);
  });

  it('re-dispatches after the back-off and succeeds once the queue has room', () => {
    // Attempts at t=2 and t=62 are refused (j1 waits until 100); the third, at 122, is accepted.
    const result = new Simulation(scenario({ backoff: '60s', maxAttempts: 3 }), jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => statusLabel(j))).toEqual(['done', 'done', 'done']);
    expect(result.jobs[2]?.dispatchedS).toBe(122);
    expect(result.jobs[2]?.startS).toBe(200);
    expect(result.refusals).toBe(2);
  });

  it('rejects after maxAttempts refusals, saying how many', () => {
    const result = new Simulation(scenario({ backoff: '10s', maxAttempts: 2 }), jobs, BUILTIN_POLICIES).run();
    expect(result.jobs[2]?.rejectReason).toBe('queue full (1 waiting jobs) at C/p, 2 attempts');
    expect(result.refusals).toBe(2);
  });
});

describe('batch dispatch', () => {
  it('decides for all jobs ready since the last batch at multiples of batchInterval', () => {
    const scenario = twoCentres({ policy: 'least-loaded', infoPeriod: 0, batchInterval: '10s' });
    const result = new Simulation(scenario, [3, 7, 10, 11].map((t, i) => job(`b${i}`, { submitS: t, cores: 1, runtimeS: 5 })), BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => j.dispatchedS)).toEqual([10, 10, 10, 20]);
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1, 0, 0]);
  });
});

describe('dispatch plug-ins', () => {
  const withModule = (file: string, options: Record<string, unknown> = {}) =>
    scenarioFrom({
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 2 }] }],
      dispatch: { module: join(PLUGINS, file), options, infoPeriod: 0 },
    });
  const jobs = [0, 1, 2].map((t, i) => job(`p${i}`, { submitS: t, cores: 1, runtimeS: 10 }));

  it('stops the run naming the module and the job when the plug-in throws', async () => {
    const scenario = withModule('throws.mjs');
    const sim = new Simulation(scenario, jobs, await resolvePolicies(scenario));
    expect(() => sim.run()).toThrow(PolicyDecisionError);
    expect(() => new Simulation(scenario, jobs, BUILTIN_POLICIES)).toThrow(/was not loaded/);
    const again = new Simulation(scenario, jobs, await resolvePolicies(scenario));
    expect(() => again.run()).toThrow(/dispatch plug-in 'throws-on-second' \(.*throws\.mjs\) threw while dispatching job p1 at t=1s \(1 candidates\): boom/);
  });

  it('stops the run naming the module, the job and the decision when the plug-in returns an invalid position', async () => {
    const scenario = withModule('out-of-range.mjs', { offset: 2 });
    const sim = new Simulation(scenario, jobs, await resolvePolicies(scenario));
    expect(() => sim.run()).toThrow(/dispatch plug-in 'out-of-range' \(.*out-of-range\.mjs\) returned 3 for job p0 at t=0s; expected an integer in \[0, 0\]/);
  });

  it('validates the plug-in options with its own schema, naming the path', async () => {
    await expect(loadDispatchPlugin(join(PLUGINS, 'out-of-range.mjs'), { offset: 'x' })).rejects.toThrow(/dispatch\.options\.offset: .*plug-in 'out-of-range'/);
    await expect(loadDispatchPlugin(join(PLUGINS, 'out-of-range.mjs'), { ofset: 1 })).rejects.toThrow(/ofset/);
  });

  it('refuses a module that exports no policy, or that cannot be loaded', async () => {
    await expect(loadDispatchPlugin(join(PLUGINS, 'not-a-policy.mjs'), {})).rejects.toThrow(/must export a policy made with definePolicy/);
    await expect(loadDispatchPlugin(join(PLUGINS, 'missing.mjs'), {})).rejects.toThrow(/cannot load dispatch plug-in/);
  });

  it('resolves a scenario module relative to the scenario file and refuses policy and module together', () => {
    expect(withModule('throws.mjs').dispatch.module).toBe(join(PLUGINS, 'throws.mjs'));
    expect(scenarioFrom({ centres: [{ id: 'C', site: 'A', lat: 0, lon: 0, partitions: [{ id: 'p', nodes: 1 }] }], dispatch: { module: 'x.mjs' } }).dispatch.module).toMatch(/\/x\.mjs$/);
    expect(() =>
      scenarioFrom({ centres: [{ id: 'C', site: 'A', lat: 0, lon: 0, partitions: [{ id: 'p', nodes: 1 }] }], dispatch: { module: 'x.mjs', policy: 'random' } }),
    ).toThrow(/dispatch\.module: give either a built-in 'policy' or a plug-in 'module'/);
  });
});

describe('job constraints from workload files and generators', () => {
  it('reads gpu_models, min_memory_per_node_bytes and software columns of a jobs file', async () => {
    const { readJobsCsv } = await import('../../src/workload/jobs-csv.js');
    const [a, b] = readJobsCsv(
      'inline.csv',
      'id,submit_s,origin,class,cores,gpus,runtime_s,gpu_models,min_memory_per_node_bytes,software\nj1,0,A,ai,8,8,60,A100|H800,1e12,mindspore|cuda\nj2,0,A,hpc,8,0,60,,,\n',
    );
    expect(a).toMatchObject({ gpuModels: ['A100', 'H800'], minMemoryPerNodeBytes: 1e12, software: ['mindspore', 'cuda'] });
    expect(b && 'gpuModels' in b).toBe(false);
  });

  it('copies generator class constraints to every job of the class', async () => {
    const { buildJobs } = await import('../../src/workload/build-jobs.js');
    const scenario = scenarioFrom({
      horizon: '1h',
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] }],
      workload: [{ kind: 'poisson', origin: 'A', rate: '60/h', classes: [{ name: 'ai', cores: 8, gpus: 8, runtime: { median: 60, max: 60 }, gpuModels: ['A100'], minMemoryPerNode: '512GB', software: ['cuda'] }] }],
    });
    const jobs = buildJobs(scenario, 1);
    expect(jobs.length).toBeGreaterThan(10);
    expect(jobs.every((j) => j.gpuModels?.[0] === 'A100' && j.minMemoryPerNodeBytes === 512e9 && j.software?.[0] === 'cuda')).toBe(true);
  });
});

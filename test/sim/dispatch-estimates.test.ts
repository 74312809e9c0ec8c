import { describe, expect, it } from 'vitest';
import { type CandidateView, type DispatchPolicy, ESTIMATE_FIELDS } from '../../src/policies/dispatch-policy.js';
import { DISPATCH_POLICIES } from '../../src/policies/registry.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import type { PolicyResolver } from '../../src/sim/run-types.js';
import { Simulation } from '../../src/sim/simulation.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { FOUR_SITES, scenarioFrom } from '../helpers.js';

/**
 * Four sites: datasets with replicas at A and C, an input cache at B, a centre at D that no
 * link reaches (only jobs whose data is at D can go there), the dispatcher down for two hours
 * with the origin's centres deciding, and jobs from A, B and D with and without datasets.
 */
const scenario = scenarioFrom({
  seed: 11,
  horizon: '12h',
  sites: FOUR_SITES,
  links: [
    { between: ['A', 'B'], bandwidth: '10Gbps', latency: '10ms' },
    { between: ['B', 'C'], bandwidth: '40Gbps', latency: '15ms' },
  ],
  datasets: [
    { id: 'era5', size: '20GB', replicas: ['A', 'C'] },
    { id: 'genome', size: '3GB', replicas: ['C'] },
  ],
  centres: [
    { id: 'CA', site: 'A', partitions: [{ id: 'cpu', nodes: 16, coresPerNode: 64 }, { id: 'gpu', nodes: 4, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100' }] },
    { id: 'CB', site: 'B', cache: '30GB', partitions: [{ id: 'cpu', nodes: 24, coresPerNode: 64, speed: 1.3 }] },
    { id: 'CC', site: 'C', partitions: [{ id: 'cpu', nodes: 8, coresPerNode: 128 }, { id: 'gpu', nodes: 2, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100' }] },
    { id: 'CD', site: 'D', partitions: [{ id: 'cpu', nodes: 4, coresPerNode: 64 }] },
  ],
  dispatch: { policy: 'least-loaded', infoPeriod: '5min', down: [{ from: '3h', to: '5h' }], fallback: 'origin' },
  workload: [
    { kind: 'poisson', origin: 'A', rate: '60/h', classes: [{ name: 'sim', cores: [16, 512], runtime: { median: '40min', max: '4h' }, inputBytes: '5GB', outputBytes: '1GB' }] },
    { kind: 'poisson', origin: 'B', name: 'data', dataSite: 'A', rate: '40/h', classes: [{ name: 'ana', cores: [1, 64], runtime: { median: '20min', max: '2h' }, datasets: ['era5', 'genome'] }] },
    { kind: 'poisson', origin: 'A', name: 'gpu', rate: '6/h', classes: [{ name: 'train', cores: 8, gpus: [1, 16], runtime: { median: '1h', max: '6h' }, inputBytes: '50GB' }] },
    { kind: 'poisson', origin: 'D', name: 'local', rate: '10/h', classes: [{ name: 'loc', cores: [1, 128], runtime: { median: '30min', max: '2h' }, inputBytes: '1GB' }] },
  ],
});

/** The built-in policies, with each dispatch policy's instance wrapped by `wrap`. */
function wrapped(wrap: (policy: DispatchPolicy) => DispatchPolicy): PolicyResolver {
  return {
    ...BUILTIN_POLICIES,
    dispatch(name) {
      const definition = BUILTIN_POLICIES.dispatch(name);
      return definition === undefined ? undefined : { ...definition, instantiate: (options, context) => wrap(definition.instantiate(options, context)) };
    },
  };
}

/** Where and when every job ran, as text (one line a job). */
function outcome(policy: string, options: Record<string, unknown>, policies: PolicyResolver): string {
  const s = { ...scenario, dispatch: { ...scenario.dispatch, policy, options } };
  const result = new Simulation(s, buildJobs(s, s.seed), policies).run();
  return result.jobs
    .map((j) => [j.spec.id, j.status, j.centre, j.partition, j.dataSource, j.stageInBytes, j.dispatchedS, j.queuedS, j.startS, j.endS].join(' '))
    .join('\n');
}

const SKIPPING: readonly [string, Record<string, unknown>][] = [
  ['least-loaded', {}],
  ['shortest-queue', { measure: 'jobs' }],
  ['shortest-queue', { measure: 'nodes' }],
  ['random', {}],
  ['round-robin', {}],
];

describe('dispatch without job estimates (needsEstimates: false)', () => {
  it('is declared by the policies that read only the views’ loads, and by no policy that reads an estimate', () => {
    const skipping = DISPATCH_POLICIES.filter((d) => d.instantiate({}, { rng: { next: () => 0.5 } as never }).needsEstimates === false).map((d) => d.name);
    expect(skipping.sort()).toEqual(['least-loaded', 'random', 'round-robin', 'shortest-queue']);
  });

  it.each(SKIPPING)('%s %j: every job goes where, and runs when, it does with the estimates computed', (policy, options) => {
    // The same policy with its declaration removed: the dispatcher then computes every estimate.
    const computing = wrapped((p) => ({ choose: p.choose.bind(p) }));
    const skipped = outcome(policy, options, BUILTIN_POLICIES);
    expect(skipped).toEqual(outcome(policy, options, computing));
    // The run exercised what the estimates would have decided: replicas, the cache, the unreachable centre, the fallback.
    expect(skipped).toMatch(/ cache /);
    expect(skipped).toMatch(/ C /);
    expect(skipped).toMatch(/^local\.\d+ \w+ 3 /m);
  });

  it.each(DISPATCH_POLICIES.map((d) => d.name))('%s reads no estimate it declares it does not need, and sees real ones when it needs them', (name) => {
    const read = new Set<string>();
    let skips = false;
    const watching = wrapped((p) => {
      skips = p.needsEstimates === false;
      return {
        ...p,
        choose: (job, candidates, nowS) =>
          p.choose(
            job,
            candidates.map(
              (c) =>
                new Proxy(c, {
                  get(target, key, receiver) {
                    if (typeof key === 'string') read.add(key);
                    return Reflect.get(target, key, receiver);
                  },
                }) as CandidateView,
            ),
            nowS,
          ),
      };
    });
    const seen: number[] = [];
    const checking = wrapped((p) => ({
      ...p,
      choose: (job, candidates, nowS) => {
        for (const c of candidates) for (const k of ESTIMATE_FIELDS) seen.push(c[k]);
        return p.choose(job, candidates, nowS);
      },
    }));
    const options = name === 'weighted' ? { bytes: 1, distance: 1 } : {};
    outcome(name, options, watching);
    if (skips) {
      expect(ESTIMATE_FIELDS.filter((k) => read.has(k))).toEqual([]);
    } else {
      // Computed for every candidate, not left NaN.
      outcome(name, options, checking);
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.filter((v) => Number.isNaN(v))).toEqual([]);
    }
  });

  it('leaves the estimates NaN for such a policy, and computes them when temporal shifting needs them', () => {
    const values: number[] = [];
    const recording = wrapped((p) => ({
      ...p,
      // Said again: a spread does not copy the built-in's own declaration (next test).
      needsEstimates: p.needsEstimates !== false,
      choose: (job, candidates, nowS) => {
        for (const c of candidates) values.push(c.stageInS, c.expectedWaitS, c.powerW);
        return p.choose(job, candidates, nowS);
      },
    }));
    outcome('least-loaded', {}, recording);
    expect(values.length).toBeGreaterThan(0);
    expect(values.every((v) => Number.isNaN(v))).toBe(true);
    values.length = 0;
    const shifting = { ...scenario, dispatch: { ...scenario.dispatch, shift: 'price' as const } };
    new Simulation(shifting, buildJobs(shifting, shifting.seed), recording).run();
    expect(values.length).toBeGreaterThan(0);
    expect(values.some((v) => Number.isNaN(v))).toBe(false);
  });

  it('does not pass to a plug-in built as { ...builtIn, choose }: its own choose reads real estimates', () => {
    const stageIns: number[] = [];
    const extending = wrapped((base) => ({
      ...base,
      choose: (job, candidates, nowS) => {
        for (const c of candidates) stageIns.push(c.stageInS);
        return base.choose(job, candidates, nowS);
      },
    }));
    outcome('least-loaded', {}, extending);
    expect(stageIns.length).toBeGreaterThan(0);
    expect(stageIns.filter((v) => Number.isNaN(v))).toEqual([]);
    expect(stageIns.some((v) => v > 0)).toBe(true);
  });
});

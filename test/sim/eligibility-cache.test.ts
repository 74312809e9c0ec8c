import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DispatchPolicy } from '../../src/policies/dispatch-policy.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { EligibilityCache } from '../../src/sim/eligibility-cache.js';
import type { PolicyResolver } from '../../src/sim/run-types.js';
import { Simulation } from '../../src/sim/simulation.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { FOUR_SITES, scenarioFrom } from '../helpers.js';

/**
 * Everything a remembered shape depends on changes during the run: a centre opens at 2 h,
 * another closes at 7 h, a third is down 3–4 h (abruptly) and 5–6 h, a link is down 1–2 h and
 * the only link to D fails at random (routes rebuilt: D's jobs reach nothing but D), one class has no input and may only run within 8 ms
 * of its origin, one has its own speeds, and sizes cover CPU and GPU jobs and jobs too large for
 * some partitions.
 */
const scenario = scenarioFrom({
  seed: 5,
  horizon: '10h',
  sites: FOUR_SITES,
  links: [
    { between: ['A', 'B'], bandwidth: '10Gbps', latency: '10ms', down: [{ from: '1h', to: '2h' }] },
    { between: ['B', 'C'], bandwidth: '40Gbps', latency: '15ms' },
    { between: ['A', 'C'], bandwidth: '5Gbps', latency: '30ms' },
    { between: ['C', 'D'], bandwidth: '20Gbps', latency: '5ms', failures: { mtbf: '1h', mttr: '20min' } },
  ],
  centres: [
    { id: 'CA', site: 'A', partitions: [{ id: 'cpu', nodes: 16, coresPerNode: 64 }, { id: 'gpu', nodes: 4, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100' }] },
    { id: 'CB', site: 'B', activeFrom: '2h', partitions: [{ id: 'cpu', nodes: 24, coresPerNode: 64, speed: 1.3 }] },
    { id: 'CC', site: 'C', down: [{ from: '3h', to: '4h', mode: 'abrupt' }, { from: '5h', to: '6h' }], partitions: [{ id: 'cpu', nodes: 2, coresPerNode: 128 }, { id: 'gpu', nodes: 2, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100' }] },
    { id: 'CD', site: 'D', activeUntil: '7h', partitions: [{ id: 'cpu', nodes: 8, coresPerNode: 32 }] },
  ],
  speeds: { near: { A100: 1.5 } },
  dispatch: { policy: 'least-loaded', infoPeriod: '5min' },
  retry: { policy: 'redispatch', maxAttempts: 3 },
  workload: [
    { kind: 'poisson', origin: 'A', rate: '30/h', classes: [{ name: 'sim', cores: [16, 1024], runtime: { median: '40min', max: '4h' }, inputBytes: '5GB', outputBytes: '1GB' }] },
    { kind: 'poisson', origin: 'B', name: 'gpu', rate: '10/h', classes: [{ name: 'near', cores: 8, gpus: [1, 16], runtime: { median: '30min', max: '2h' }, inputBytes: '2GB' }] },
    { kind: 'poisson', origin: 'D', name: 'nodata', rate: '20/h', classes: [{ name: 'nodata', cores: [1, 256], runtime: { median: '20min', max: '2h' }, maxLatency: '8ms' }] },
  ],
});

/** The built-in policies with each dispatch policy's declaration removed: every centre is checked for every job. */
const checkingEveryJob: PolicyResolver = {
  ...BUILTIN_POLICIES,
  dispatch(name) {
    const definition = BUILTIN_POLICIES.dispatch(name);
    return definition === undefined ? undefined : { ...definition, instantiate: (options, context) => ({ choose: (definition.instantiate(options, context) as DispatchPolicy).choose }) };
  },
};

function outcome(policy: string, policies: PolicyResolver): string {
  const s = { ...scenario, dispatch: { ...scenario.dispatch, policy } };
  const result = new Simulation(s, buildJobs(s, s.seed), policies).run();
  return result.jobs.map((j) => [j.spec.id, j.status, j.rejectReason, j.centre, j.partition, j.nodes, j.dispatchedS, j.startS, j.endS, j.attempts].join(' ')).join('\n');
}

describe('EligibilityCache in a run', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(['least-loaded', 'shortest-queue', 'random', 'round-robin'])(
    '%s: the same jobs go to the same partitions at the same times with shapes remembered as with every centre checked',
    (policy) => {
      const get = vi.spyOn(EligibilityCache.prototype, 'get');
      const remembered = outcome(policy, BUILTIN_POLICIES);
      // Shapes were found again (and forgotten at each window boundary and route change).
      const hits = get.mock.results.filter((r) => r.value !== undefined).length;
      expect(hits).toBeGreaterThan(200);
      expect(get.mock.results.length - hits).toBeGreaterThan(20);
      get.mockClear();
      expect(remembered).toEqual(outcome(policy, checkingEveryJob));
      expect(get).not.toHaveBeenCalled();
      // The run went through what a shape depends on: the centre opened late, the one that closes, maxLatency.
      expect(remembered).toMatch(/^\S+ \w+ {2}1 /m);
      expect(remembered).toMatch(/^\S+ \w+ {2}3 /m);
      expect(remembered).toMatch(/^nodata\.\d+ \w+ {2}[23] /m);
      expect(remembered).not.toMatch(/^nodata\.\d+ \w+ {2}[01] /m);
    },
  );
});

describe('EligibilityCache', () => {
  const candidates = Float64Array.of(0, 1, 1, 2, 4, 1.3);

  it('gives back a shape within the window and routes it was found in, for the same class and maxLatency only', () => {
    const cache = new EligibilityCache([7200, 3600, Number.POSITIVE_INFINITY, 3600], 4);
    const key = cache.key(64, 0, 1, 2, true);
    expect(cache.get('sim', key, 0.01, 4000, 0)).toBeUndefined();
    cache.set('sim', key, 0.01, candidates);
    expect(cache.get('sim', key, 0.01, 4000, 0)).toBe(candidates);
    expect(cache.get('sim', key, 0.01, 7199.5, 0)).toBe(candidates);
    expect(cache.get('other', key, 0.01, 7199.5, 0)).toBeUndefined();
    expect(cache.get('sim', key, 0.02, 7199.5, 0)).toBeUndefined();
    expect(cache.get('sim', cache.key(64, 0, 1, 2, false), 0.01, 7199.5, 0)).toBeUndefined();
    // A boundary reached (a centre opens at 7200 s): forgotten.
    expect(cache.get('sim', key, 0.01, 7200, 0)).toBeUndefined();
    cache.set('sim', key, 0.01, candidates);
    expect(cache.get('sim', key, 0.01, 1e9, 0)).toBe(candidates);
    // The routes rebuilt: forgotten.
    expect(cache.get('sim', key, 0.01, 1e9, 1)).toBeUndefined();
  });

  it('keys every field apart, and declines shapes its key cannot hold exactly', () => {
    const cache = new EligibilityCache([], 256);
    const keys = new Set<number>();
    for (const cores of [0, 1, 2 ** 24 - 1]) for (const gpus of [0, 1023]) for (const origin of [0, 255]) for (const site of [0, 255]) for (const input of [false, true]) keys.add(cache.key(cores, gpus, origin, site, input));
    expect(keys.size).toBe(3 * 2 * 2 * 2 * 2);
    expect(Math.max(...keys)).toBeLessThanOrEqual(Number.MAX_SAFE_INTEGER);
    expect(cache.key(2 ** 24, 0, 0, 0, true)).toBe(-1);
    expect(cache.key(1.5, 0, 0, 0, true)).toBe(-1);
    expect(cache.key(4, 1024, 0, 0, true)).toBe(-1);
    expect(new EligibilityCache([], 257).key(4, 0, 0, 0, true)).toBe(-1);
  });

  it('starts over rather than grow past 4,096 shapes', () => {
    const cache = new EligibilityCache([], 4);
    cache.get('c', 0, 1, 0, 0);
    for (let cores = 0; cores < 4096; cores++) cache.set('c', cache.key(cores, 0, 0, 0, true), 1, candidates);
    expect(cache.get('c', cache.key(0, 0, 0, 0, true), 1, 0, 0)).toBe(candidates);
    cache.set('c', cache.key(5000, 0, 0, 0, true), 1, candidates);
    expect(cache.get('c', cache.key(0, 0, 0, 0, true), 1, 0, 0)).toBeUndefined();
    expect(cache.get('c', cache.key(5000, 0, 0, 0, true), 1, 0, 0)).toBe(candidates);
  });
});

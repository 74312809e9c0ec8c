import { describe, expect, it } from 'vitest';
import { ownValue, setOwn } from '../../src/model/own-key.js';
import { deepMerge } from '../../src/scenario/compose-scenario.js';
import { applyOverrideInPlace, parsePath } from '../../src/scenario/overrides.js';
import { parseBytes, parseDuration } from '../../src/scenario/units.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { Simulation } from '../../src/sim/simulation.js';
import { scenarioFrom } from '../helpers.js';

// Names users choose (job classes, device models, units, option names) are looked up in plain
// objects, which inherit `constructor`, `toString` and `__proto__` from Object.prototype.
describe('names that Object.prototype also has', () => {
  it('ownValue reads own entries only, setOwn writes them even for __proto__', () => {
    const record: Record<string, number> = { a: 1 };
    expect(ownValue(record, 'a')).toBe(1);
    expect(ownValue(record, 'constructor')).toBeUndefined();
    expect(ownValue(record, 'toString')).toBeUndefined();
    expect(ownValue(undefined, 'a')).toBeUndefined();
    setOwn(record, '__proto__', 5);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(['a', '__proto__']);
    expect(ownValue(record, '__proto__')).toBe(5);
  });

  it('a unit named like a member of Object is an unknown unit, listed as such', () => {
    for (const text of ['2constructor', '2toString', '3valueOf', '1__proto__']) {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain('units: us, µs, ms, s, min, h, d, w');
    }
    expect(parseBytes('4hasOwnProperty').ok).toBe(false);
  });

  it('a job class called constructor and device models called toString and valueOf run like any other', () => {
    const scenario = scenarioFrom({
      horizon: '12h',
      centres: [
        {
          id: 'c1',
          lat: 31,
          lon: 121,
          partitions: [
            { id: 'a', nodes: 8, coresPerNode: 8, cpuModel: 'toString' },
            { id: 'b', nodes: 8, coresPerNode: 8, cpuModel: 'valueOf', speed: 1.5 },
          ],
        },
      ],
      // The class's row names one model: the other keeps its own speed (not Object.prototype.valueOf).
      speeds: { constructor: { toString: 2 } },
      failures: { cpu: { mtbf: { exponential: '2d' }, mttr: { exponential: '1h' } } },
      retry: { policy: 'redispatch', maxAttempts: 3 },
      // No entry of the class's own: '*' applies (not Object, which `checkpoint.constructor` inherits).
      checkpoint: { '*': { interval: '30min', overhead: '1min' } },
      workload: [{ kind: 'poisson', origin: 'c1', rate: '20/h', classes: [{ name: 'constructor', cores: [1, 16], runtime: { median: '1h', max: '4h' } }] }],
    });
    const specs = buildJobs(scenario, scenario.seed);
    expect(specs.length).toBeGreaterThan(100);
    const result = new Simulation(scenario, specs, BUILTIN_POLICIES).run();
    const started = result.jobs.filter((j) => Number.isFinite(j.startS));
    expect(started.length).toBeGreaterThan(100);
    expect(new Set(started.map((j) => j.partition))).toEqual(new Set([0, 1]));
    for (const j of started) {
      expect(j.speed).toBe(j.partition === 0 ? 2 : 1.5);
      expect(j.startS).toBeGreaterThanOrEqual(j.spec.submitS);
      expect(Number.isFinite(j.runS)).toBe(true);
    }
    // The '*' checkpoint: a minute per half hour of work on top of runtime / speed.
    expect(started.some((j) => j.runS >= Math.min(j.spec.runtimeS, j.spec.walltimeS) / j.speed + 60)).toBe(true);
  });

  it('merging scenario layers keeps a __proto__ key as data, for the schema to reject', () => {
    const over = JSON.parse('{"__proto__": {"polluted": 1}, "name": "x"}') as unknown;
    const merged = deepMerge({ name: 'base', horizon: '1d' }, over) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'horizon', 'name']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('--set walks own keys only: a record entry named constructor is created, not Object', () => {
    const root: Record<string, unknown> = { speeds: {} };
    expect(applyOverrideInPlace(root, { path: 'speeds.constructor.toString', value: 3 })).toEqual(['speeds', 'constructor', 'toString']);
    expect(ownValue(root.speeds as Record<string, Record<string, number>>, 'constructor')).toEqual({ toString: 3 });
    expect((Object as unknown as Record<string, unknown>).toString).toBe(Function.prototype.toString);
    expect(parsePath('checkpoint.constructor.interval')).toEqual([{ key: 'checkpoint' }, { key: 'constructor' }, { key: 'interval' }]);
    expect(() => parsePath('__proto__.x')).toThrow(/'__proto__' is not a scenario key/);
  });
});

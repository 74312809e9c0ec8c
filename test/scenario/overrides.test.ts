import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { applyOverrides, parseOverride, parsePath } from '../../src/scenario/overrides.js';

const raw = {
  dispatch: { policy: 'least-loaded' },
  centres: [
    { id: 'ZZ', partitions: [{ id: 'cpu', nodes: 10 }, { id: 'gpu', nodes: 4 }] },
    { id: 'GZ', partitions: [{ id: 'cpu', nodes: 20 }] },
  ],
  links: [{ between: ['ZZ', 'GZ'], bandwidth: '100Gbps' }],
};

const problems = (f: () => unknown): string[] => {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  return [];
};

describe('scenario overrides', () => {
  it('parses paths with keys, indices and selectors', () => {
    expect(parsePath('centres[ZZ].partitions[1].nodes')).toEqual([{ key: 'centres' }, { select: 'ZZ' }, { key: 'partitions' }, { index: 1 }, { key: 'nodes' }]);
    expect(problems(() => parsePath('a..b'))).toHaveLength(1);
    expect(problems(() => parsePath('a[]'))).toHaveLength(1);
    expect(problems(() => parsePath('__proto__.x'))).toEqual(["path '__proto__.x': '__proto__' is not a scenario key"]);
    expect(parsePath('network.constructor')).toEqual([{ key: 'network' }, { key: 'constructor' }]);
  });

  it('reads values as YAML', () => {
    expect(parseOverride('centres[ZZ].partitions[gpu].nodes=1024')).toEqual({ path: 'centres[ZZ].partitions[gpu].nodes', value: 1024 });
    expect(parseOverride('links[GZ-ZZ].bandwidth=400Gbps').value).toBe('400Gbps');
    expect(parseOverride('x=[1, 64]').value).toEqual([1, 64]);
    expect(problems(() => parseOverride('dispatch.policy'))).toEqual([expect.stringMatching(/expected path=value/)]);
    // Composition happens before --set: these would be read by nothing.
    expect(problems(() => parseOverride('extends=nothere.yaml'))).toEqual(["--set 'extends=nothere.yaml': 'extends' composes scenario files before --set applies; write it in a scenario file (one that extends this one)"]);
    expect(problems(() => parseOverride('overrides.x=1'))).toHaveLength(1);
  });

  it('sets values by id, by index and links by either order of their ends, without touching the input', () => {
    const { raw: out, written } = applyOverrides(raw, [
      parseOverride('dispatch.policy=origin-first'),
      parseOverride('centres[ZZ].partitions[gpu].nodes=1024'),
      parseOverride('links[GZ-ZZ].bandwidth=400Gbps'),
    ]);
    const o = out as typeof raw;
    expect(o.dispatch.policy).toBe('origin-first');
    expect(o.centres[0]?.partitions[1]?.nodes).toBe(1024);
    expect(o.links[0]?.bandwidth).toBe('400Gbps');
    expect(raw.centres[0]?.partitions[1]?.nodes).toBe(4);
    expect(written[1]).toEqual(['centres', 0, 'partitions', 1, 'nodes']);
  });

  it('copies override values, so a later override never changes an earlier one (sweeps reuse them)', () => {
    const queue = { policy: 'easy' };
    const overrides = [
      { path: 'q', value: queue },
      { path: 'q.options.backfillOrder', value: 'sjf' },
    ];
    expect(applyOverrides({}, overrides).raw).toEqual({ q: { policy: 'easy', options: { backfillOrder: 'sjf' } } });
    expect(queue).toEqual({ policy: 'easy' });
    expect(applyOverrides({}, overrides.slice(0, 1)).raw).toEqual({ q: { policy: 'easy' } });
  });

  it('names the unknown element and lists the known ones', () => {
    expect(problems(() => applyOverrides(raw, [parseOverride('centres[XX].partitions[0].nodes=1')]))).toEqual([
      '--set centres[XX].partitions[0].nodes: centres has no element \'XX\' (known: ZZ, GZ)',
    ]);
  });

  it('applies to the bundled national scenario and locates bad values as coming from --set', () => {
    const s = loadScenario('national-2025', [parseOverride('links[ZZ-GZ].bandwidth=1Tbps'), parseOverride('dispatch.infoPeriod=0')]);
    expect(s.links.find((l) => l.id === 'ZZ-GZ')?.bandwidthBps).toBe(1e12);
    expect(s.dispatch.infoPeriodS).toBe(0);
    expect(problems(() => loadScenario('national-2025', [parseOverride('centres[TJ-TH1A].partitions[0].nodes=-1')]))).toEqual([
      expect.stringMatching(/^centres\[0\]\.partitions\[0\]\.nodes \(from --set\): /),
    ]);
  });
});

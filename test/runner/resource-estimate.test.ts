import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { checkResources, checkRunShape } from '../../src/runner/resource-estimate.js';
import { BUILTIN_POLICIES, runToFolder } from '../../src/runner/run-scenario.js';
import { scenarioFrom } from '../helpers.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

describe('checkResources: report windows', () => {
  it('lets a trace replayed whole (no horizon) through: its span is its last submission', () => {
    const replay = loadScenario('replay-nasa-ipsc');
    expect(replay.horizonS).toBe(Number.POSITIVE_INFINITY);
    const estimate = checkResources(replay);
    expect(estimate.jobs).toBeGreaterThan(10_000);
  });

  it('refuses windows too small for the span of the trace, naming the span and the key', () => {
    // NASA iPSC's last submission is about 92 days in: 0.01 s windows make ~8e8 of them.
    const replay = loadScenario('replay-nasa-ipsc', [{ path: 'report.utilizationWindow', value: '0.01s' }]);
    let caught: unknown;
    try {
      checkResources(replay);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(String((caught as Error).message)).toMatch(
      /report\.utilizationWindow: 0\.01 s over a run of at least \d+ s \(the last submission\) makes at least [\d,]+ centre windows, over the 20,000,000 a report may hold/,
    );
  });
});

describe('runs that could never end', () => {
  it('refuses a dispatcher view refreshed more than 10^8 times over the span, and takes a live view (0)', () => {
    const tiny = loadScenario('national-2025', [{ path: 'dispatch.infoPeriod', value: 1e-9 }]);
    expect(() => checkRunShape(tiny)).toThrow(/dispatch\.infoPeriod: 1e-9 s over a run of at least 604800 s makes at least 604,800,000,000,000 refreshes of the dispatcher's view, over the 100,000,000 a run may take/);
    expect(() => checkRunShape(loadScenario('national-2025', [{ path: 'dispatch.infoPeriod', value: 0 }]))).not.toThrow();
    expect(() => checkRunShape(loadScenario('national-2025', [{ path: 'dispatch.infoPeriod', value: '0.01s' }]))).not.toThrow();
  });

  it('refuses random failures that would make more than 10^8 events over the span, naming the partition; takes failures-2025', () => {
    const base = {
      horizon: '2d',
      sites: [{ id: 'a', lat: 30, lon: 120 }],
      centres: [{ id: 'c', site: 'a', partitions: [{ id: 'cpu', nodes: 64, coresPerNode: 8, failures: { mtbf: '1ms', mttr: '1ms' } }] }],
      workload: [{ kind: 'poisson', origin: 'a', rate: '1/h', classes: [{ name: 'x', model: 'analytics' }] }],
    };
    // 64 nodes × 172,800 s / 2 ms a cycle × 2 events = 1.1 × 10^10.
    expect(() => checkRunShape(scenarioFrom(base))).toThrow(
      /centres\[c\]\.partitions\[cpu\]\.failures: random failures make about 11,059,200,000 failure and repair events over a run of at least 172800 s, over the 100,000,000 a run may take \(the most here: 64 nodes failing and repaired every 0\.002 s on average\)/,
    );
    const links = { ...base, centres: [{ id: 'c', site: 'a', partitions: [{ id: 'cpu', nodes: 1 }] }], sites: [...base.sites, { id: 'b', lat: 31, lon: 121 }], links: [{ between: ['a', 'b'], bandwidth: '1Gbps', failures: { mtbf: '1ms', mttr: '1ms' } }] };
    expect(() => checkRunShape(scenarioFrom(links))).toThrow(/links\[a-b\]\.failures: random failures make about 172,800,000 failure and repair events/);
    expect(() => checkRunShape(loadScenario('failures-2025'))).not.toThrow();
  });

  it('refuses, when it starts, a job that would run past the last report window, naming it (the view ticked through 10^10 refreshes before)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-long-'));
    writeFileSync(join(dir, 'jobs.csv'), 'id,submit_s,origin,class,cores,runtime_s\nshort,0,sh,hpc,1,60\nages,1,sh,hpc,1,1000000000000\n');
    const scenario = scenarioFrom({
      horizon: '2h',
      sites: [{ id: 'sh', lat: 31.2, lon: 121.5 }],
      centres: [{ id: 'wx', lat: 31.5, lon: 120.3, partitions: [{ id: 'cpu', nodes: 8, coresPerNode: 64 }] }],
      links: [{ between: ['sh', 'wx'], bandwidth: '10Gbps' }],
      workload: [{ kind: 'jobs', file: join(dir, 'jobs.csv') }],
    });
    const out = join(dir, 'r');
    expect(() => runToFolder(scenario, 'inline.yaml', out, {}, BUILTIN_POLICIES, 'none')).toThrow(
      'job ages would run until 1000000000001 s (1000000000000 s from 1 s on wx/cpu), past the 72000000000 s the report windows can reach (report.utilizationWindow 3600 s)',
    );
    expect(existsSync(out)).toBe(false);
    // Cut off by --until, the run accounts for the job only up to there: no window past it, no refusal.
    const cut = runToFolder(scenario, 'inline.yaml', out, { untilS: 7200 }, BUILTIN_POLICIES, 'none');
    expect(cut.result.endS).toBe(7200);
    expect(existsSync(out)).toBe(true);
  });
});

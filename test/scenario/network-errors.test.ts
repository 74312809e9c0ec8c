import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { parseScenario } from '../../src/scenario/parse-scenario.js';

const base = {
  version: 1,
  name: 'net',
  horizon: '1h',
  sites: [
    { id: 'A', lat: 30, lon: 110 },
    { id: 'B', lat: 31, lon: 111 },
    { id: 'X', lat: 40, lon: 100 },
  ],
  centres: [{ id: 'C', site: 'C', lat: 32, lon: 112, partitions: [{ id: 'p', nodes: 4 }] }],
  links: [
    { between: ['A', 'C'], bandwidth: '10Gbps' },
    { between: ['B', 'C'], bandwidth: '10Gbps' },
  ],
  workload: [{ kind: 'poisson', origin: 'A', rate: '1/h', classes: [{ name: 'hpc', cores: 1, runtime: { median: '1h', max: '2h' } }] }],
};

function problems(patch: Record<string, unknown>): string[] {
  try {
    parseScenario({ ...base, ...patch }, 'net.yaml');
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  return [];
}

describe('network input errors name the scenario path', () => {
  it('accepts the base scenario', () => {
    expect(problems({})).toEqual([]);
  });

  it('a link to an unknown site', () => {
    expect(problems({ links: [...base.links, { between: ['A', 'Q'], bandwidth: '1Gbps' }] })).toEqual([
      expect.stringMatching(/^links\[2\]\.between\[1\]: unknown site 'Q' \(known: /),
    ]);
  });

  it('zero or negative bandwidth', () => {
    const p = problems({ links: [{ between: ['A', 'C'], bandwidth: '0Gbps' }, { between: ['B', 'C'], bandwidth: -5 }] });
    expect(p).toEqual([expect.stringMatching(/^links\[0\]\.bandwidth: expected a value > 0/), expect.stringMatching(/^links\[1\]\.bandwidth: expected a value > 0/)]);
  });

  it('a source whose site has no route to any centre', () => {
    const p = problems({ workload: [{ ...base.workload[0], origin: 'X' }] });
    expect(p).toEqual(["workload[0].origin: site 'X' has no route to any centre: add a link"]);
  });

  it('a dataset with no replica, an unknown replica site and an unknown dataset in a class', () => {
    const p = problems({
      datasets: [
        { id: 'empty', size: '1TB', replicas: [] },
        { id: 'far', size: '1TB', replicas: ['Q'] },
      ],
      workload: [{ ...base.workload[0], classes: [{ name: 'hpc', cores: 1, runtime: { median: '1h', max: '2h' }, datasets: ['nope'] }] }],
    });
    expect(p.join('\n')).toMatch(/datasets\[0\]\.replicas: a dataset needs at least one replica site/);
  });

  it('unknown replica sites and datasets once the schema passes', () => {
    const p = problems({
      datasets: [{ id: 'far', size: '1TB', replicas: ['Q'] }],
      workload: [{ ...base.workload[0], classes: [{ name: 'hpc', cores: 1, runtime: { median: '1h', max: '2h' }, datasets: ['nope'] }] }],
    });
    expect(p).toEqual([
      expect.stringMatching(/^datasets\[0\]\.replicas\[0\]: unknown site 'Q'/),
      expect.stringMatching(/^workload\[0\]\.classes\[0\]\.datasets\[0\]: unknown dataset 'nope' \(known: far\)/),
    ]);
  });

  it('outages that overlap or end before they start, and a route over a missing link', () => {
    const p = problems({
      links: [
        { between: ['A', 'C'], bandwidth: '10Gbps', down: [{ from: '2h', to: '1h' }] },
        { between: ['B', 'C'], bandwidth: '10Gbps', down: [{ from: '1h', to: '3h' }, { from: '2h', to: '4h' }] },
      ],
      routes: [{ between: ['A', 'B'], via: [] }],
    });
    expect(p).toEqual([
      expect.stringMatching(/^links\[0\]\.down\[0\]\.to: an outage must end after it starts/),
      expect.stringMatching(/^links\[1\]\.down\[1\]\.from: outages must be in time order and not overlap/),
      "routes[0].via: no link between 'A' and 'B'",
    ]);
  });

  it('a route that visits a site twice, and a dataset whose replicas reach no centre', () => {
    const p = problems({
      routes: [{ between: ['A', 'C'], via: ['C', 'A'] }],
      datasets: [{ id: 'island', size: '1TB', replicas: ['X'] }],
    });
    expect(p).toEqual([
      "routes[0].via: a route visits 'A' twice: list each site once",
      "datasets[0].replicas: no replica of dataset 'island' can reach a centre (X): add a link or a replica",
    ]);
  });
});

describe('network.model and links[].sharing input errors name the path', () => {
  it('an unknown model and an unknown sharing policy', () => {
    const p = problems({ network: { model: 'reno' }, links: [{ ...base.links[0], sharing: 'fatpipe' }, base.links[1]] });
    expect(p).toEqual([expect.stringMatching(/^links\[0\]\.sharing: .*shared.*splitDuplex/), expect.stringMatching(/^network\.model: .*maxmin.*cm02.*lv08/)]);
  });

  it('a negative factor, gamma or weight-S', () => {
    const p = problems({ network: { model: 'lv08', tcpGamma: -1, latencyFactor: -13, bandwidthFactor: -0.97, weightS: '-2KB' } });
    expect(p.map((m) => m.split(':')[0])).toEqual(['network.tcpGamma', 'network.latencyFactor', 'network.bandwidthFactor', 'network.weightS']);
  });

  it('a bandwidth factor of 0 (SimGrid refuses it too)', () => {
    expect(problems({ network: { model: 'cm02', bandwidthFactor: 0 } })).toEqual([expect.stringMatching(/^network\.bandwidthFactor: /)]);
  });

  it('a TCP parameter under maxmin', () => {
    expect(problems({ network: { tcpGamma: '4MiB' } })).toEqual(['network.tcpGamma: applies to network.model cm02 or lv08 only (the model is maxmin)']);
  });

  it('accepts SimGrid-style units and overrides', () => {
    expect(problems({ network: { model: 'cm02', tcpGamma: '4MiB', crossTraffic: false, latencyFactor: 2, bandwidthFactor: 0.9, weightS: 8775 } })).toEqual([]);
  });
});

describe('cnsim run with a bad network model', () => {
  it('exits 2, naming the file and each path, and runs nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-netmodel-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...base, network: { model: 'lv09', latencyFactor: -1 }, links: [{ ...base.links[0], sharing: 'half' }, base.links[1]] }));
    const cli = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js');
    const r = spawnSync(process.execPath, [cli, 'run', file, '--out', join(dir, 'out')], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('bad.json');
    expect(r.stderr).toMatch(/network\.model/);
    expect(r.stderr).toMatch(/network\.latencyFactor/);
    expect(r.stderr).toMatch(/links\[0\]\.sharing/);
  });
});

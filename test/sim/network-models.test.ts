import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

const GB = 1e9;
const GAMMA = 4194304;

/** Sites A and B, centre C; A–B and B–C at 8 Gbps (1 GB/s) and 5 ms: A's route to C is A–B–C, 10 ms. */
function line(network: Record<string, unknown>, linkExtra: Record<string, unknown> = {}) {
  return scenarioFrom({
    sites: [
      { id: 'A', lat: 30, lon: 110 },
      { id: 'B', lat: 31, lon: 111 },
    ],
    centres: [{ id: 'C', site: 'C', lat: 32, lon: 112, partitions: [{ id: 'p', nodes: 100 }] }],
    links: [
      { between: ['A', 'B'], bandwidth: '8Gbps', latency: '5ms', ...linkExtra },
      { between: ['B', 'C'], bandwidth: '8Gbps', latency: '5ms', ...linkExtra },
    ],
    dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    network,
  });
}

const arrivals = (scenario: ReturnType<typeof line>, sites: string[]) =>
  new Simulation(
    scenario,
    sites.map((s, i) => job(`j${i}`, { submitS: 0, cores: 1, runtimeS: 10, origin: s, dataSite: s, inputBytes: GB })),
    BUILTIN_POLICIES,
  )
    .run()
    .jobs.map((j) => j.queuedS);

describe('network.model: the TCP models end to end', () => {
  it('maxmin (the default): 1 GB over A–B–C arrives at 10 ms + 1 s', () => {
    expect(arrivals(line({}), ['A'])).toEqual([expect.closeTo(1.01, 12)]);
  });

  it('cm02: the TCP window bounds the flow to 4 MiB / (2 × 10 ms) (the links would give 1 GB/s / 1.05)', () => {
    expect(arrivals(line({ model: 'cm02' }), ['A'])).toEqual([expect.closeTo(0.01 + GB / (GAMMA / 0.02), 12)]);
  });

  it('lv08: latency × 13.01, and the window bound × the bandwidth factor 0.97', () => {
    expect(arrivals(line({ model: 'lv08' }), ['A'])).toEqual([expect.closeTo(13.01 * 0.01 + GB / ((0.97 * GAMMA) / 0.02), 12)]);
  });

  it('cm02 on shared links without a window: a flow loads its own link with 1.05 of its rate (cross-traffic)', () => {
    expect(arrivals(line({ model: 'cm02', tcpGamma: 0 }), ['A'])).toEqual([expect.closeTo(0.01 + (1.05 * GB) / GB, 12)]);
  });

  it('cm02 with the window, cross-traffic and shared links off is maxmin', () => {
    expect(arrivals(line({ model: 'cm02', tcpGamma: 0, crossTraffic: false }, { sharing: 'splitDuplex' }), ['A'])).toEqual([expect.closeTo(1.01, 12)]);
  });

  it('cm02 weights shares by 1 / route latency: on B–C, the 5 ms flow gets twice the 10 ms one', () => {
    // B's flow runs alone from 5 to 10 ms (5 MB), then at 2/3 GB/s against A's 1/3 GB/s: it ends at
    // 0.01 + 0.995 / (2/3) s; A's flow, 0.4975 GB sent by then, ends alone at 1 GB/s. Under maxmin B
    // would end at 0.01 + 0.995 / 0.5 s = 2.0 s.
    const [a, b] = arrivals(line({ model: 'cm02', tcpGamma: 0, crossTraffic: false }, { sharing: 'splitDuplex' }), ['A', 'B']);
    expect(b).toBeCloseTo(0.01 + 0.995 / (2 / 3), 9);
    expect(a).toBeCloseTo(2.005, 9);
    const [, bMaxmin] = arrivals(line({}), ['A', 'B']);
    expect(bMaxmin).toBeCloseTo(2.0, 9);
  });

  it('links default to splitDuplex under maxmin and to shared (SimGrid\'s default) under cm02 and lv08', () => {
    expect(line({}).links.map((l) => l.sharing)).toEqual([undefined, undefined]);
    expect(line({ model: 'lv08' }).links.map((l) => l.sharing)).toEqual(['shared', 'shared']);
    expect(line({ model: 'cm02' }, { sharing: 'splitDuplex' }).links.map((l) => l.sharing)).toEqual([undefined, undefined]);
    expect(line({}, { sharing: 'shared' }).links.map((l) => l.sharing)).toEqual(['shared', 'shared']);
  });

  it('lv08 reroutes around a failed link (flows whose route or back route crosses it) and loses no byte', () => {
    const scenario = scenarioFrom({
      sites: [
        { id: 'A', lat: 30, lon: 110 },
        { id: 'B', lat: 31, lon: 111 },
      ],
      centres: [{ id: 'C', site: 'C', lat: 32, lon: 112, partitions: [{ id: 'p', nodes: 100 }] }],
      links: [
        { between: ['A', 'C'], bandwidth: '1Gbps', latency: '30ms' },
        { between: ['A', 'B'], bandwidth: '8Gbps', latency: '5ms' },
        { between: ['B', 'C'], bandwidth: '8Gbps', latency: '5ms', down: [{ from: 2, to: 100 }] },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      network: { model: 'lv08' },
    });
    const r = new Simulation(scenario, [job('j0', { submitS: 0, cores: 1, runtimeS: 10, inputBytes: GB })], BUILTIN_POLICIES).run();
    // Until 2 s on A–B–C at the window bound; then at once (a rerouted flow waits no latency, as
    // under maxmin) on A–C: 30 ms, 1 Gbit/s shared with its own cross-traffic.
    const before = (0.97 * GAMMA) / 0.02;
    const sentBytes = before * (2 - 13.01 * 0.01);
    const after = Math.min((0.97 * GAMMA) / 0.06, (0.97 * 1e9) / 8 / 1.05);
    expect(r.jobs[0]?.queuedS).toBeCloseTo(2 + (GB - sentBytes) / after, 9);
    expect(r.network.deliveredBytes).toBeCloseTo(GB, 0);
  });
});

import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { statusLabel } from '../../src/report/job-metrics.js';
import { job, scenarioFrom } from '../helpers.js';

const oneCentre = scenarioFrom({
  centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }], queue: { policy: 'fcfs' } }],
  dispatch: { policy: 'least-loaded', infoPeriod: 0 },
});

describe('a hand-computed four-job FCFS run on one 4-node centre', () => {
  // j1 takes 3 nodes at 0 for 100 s. j2 (2 nodes) must wait for j1; it asks for 40 s but would
  // run 50 s, so it is killed at 140. j3 (1 node) would fit at 20 but strict FCFS keeps it
  // behind j2; both start at 100. j4 needs all 4 nodes and arrives at 140, the instant j2 ends:
  // the batch rule frees j2's nodes before scheduling, so j4 starts at once.
  const result = new Simulation(
    oneCentre,
    [
      job('j1', { submitS: 0, cores: 3, runtimeS: 100, walltimeS: 200 }),
      job('j2', { submitS: 10, cores: 2, runtimeS: 50, walltimeS: 40 }),
      job('j3', { submitS: 20, cores: 1, runtimeS: 30, walltimeS: 60 }),
      job('j4', { submitS: 140, cores: 4, runtimeS: 10 }),
    ],
    BUILTIN_POLICIES,
  ).run();
  const byId = new Map(result.jobs.map((j) => [j.spec.id, j]));

  it.each([
    ['j1', 0, 100, 'done'],
    ['j2', 100, 140, 'killed'],
    ['j3', 100, 130, 'done'],
    ['j4', 140, 150, 'done'],
  ])('%s starts at %d and ends at %d (%s)', (id, startS, endS, status) => {
    const j = byId.get(id);
    expect(j?.startS).toBe(startS);
    expect(j?.endS).toBe(endS);
    expect(j && statusLabel(j)).toBe(status);
  });

  it('ends the run at the last job end', () => {
    expect(result.endS).toBe(150);
  });
});

describe('dispatch latency, stage-in and stage-out', () => {
  // Data at B, centre at A, one 1 Gbps link with 10 ms latency: 125 MB in = 1e9 bits → 1.01 s;
  // 12.5 MB out → 0.11 s. Dispatch latency 5 s.
  const scenario = scenarioFrom({
    sites: [{ id: 'B', lat: 31, lon: 121 }],
    centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] }],
    links: [{ between: ['A', 'B'], bandwidth: '1Gbps', latency: '10ms' }],
    dispatch: { policy: 'least-loaded', latency: '5s', infoPeriod: 0 },
  });
  const [j] = new Simulation(
    scenario,
    [job('x', { submitS: 100, cores: 1, runtimeS: 60, origin: 'B', dataSite: 'B', inputBytes: 125e6, outputBytes: 12.5e6 })],
    BUILTIN_POLICIES,
  ).run().jobs;

  it('records every lifecycle time', () => {
    expect(j?.dispatchedS).toBe(105);
    expect(j?.queuedS).toBeCloseTo(106.01, 9);
    expect(j?.startS).toBeCloseTo(106.01, 9);
    expect(j?.endS).toBeCloseTo(166.01, 9);
    expect(j?.doneS).toBeCloseTo(166.12, 9);
    expect(j?.stageInS).toBeCloseTo(1.01, 12);
    expect(j?.stageOutS).toBeCloseTo(0.11, 12);
  });
});

describe('rejection', () => {
  it('rejects a job that fits no partition with a reason, and counts it', () => {
    const result = new Simulation(
      oneCentre,
      [job('big', { submitS: 0, cores: 5, runtimeS: 10 }), job('gpu', { submitS: 0, cores: 1, gpus: 1, runtimeS: 10 }), job('ok', { submitS: 1, cores: 4, runtimeS: 10 })],
      BUILTIN_POLICIES,
    ).run();
    const [big, gpu, ok] = result.jobs;
    expect(big && statusLabel(big)).toBe('rejected');
    expect(big?.rejectReason).toMatch(/no partition large enough/);
    expect(gpu?.rejectReason).toMatch(/GPU/);
    expect(ok && statusLabel(ok)).toBe('done');
    expect([...result.rejections.values()].reduce((a, b) => a + b, 0)).toBe(2);
  });
});

describe('least-loaded dispatch', () => {
  it('spreads equal jobs over two equal centres and breaks ties by scenario order', () => {
    const scenario = scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 2 }] },
        { id: 'C2', site: 'A', partitions: [{ id: 'p', nodes: 2 }] },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    });
    const result = new Simulation(
      scenario,
      [0, 1, 2, 3].map((i) => job(`j${i}`, { submitS: i, cores: 1, runtimeS: 100 })),
      BUILTIN_POLICIES,
    ).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1, 0, 1]);
  });

  it('counts its own recent decisions when the view is stale', () => {
    // With a view refreshed only every hour, jobs sent in the same minute must not all pile up on C1.
    const scenario = scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 2 }] },
        { id: 'C2', site: 'A', partitions: [{ id: 'p', nodes: 2 }] },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod: '1h' },
    });
    const result = new Simulation(
      scenario,
      [0, 1, 2, 3].map((i) => job(`j${i}`, { submitS: 10 + i, cores: 1, runtimeS: 100 })),
      BUILTIN_POLICIES,
    ).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1, 0, 1]);
  });
});

describe('stale dispatcher view and cut-off runs', () => {
  const twoCentres = (infoPeriod: string, infoDelay: string) =>
    scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }] },
        { id: 'C2', site: 'A', partitions: [{ id: 'p', nodes: 4 }] },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod, infoDelay },
    });

  it('decides from a view that is infoDelay old', () => {
    // A big job goes to C1 at t=1 (C1 first on ties); a job that also fills C2 goes there. At
    // t=100 both are still running and the view published at t=60 (taken at t=0, delay 60 s)
    // still shows both centres empty; the dispatcher only knows what it sent itself, so it sees
    // C1 with 4 queued nodes and C2 with 4, and picks C1 (scenario order) for the next job.
    const result = new Simulation(
      twoCentres('60s', '60s'),
      [
        job('a', { submitS: 1, cores: 4, runtimeS: 1000 }),
        job('b', { submitS: 2, cores: 4, runtimeS: 1000 }),
        job('c', { submitS: 100, cores: 1, runtimeS: 10 }),
      ],
      BUILTIN_POLICIES,
    ).run();
    expect(result.jobs.map((j) => j.centre)).toEqual([0, 1, 0]);
    expect(result.jobs[2]?.startS).toBe(1001);
  });

  it('marks jobs not done by --until as unfinished', () => {
    const result = new Simulation(
      twoCentres('0s', '0s'),
      [job('a', { submitS: 0, cores: 4, runtimeS: 100 }), job('b', { submitS: 0, cores: 4, runtimeS: 1000 })],
      BUILTIN_POLICIES,
      { untilS: 500 },
    ).run();
    const [a, b] = result.jobs;
    expect(a && statusLabel(a)).toBe('done');
    expect(b && statusLabel(b)).toBe('unfinished');
    // The run stopped at the cut-off, not at its last event (a's end at 100 s).
    expect(result.endS).toBe(500);
  });
});

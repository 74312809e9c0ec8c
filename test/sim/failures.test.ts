import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/model/job.js';
import { buildReports } from '../../src/report/build-reports.js';
import { statusLabel } from '../../src/report/job-metrics.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

// Issue 17: an abrupt outage kills the running jobs of a centre and hands its queued ones back to
// the dispatcher; `retry` decides what becomes of the killed ones. Two centres of 2 one-core nodes
// at the same site (no transfers). C2 opens at 30 s, so at first every job goes to C1. C1 is down
// abruptly over [50, 200).
//
// j1 (1 node, 100 s) starts at C1 at 0. j2 (2 nodes, 20 s) arrives at 1 and queues at C1 behind it.
// At 50: j2 goes back to the dispatcher and j1 is killed after 50 s of work (lost: 1 node × 50 s).
function scenario(retry: Record<string, unknown>) {
  const partitions = [{ id: 'p', nodes: 2, coresPerNode: 1 }];
  return scenarioFrom({
    centres: [
      { id: 'C1', site: 'A', lat: 30, lon: 120, partitions, down: [{ from: 50, to: 200, mode: 'abrupt' }] },
      { id: 'C2', site: 'A', lat: 30, lon: 120, partitions, activeFrom: 30 },
    ],
    dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    retry,
  });
}

function run(retry: Record<string, unknown>): { jobs: Map<string, Job>; summary: Readonly<Record<string, number | string>>; rows: Map<string, Record<string, string>> } {
  const result = new Simulation(
    scenario(retry),
    [job('j1', { submitS: 0, cores: 1, runtimeS: 100 }), job('j2', { submitS: 1, cores: 2, runtimeS: 20 })],
    BUILTIN_POLICIES,
  ).run();
  const reports = buildReports(result);
  const table = reports.tables.find((t) => t.file === 'jobs.csv');
  const rows = (table?.rows ?? []).map((r) => Object.fromEntries(table?.header.map((name, i) => [name, String(r[i] ?? '')]) ?? []));
  return { jobs: new Map(result.jobs.map((j) => [j.spec.id, j])), summary: reports.summary, rows: new Map(rows.map((r) => [r.job_id ?? '', r])) };
}

const centreOf = (j: Job | undefined): string => ['C1', 'C2'][j?.centre ?? -1] ?? '';

describe('an abrupt outage under each retry policy (hand-computed)', () => {
  it('redispatch: the queued job goes first to C2 (50–70), the killed one follows it there (70–170)', () => {
    const { jobs, summary } = run({ policy: 'redispatch', maxAttempts: 3 });
    const j1 = jobs.get('j1');
    const j2 = jobs.get('j2');
    expect([centreOf(j2), j2?.startS, j2?.endS, j2?.attempts, j2?.lostNodeS]).toEqual(['C2', 50, 70, 1, 0]);
    expect([centreOf(j1), j1?.startS, j1?.endS, j1?.attempts, j1?.lostNodeS]).toEqual(['C2', 70, 170, 2, 50]);
    expect(j1 && statusLabel(j1)).toBe('done');
    expect(j1?.lostAttempts).toEqual([{ partition: 0, centre: 0, nodes: 1, startS: 0, endS: 50, wakeS: 0, wokenNodes: 0 }]);
    // Busy node-seconds: the lost 50 at C1, then 2 × 20 and 1 × 100 at C2 = 190; useful 140.
    expect(summary.retried).toBe(1);
    expect(summary.failed).toBe(0);
    expect(summary.lost_node_hours).toBeCloseTo(50 / 3600, 12);
    expect(summary.goodput).toBeCloseTo(140 / 190, 12);
    expect(summary.node_util).toBeCloseTo(190 / (4 * 170), 12);
  });

  it('requeue: the killed job waits in C1’s queue for the centre to come back (200–300)', () => {
    const { jobs } = run({ policy: 'requeue', maxAttempts: 3 });
    const j1 = jobs.get('j1');
    const j2 = jobs.get('j2');
    expect([centreOf(j2), j2?.startS, j2?.endS, j2?.attempts]).toEqual(['C2', 50, 70, 1]);
    expect([centreOf(j1), j1?.startS, j1?.endS, j1?.attempts, j1?.lostNodeS]).toEqual(['C1', 200, 300, 2, 50]);
    // It was queued at C1 once, at 0: its stage-in time is that of its first dispatch.
    expect(j1?.queuedS).toBe(0);
  });

  it('requeue with a delay: the job joins the queue only after it (still waiting for C1)', () => {
    const { jobs } = run({ policy: 'requeue', maxAttempts: 3, delay: 300 });
    const j1 = jobs.get('j1');
    expect([centreOf(j1), j1?.startS, j1?.endS]).toEqual(['C1', 350, 450]);
  });

  it('redispatch with a delay: the job goes back to the dispatcher 30 s after the kill', () => {
    const { jobs } = run({ policy: 'redispatch', maxAttempts: 3, delay: 30 });
    const j1 = jobs.get('j1');
    // At 80 C2 is free again (j2 ran 50–70).
    expect([centreOf(j1), j1?.startS, j1?.endS]).toEqual(['C2', 80, 180]);
  });

  it.each([
    [{ policy: 'none', maxAttempts: 3 }],
    [{ policy: 'redispatch', maxAttempts: 1 }],
  ])('%o: the killed job fails at the kill, its work lost', (retry) => {
    const { jobs, summary, rows } = run(retry);
    const j1 = jobs.get('j1');
    expect(j1 && statusLabel(j1)).toBe('failed');
    expect([j1?.startS, j1?.endS, j1?.attempts, j1?.lostNodeS]).toEqual([0, 50, 1, 50]);
    // Its row shows the run that failed: started at 0, killed at 50; no wait (it did not run to its end).
    const row = rows.get('j1');
    expect([row?.status, row?.start_s, row?.end_s, row?.wait_s]).toEqual(['failed', '0', '50', '']);
    expect(jobs.get('j2')?.endS).toBe(70);
    expect(summary.failed).toBe(1);
    expect(summary.done).toBe(1);
    expect(summary.retried).toBe(0);
    // Conservation: every job is counted once.
    expect(Number(summary.done) + Number(summary.killed) + Number(summary.failed) + Number(summary.rejected) + Number(summary.unfinished)).toBe(summary.jobs);
    expect(summary.goodput).toBeCloseTo(40 / 90, 12);
  });

  it('a drain (the default mode) lets the running job finish and keeps the queue', () => {
    const drained = scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 2, coresPerNode: 1 }], down: [{ from: 50, to: 200 }] },
        { id: 'C2', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 2, coresPerNode: 1 }], activeFrom: 30 },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    });
    const result = new Simulation(drained, [job('j1', { submitS: 0, cores: 1, runtimeS: 100 }), job('j2', { submitS: 1, cores: 2, runtimeS: 20 })], BUILTIN_POLICIES).run();
    const [j1, j2] = result.jobs;
    expect([j1?.startS, j1?.endS, j1?.attempts, j1?.lostNodeS]).toEqual([0, 100, 1, 0]);
    expect([centreOf(j2), j2?.startS, j2?.endS]).toEqual(['C1', 100, 120]);
  });

  it('a job on its way to a centre that goes down abruptly is dispatched again when its input arrives', () => {
    // Data at B, 1 Gbps with 10 ms latency: 125 MB takes 1.01 s; C1 goes down at 0.5 s, while
    // the input is in flight; C2 (open from 0.2 s, at the same site) takes the job at 1.01 s.
    const s = scenarioFrom({
      sites: [{ id: 'B', lat: 31, lon: 121 }],
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }], down: [{ from: 0.5, to: 100, mode: 'abrupt' }] },
        { id: 'C2', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }], activeFrom: 0.2 },
      ],
      links: [{ between: ['A', 'B'], bandwidth: '1Gbps', latency: '10ms' }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    });
    const result = new Simulation(s, [job('x', { submitS: 0, cores: 1, runtimeS: 10, dataSite: 'B', inputBytes: 125e6 })], BUILTIN_POLICIES).run();
    const [x] = result.jobs;
    expect(centreOf(x)).toBe('C2');
    // Both inputs crossed the link: the summary counts the first too (jobs.csv gives the last).
    expect(x?.stageInBytes).toBe(125e6);
    expect(buildReports(result).summary.moved_bytes).toBe(250e6);
    expect(result.network.deliveredBytes).toBeCloseTo(250e6, 0);
    expect(x?.attempts).toBe(1);
    // The input moves again, from B to C2's site (A): another 1.01 s.
    expect(x?.startS).toBeCloseTo(2.02, 9);
    expect(x?.endS).toBeCloseTo(12.02, 9);
  });
});

describe('outage and retry input', () => {
  it.each([
    [{ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }], down: [{ from: 0, to: 100 }, { from: 50, to: 150 }] }] }, /centres\[0\]\.down\[1\]\.from: outages must be in time order and not overlap/],
    [{ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }], down: [{ from: 0, to: 100, mode: 'sudden' }] }] }, /centres\[0\]\.down\[0\]\.mode/],
    [{ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] }], retry: { policy: 'again' } }, /retry\.policy/],
    [{ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] }], retry: { maxAttempts: 0 } }, /retry\.maxAttempts/],
  ])('is refused naming the path (%#)', (raw, message) => {
    expect(() => scenarioFrom(raw)).toThrow(message);
  });
});

describe('sites[].down: a whole site in one line', () => {
  const raw = (siteDown: unknown[], centreDown?: unknown[]) => ({
    sites: [
      { id: 'A', lat: 30, lon: 120, down: siteDown },
      { id: 'B', lat: 31, lon: 121 },
    ],
    centres: [
      { id: 'C1', site: 'A', partitions: [{ id: 'p', nodes: 1 }], ...(centreDown === undefined ? {} : { down: centreDown }) },
      { id: 'C2', site: 'B', partitions: [{ id: 'p', nodes: 1 }] },
    ],
    links: [{ between: ['A', 'B'], bandwidth: '1Gbps', down: [{ from: 500, to: 600 }] }],
  });

  it('takes every centre at the site and every link to it, with the mode given', () => {
    const s = scenarioFrom(raw([{ from: 100, to: 200, mode: 'abrupt' }]));
    expect(s.centres[0]?.downS).toEqual([{ fromS: 100, toS: 200, abrupt: true }]);
    expect(s.centres[1]?.downS).toBeUndefined();
    expect(s.links[0]?.down).toEqual([
      { fromS: 100, toS: 200 },
      { fromS: 500, toS: 600 },
    ]);
  });

  it('joins a link’s own overlapping window with the site’s', () => {
    const s = scenarioFrom(raw([{ from: 550, to: 700 }]));
    expect(s.links[0]?.down).toEqual([{ fromS: 500, toS: 700 }]);
  });

  it('refuses a site outage that overlaps a centre’s own, naming both', () => {
    expect(() => scenarioFrom(raw([{ from: 100, to: 200 }], [{ from: 150, to: 300 }]))).toThrow(
      /centres\[0\]\.down\[0\]\.from: outages must not overlap: \[150, 300\) s overlaps \[100, 200\) s of sites\[0\]\.down\[0\]/,
    );
  });
});

describe('dispatch.down: the national dispatcher itself fails', () => {
  const scenario = (fallback: string) =>
    scenarioFrom({
      sites: [
        { id: 'A', lat: 30, lon: 120 },
        { id: 'B', lat: 30.1, lon: 120.1 },
        { id: 'D', lat: 30.2, lon: 120.2 },
      ],
      centres: [
        { id: 'C1', site: 'A', partitions: [{ id: 'p', nodes: 4 }] },
        { id: 'C2', site: 'B', partitions: [{ id: 'p', nodes: 1 }] },
      ],
      links: [
        { between: ['A', 'B'], bandwidth: '100Gbps', latency: 0 },
        { between: ['A', 'D'], bandwidth: '100Gbps', latency: 0 },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod: 0, down: [{ from: 10, to: 100 }], fallback },
    });
  // During the outage jobs wait for the dispatcher, or go to a centre at their origin site when
  // there is one (no data to move: every job's data is at its origin).
  const jobs = [
    job('before', { submitS: 5, cores: 1, runtimeS: 10, origin: 'B', dataSite: 'B' }),
    job('fromB', { submitS: 20, cores: 1, runtimeS: 10, origin: 'B', dataSite: 'B' }),
    job('fromD', { submitS: 30, cores: 1, runtimeS: 10, origin: 'D', dataSite: 'D' }),
  ];
  const run = (fallback: string) => new Map(new Simulation(scenario(fallback), jobs, BUILTIN_POLICIES).run().jobs.map((j) => [j.spec.id, j]));

  it('hold: every submission waits for the dispatcher to come back at 100', () => {
    const byId = run('hold');
    expect(byId.get('before')?.dispatchedS).toBe(5);
    expect([byId.get('fromB')?.dispatchedS, byId.get('fromB')?.startS]).toEqual([100, 100]);
    expect(byId.get('fromD')?.dispatchedS).toBe(100);
  });

  it('origin: a job from B runs at once at B’s centre; a job from a site without a centre waits', () => {
    const byId = run('origin');
    expect([centreOf(byId.get('fromB')), byId.get('fromB')?.dispatchedS, byId.get('fromB')?.startS]).toEqual(['C2', 20, 20]);
    expect(byId.get('fromD')?.dispatchedS).toBe(100);
  });

  it('refuses overlapping dispatcher outages', () => {
    expect(() =>
      scenarioFrom({ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] }], dispatch: { down: [{ from: 0, to: 10 }, { from: 5, to: 20 }] } }),
    ).toThrow(/dispatch\.down\[1\]\.from: outages must be in time order and not overlap/);
  });
});

import { describe, expect, it } from 'vitest';
import { gamma, sampleDuration } from '../../src/model/duration-distribution.js';
import { JobStatus } from '../../src/model/job.js';
import { createRng } from '../../src/engine/rng.js';
import { buildReports } from '../../src/report/build-reports.js';
import { statusLabel } from '../../src/report/job-metrics.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import type { PartitionState } from '../../src/sim/partition-state.js';
import { Simulation } from '../../src/sim/simulation.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { job, scenarioFrom } from '../helpers.js';

// Issue 17: random node failures per partition, a renewal process per node.

describe('node failures, hand-computed with fixed times', () => {
  // One node that fails every 100 s of uptime and takes 50 s to repair: down over [100, 150),
  // [250, 300), [400, 450), [550, ...). j1 needs 150 s: each run is killed after 100 s, requeued,
  // and restarts when the node is back; its third kill (at 400) is its last allowed start, so it
  // fails having lost 300 node-seconds. j2 (40 s) arrives at 401 and runs when the node is back,
  // 450–490; the run ends there, before the next failure.
  const scenario = scenarioFrom({
    centres: [
      {
        id: 'C',
        site: 'A',
        lat: 30,
        lon: 120,
        partitions: [{ id: 'p', nodes: 1, failures: { mtbf: { fixed: 100 }, mttr: { fixed: 50 } } }],
      },
    ],
    dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    retry: { policy: 'requeue', maxAttempts: 3 },
  });
  const result = new Simulation(scenario, [job('j1', { submitS: 0, cores: 1, runtimeS: 150 }), job('j2', { submitS: 401, cores: 1, runtimeS: 40 })], BUILTIN_POLICIES).run();
  const [j1, j2] = result.jobs;
  const reports = buildReports(result);
  const centre = reports.tables.find((t) => t.file === 'centres.csv');
  const cell = (name: string): string => centre?.row(0)[centre.header.indexOf(name)] ?? '';

  it('kills the job at every failure until its attempts run out', () => {
    expect(j1 && statusLabel(j1)).toBe('failed');
    expect([j1?.attempts, j1?.endS, j1?.lostNodeS]).toEqual([3, 400, 300]);
    expect(j1?.lostAttempts?.map((a) => [a.startS, a.endS])).toEqual([
      [0, 100],
      [150, 250],
      [300, 400],
    ]);
  });

  it('runs the next job when the node is repaired, and ends the run with it', () => {
    expect([j2?.startS, j2?.endS]).toEqual([450, 490]);
    expect(result.endS).toBe(490);
  });

  it('reports availability, failures, kills and lost work per centre', () => {
    expect(Number(cell('availability'))).toBeCloseTo(1 - 150 / 490, 6);
    expect(cell('node_failures')).toBe('3');
    expect(cell('failure_kills')).toBe('3');
    expect(Number(cell('lost_node_hours'))).toBeCloseTo(300 / 3600, 6);
    expect(reports.summary.failed).toBe(1);
    // Busy: 300 lost + 40 useful.
    expect(reports.summary.goodput).toBeCloseTo(40 / 340, 12);
  });
});

/** Two 100-node partitions; failures on the ones named; a job at 0 and one at `spanS` keep the run going. */
function twoPartitions(failing: readonly string[], spanS: number, mtbf: unknown, mttr: unknown) {
  const partition = (id: string) => ({ id, nodes: 100, ...(failing.includes(id) ? { failures: { mtbf, mttr } } : {}) });
  return {
    scenario: scenarioFrom({
      seed: 7,
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [partition('a'), partition('b')] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    }),
    jobs: [job('first', { submitS: 0, cores: 1, runtimeS: 1 }), job('last', { submitS: spanS, cores: 1, runtimeS: 1 })],
  };
}

describe('node failures over a long run', () => {
  it('measured availability is MTBF / (MTBF + MTTR) within its 99% interval (exponential up and down times)', () => {
    // 100 nodes, up 10 h and down 2 h on average, for 1,000 h. For an alternating renewal process
    // with exponential times the variance of one node's time-average over T is about
    // 2a²b² / ((a + b)³ T) (a, b the means); over 100 independent nodes, ÷ 100.
    const a = 10 * 3600;
    const b = 2 * 3600;
    const spanS = 1000 * 3600;
    const { scenario, jobs } = twoPartitions(['a'], spanS, a, b);
    const result = new Simulation(scenario, jobs, BUILTIN_POLICIES).run();
    const p = result.partitions[0];
    const endS = result.endS;
    const measured = 1 - (p?.downNodeSeconds ?? 0) / (100 * endS);
    const sd = Math.sqrt((2 * a * a * b * b) / ((a + b) ** 3 * endS) / 100);
    expect(Math.abs(measured - a / (a + b))).toBeLessThan(2.576 * sd);
    // About T / (a + b) failures per node.
    expect(p?.nodeFailures).toBeGreaterThan(0.9 * 100 * (endS / (a + b)));
    expect(p?.nodeFailures).toBeLessThan(1.1 * 100 * (endS / (a + b)));
  });

  it('failures come from each partition’s own stream: turning them on for b changes nothing of a', () => {
    const spanS = 200 * 3600;
    const mtbf = { weibull: 20 * 3600, shape: 0.7 };
    const mttr = { lognormal: 3 * 3600, sigma: 1 };
    const alone = twoPartitions(['a'], spanS, mtbf, mttr);
    const both = twoPartitions(['a', 'b'], spanS, mtbf, mttr);
    const r1 = new Simulation(alone.scenario, alone.jobs, BUILTIN_POLICIES).run();
    const r2 = new Simulation(both.scenario, both.jobs, BUILTIN_POLICIES).run();
    expect(r1.partitions[0]?.nodeFailures).toBeGreaterThan(100);
    expect([r2.partitions[0]?.nodeFailures, r2.partitions[0]?.downNodeSeconds]).toEqual([r1.partitions[0]?.nodeFailures, r1.partitions[0]?.downNodeSeconds]);
    expect(r2.partitions[1]?.nodeFailures).toBeGreaterThan(100);
    // Every node is free or down once the jobs are done: no node was lost or counted twice.
    for (const p of r2.partitions) expect(p.freeNodes + p.downNodes).toBe(p.totalNodes);
  });
});

describe('duration distributions', () => {
  it('Γ matches known values', () => {
    expect(gamma(1)).toBeCloseTo(1, 12);
    expect(gamma(5)).toBeCloseTo(24, 10);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(gamma(1 + 1 / 0.7)).toBeCloseTo(1.2658, 4);
  });

  it.each([
    [{ kind: 'exponential', meanS: 100 }],
    [{ kind: 'weibull', meanS: 100, shape: 0.7 }],
    [{ kind: 'weibull', meanS: 100, shape: 3 }],
    [{ kind: 'lognormal', meanS: 100, sigma: 1 }],
  ] as const)('%o: the sample mean of 200,000 draws is within 2%% of the mean', (d) => {
    const rng = createRng(1, 'test');
    let sum = 0;
    for (let i = 0; i < 200_000; i++) sum += sampleDuration(d, rng);
    expect(sum / 200_000).toBeGreaterThan(98);
    expect(sum / 200_000).toBeLessThan(102);
  });

  it('a fixed duration is its value', () => {
    expect(sampleDuration({ kind: 'fixed', meanS: 42 }, createRng(1, 'x'))).toBe(42);
  });
});

describe('failure input', () => {
  const withFailures = (failures: unknown) => () =>
    scenarioFrom({ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, failures }] }] });
  it.each([
    [{ mtbf: 0, mttr: 10 }, /centres\[0\]\.partitions\[0\]\.failures\.mtbf/],
    [{ mtbf: { weibull: '10d', shape: 0 }, mttr: 10 }, /centres\[0\]\.partitions\[0\]\.failures\.mtbf/],
    [{ mtbf: '10d', mttr: { lognormal: '2h', sigma: -1 } }, /centres\[0\]\.partitions\[0\]\.failures\.mttr/],
    [{ mtbf: '10d' }, /centres\[0\]\.partitions\[0\]\.failures\.mttr/],
  ])('%o is refused naming the path', (failures, message) => {
    expect(withFailures(failures)).toThrow(message);
  });
});

describe('invariants under failures', () => {
  it('at every instant, running + free + down nodes = the partition’s nodes (no node runs a job while down), and every job is counted once', () => {
    const scenario = scenarioFrom({
      seed: 11,
      centres: [
        {
          id: 'C1',
          site: 'A',
          lat: 30,
          lon: 120,
          queue: { policy: 'easy' },
          partitions: [{ id: 'p', nodes: 64, coresPerNode: 4, failures: { mtbf: { weibull: 2 * 3600, shape: 0.7 }, mttr: { lognormal: 600, sigma: 1 } } }],
          down: [{ from: 20_000, to: 30_000, mode: 'abrupt' }],
        },
        { id: 'C2', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'q', nodes: 32, coresPerNode: 4, failures: { mtbf: 3 * 3600, mttr: 900 } }] },
      ],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      retry: { policy: 'redispatch', maxAttempts: 4, delay: 60 },
      checkpoint: { '*': { interval: 'young-daly', overhead: 30 } },
      workload: [
        {
          kind: 'poisson',
          name: 'g',
          origin: 'A',
          rate: 0.02,
          end: '1d',
          classes: [{ name: 'hpc', share: 1, cores: [1, 128], runtime: { median: '1h', sigma: 1, max: '8h' }, walltimeFactor: 2 }],
        },
      ],
    });
    const sim = new Simulation(scenario, buildJobs(scenario, scenario.seed), BUILTIN_POLICIES);
    const internals = sim as unknown as { partitions: PartitionState[]; onInstantEnd(t: number): void };
    const decide = internals.onInstantEnd.bind(sim);
    let instants = 0;
    internals.onInstantEnd = (t: number) => {
      decide(t);
      instants++;
      for (const p of internals.partitions) {
        const running = p.running.reduce((n, j) => n + j.nodes, 0);
        if (p.freeNodes < 0 || p.downNodes < 0 || running + p.freeNodes + p.downNodes !== p.totalNodes) {
          throw new Error(`t=${t} ${p.label}: running ${running} + free ${p.freeNodes} + down ${p.downNodes} ≠ ${p.totalNodes}`);
        }
      }
    };
    const result = sim.run();
    expect(instants).toBeGreaterThan(1000);
    expect(result.partitions.reduce((n, p) => n + p.nodeFailures, 0)).toBeGreaterThan(100);
    const s = buildReports(result).summary;
    expect(Number(s.failed) + Number(s.retried)).toBeGreaterThan(0);
    expect(Number(s.done) + Number(s.killed) + Number(s.failed) + Number(s.rejected) + Number(s.unfinished)).toBe(s.jobs);
    // A job's runs never overlap, and none starts before its submission.
    for (const j of result.jobs) {
      const runs = [...(j.lostAttempts ?? []).map((a) => [a.startS, a.endS] as const), ...(Number.isFinite(j.startS) && j.status !== JobStatus.Failed ? [[j.startS, j.endS] as const] : [])];
      for (let k = 1; k < runs.length; k++) expect((runs[k] as readonly number[])[0]).toBeGreaterThanOrEqual((runs[k - 1] as readonly number[])[1] as number);
      if (runs.length > 0) expect((runs[0] as readonly number[])[0]).toBeGreaterThanOrEqual(j.spec.submitS);
    }
  });
});

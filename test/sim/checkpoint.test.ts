import { describe, expect, it } from 'vitest';
import { buildReports } from '../../src/report/build-reports.js';
import { statusLabel } from '../../src/report/job-metrics.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { checkpointCount, checkpointedWallS, checkpointsDone, youngDalyIntervalS } from '../../src/sim/checkpoint.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

// Issue 17: checkpointing per job class; a restart resumes from the last checkpoint.

describe('checkpoint arithmetic', () => {
  it('writes a checkpoint after every full interval but the last', () => {
    expect(checkpointCount(150, 40)).toBe(3);
    expect(checkpointCount(120, 40)).toBe(2);
    expect(checkpointCount(30, 40)).toBe(0);
    expect(checkpointCount(150, Number.POSITIVE_INFINITY)).toBe(0);
    expect(checkpointedWallS(150, 40, 5)).toBe(165);
    expect(checkpointsDone(100, 150, 40, 5)).toBe(2);
    expect(checkpointsDone(164, 150, 40, 5)).toBe(3);
    expect(checkpointsDone(1000, 150, 40, 5)).toBe(3);
  });

  it('Young/Daly: Daly’s higher-order interval, M when the overhead is 2M or more, none without failures', () => {
    const d = 60;
    const m = 86_400;
    const x = d / (2 * m);
    expect(youngDalyIntervalS(d, m)).toBeCloseTo(Math.sqrt(2 * d * m) * (1 + Math.sqrt(x) / 3 + x / 9) - d, 9);
    // Close to Young's √(2δM) when δ ≪ M.
    expect(youngDalyIntervalS(d, m) / Math.sqrt(2 * d * m)).toBeGreaterThan(0.98);
    expect(youngDalyIntervalS(300, 100)).toBe(100);
    expect(youngDalyIntervalS(60, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a job killed by a node failure restarts from its last checkpoint (hand-computed)', () => {
  // One node failing every 100 s of uptime, repaired in 50 s. j1 needs 150 s, checkpoints every
  // 40 s at 5 s each: run 1 would take 150 + 3 × 5 = 165 s. Killed at 100 having written 2
  // checkpoints (at 45 and 90): 80 s of work kept, 10 s lost, 10 s spent on checkpoints. Run 2
  // starts at the repair, 150: 70 s left, one checkpoint, 75 s: it ends at 225, before the next
  // failure (250).
  const scenario = (checkpoint: Record<string, unknown>) =>
    scenarioFrom({
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, failures: { mtbf: { fixed: 100 }, mttr: { fixed: 50 } } }] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      retry: { policy: 'requeue', maxAttempts: 5 },
      checkpoint,
    });
  const runJ1 = (checkpoint: Record<string, unknown>) => new Simulation(scenario(checkpoint), [job('j1', { submitS: 0, cores: 1, runtimeS: 150, walltimeS: 1000 })], BUILTIN_POLICIES).run();

  it('with checkpoints: done at 225 after 2 runs, 10 node-s lost and 15 spent on checkpoints', () => {
    const result = runJ1({ hpc: { interval: 40, overhead: 5 } });
    const [j1] = result.jobs;
    expect(j1 && statusLabel(j1)).toBe('done');
    expect([j1?.attempts, j1?.startS, j1?.endS, j1?.runS, j1?.lostNodeS, j1?.checkpointNodeS, j1?.savedRefS]).toEqual([2, 150, 225, 75, 10, 15, 80]);
    const s = buildReports(result).summary;
    // Busy 100 + 75 = 175 node-s; lost 10 and checkpoints 15.
    expect(s.goodput).toBeCloseTo(150 / 175, 12);
    expect(s.checkpoint_node_hours).toBeCloseTo(15 / 3600, 12);
  });

  it.each([
    ['redispatch', 'done', 2, 225, 10],
    ['none', 'failed', 1, 100, 10],
  ])('retry %s with checkpoints: %s, %i runs, ends at %i, %i node-s lost', (policy, status, attempts, endS, lostNodeS) => {
    const s = scenarioFrom({
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, failures: { mtbf: { fixed: 100 }, mttr: { fixed: 50 } } }] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      retry: { policy, maxAttempts: 5 },
      checkpoint: { hpc: { interval: 40, overhead: 5 } },
    });
    // Redispatched at 100, the job goes back to the only centre and waits there for the repair.
    const [j1] = new Simulation(s, [job('j1', { submitS: 0, cores: 1, runtimeS: 150, walltimeS: 1000 })], BUILTIN_POLICIES).run().jobs;
    expect([j1 && statusLabel(j1), j1?.attempts, j1?.endS, j1?.lostNodeS]).toEqual([status, attempts, endS, lostNodeS]);
  });

  it('the class `*` applies to every class without its own entry', () => {
    const [j1] = runJ1({ '*': { interval: 40, overhead: 5 } }).jobs;
    expect([j1?.attempts, j1?.endS]).toEqual([2, 225]);
  });

  it('without checkpoints: every run is killed after 100 s, and the job fails on its fifth start', () => {
    const [j1] = runJ1({ other: { interval: 40, overhead: 5 } }).jobs;
    expect(j1 && statusLabel(j1)).toBe('failed');
    expect([j1?.attempts, j1?.endS, j1?.lostNodeS, j1?.checkpointNodeS]).toEqual([5, 700, 500, 0]);
  });
});

describe('checkpoints at the Young/Daly interval over a long run', () => {
  it('lose about half a segment (interval + overhead) per failure', () => {
    // 2,000 one-node jobs of 2 days on 2,000 nodes failing every 10 days (exponential), repaired
    // in an hour; checkpoints cost 60 s, at the Young/Daly interval for one node.
    const mtbfS = 10 * 86_400;
    const overheadS = 60;
    const s = scenarioFrom({
      seed: 3,
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 2000, failures: { mtbf: mtbfS, mttr: { fixed: 3600 } } }] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      retry: { policy: 'requeue', maxAttempts: 100 },
      checkpoint: { '*': { interval: 'young-daly', overhead: overheadS } },
    });
    const jobs = Array.from({ length: 2000 }, (_, i) => job(`j${i}`, { submitS: 0, cores: 1, runtimeS: 2 * 86_400, walltimeS: 4 * 86_400 }));
    const result = new Simulation(s, jobs, BUILTIN_POLICIES).run();
    const p = result.partitions[0];
    const kills = p?.failureKills ?? 0;
    const segmentS = youngDalyIntervalS(overheadS, mtbfS) + overheadS;
    expect(kills).toBeGreaterThan(300);
    const lostPerKill = (p?.lostNodeSeconds ?? 0) / kills;
    expect(lostPerKill).toBeGreaterThan(0.9 * (segmentS / 2));
    expect(lostPerKill).toBeLessThan(1.1 * (segmentS / 2));
    expect(result.jobs.every((j) => statusLabel(j) === 'done')).toBe(true);
  });
});

describe('checkpoint input', () => {
  it.each([
    [{ hpc: { interval: 0, overhead: 5 } }, /checkpoint\.hpc\.interval/],
    [{ hpc: { interval: 'sometimes', overhead: 5 } }, /checkpoint\.hpc\.interval/],
    [{ hpc: { interval: 60, overhead: -1 } }, /checkpoint\.hpc\.overhead/],
    [{ hpc: { interval: 60 } }, /checkpoint\.hpc\.overhead/],
    // Young/Daly with free checkpoints is an interval of 0: a checkpoint after every instant (the run's time was NaN).
    [{ '*': { interval: 'young-daly', overhead: '0s' } }, /checkpoint\.\*\.overhead.*young-daly needs an overhead > 0/],
  ])('%o is refused naming the path', (checkpoint, message) => {
    expect(() => scenarioFrom({ centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] }], checkpoint })).toThrow(message);
  });

  it('a speed row or a checkpoint for a class the workload has is taken, one for a class it lacks is refused', () => {
    const base = {
      horizon: '1d',
      centres: [{ id: 'C', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4, cpuModel: 'EPYC' }] }],
      workload: [{ kind: 'poisson', origin: 'A', rate: '1/h', classes: [{ name: 'hpc', cores: 1, runtime: { median: '1h', max: '2h' } }] }],
    };
    expect(() => scenarioFrom({ ...base, speeds: { hpc: { EPYC: 2 } }, checkpoint: { hpc: { interval: 60, overhead: 5 } } })).not.toThrow();
    // A class no source uses (a typo) would checkpoint nothing, or speed nothing, silently.
    expect(() => scenarioFrom({ ...base, checkpoint: { hcp: { interval: 60, overhead: 5 } } })).toThrow(/checkpoint\.hcp.*no job class is named 'hcp'/);
    expect(() => scenarioFrom({ ...base, speeds: { hcp: { EPYC: 2 } } })).toThrow(/speeds\.hcp.*no job class is named 'hcp' \(job classes: hpc; '\*' is every other class\)/);
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobStatus } from '../../src/model/job.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { checkInvariants } from '../invariants.js';

describe('invariants', () => {
  it('hold on the two-sites example', () => {
    const { result } = runScenario(loadScenario(join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml')));
    expect(result.jobs.length).toBeGreaterThan(1000);
    expect(checkInvariants(result)).toEqual([]);
  });

  it('detect an over-allocated partition (the checker itself can fail)', () => {
    const { result } = runScenario(loadScenario(join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml')));
    const running = result.jobs.filter((j) => j.status === JobStatus.Done && j.partition === 0);
    const [a] = running;
    if (a === undefined) throw new Error('no job');
    a.nodes += result.partitions[0]?.spec.nodes ?? 0;
    // The checker computes the nodes from the job's cores and GPUs, so the engine's field is caught as wrong.
    expect(checkInvariants(result).join('\n')).toMatch(/holds \d+ nodes on .*, its \d+ cores and \d+ GPUs need \d+/);
  });

  it('detect a partition over its nodes, cores or GPUs when jobs overlap (the capacity sweep itself can fail)', () => {
    const { result } = runScenario(loadScenario(join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml')));
    const onFirst = result.jobs.filter((j) => j.status === JobStatus.Done && j.partition === 0);
    expect(onFirst.length).toBeGreaterThan(10);
    // Every job of the partition made to run at once, from the first start to the last end.
    const from = Math.min(...onFirst.map((j) => j.startS));
    const to = Math.max(...onFirst.map((j) => j.endS));
    for (const j of onFirst) {
      j.startS = from;
      j.endS = to;
    }
    expect(checkInvariants(result, 1_000_000).join('\n')).toMatch(/(nodes|cores) in use at t=/);
  });
});

describe('invariants on the default scenario national-2025', () => {
  const { result, reports } = runScenario(loadScenario('national-2025'));

  it('runs every job of a workload of more than 100,000 jobs and rejects none', () => {
    expect(result.jobs.length).toBeGreaterThan(100_000);
    expect(reports.summary.unfinished).toBe(0);
    expect(reports.summary.rejected).toBe(0);
  });

  it('never over-allocates a partition; start ≥ submit; end − start = min(runtime, walltime) / speed', () => {
    expect(checkInvariants(result)).toEqual([]);
  });

  it('keeps the network busy but not saturated', () => {
    const util = reports.summary.node_util as number;
    expect(util).toBeGreaterThan(0.2);
    expect(util).toBeLessThan(0.9);
  });
});

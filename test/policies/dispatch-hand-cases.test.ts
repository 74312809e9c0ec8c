import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

// Hand-made cases: which centre each policy picks, worked out from its definition
// (src/policies/README.md) before running it.

describe('round-robin', () => {
  it('cycles through the partitions in scenario order, skipping one the job cannot use', () => {
    const scenario = scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }] },
        { id: 'G', site: 'A', partitions: [{ id: 'g', nodes: 4, gpusPerNode: 4, gpuModel: 'A100' }] },
        { id: 'C3', site: 'A', partitions: [{ id: 'p', nodes: 4 }] },
      ],
      dispatch: { policy: 'round-robin', infoPeriod: 0 },
    });
    // CPU jobs can use C1 and C3 only: C1, C3, C1, C3, C1 whatever their load.
    const jobs = [0, 1, 2, 3, 4].map((i) => job(`j${i}`, { submitS: 10 + i, cores: 1, runtimeS: 5000 }));
    const result = new Simulation(scenario, jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => scenario.centres[j.centre]?.id)).toEqual(['C1', 'C3', 'C1', 'C3', 'C1']);
  });
});

describe('shortest-queue', () => {
  it('sends a job where fewer jobs wait; equal queues go to the lighter load (its own nodes counted), then scenario order', () => {
    // C1 has 1 node, C2 has 2; live view; load = (running + waiting + the job's) nodes / nodes.
    // a (t=10): queues 0, 0; loads C1 1/1, C2 1/2 → C2.
    // b (t=11): queues 0, 0; loads C1 1/1, C2 2/2 → equal: C1, first in scenario order.
    // c (t=12): queues 0, 0; loads C1 2/1, C2 2/2 → C2 (now full).
    // d (t=13): queues 0, 0; loads C1 2/1, C2 3/2 → C2, where it waits (C2 queue 1).
    // e (t=14): queues C1 0, C2 1; loads C1 2/1, C2 4/2 equal → the queue decides: C1.
    const scenario = scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1 }] },
        { id: 'C2', site: 'A', partitions: [{ id: 'p', nodes: 2 }] },
      ],
      dispatch: { policy: 'shortest-queue', infoPeriod: 0 },
    });
    const jobs = ['a', 'b', 'c', 'd', 'e'].map((id, i) => job(id, { submitS: 10 + i, cores: 1, runtimeS: 5000 }));
    const result = new Simulation(scenario, jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => scenario.centres[j.centre]?.id)).toEqual(['C2', 'C1', 'C2', 'C2', 'C1']);
    expect(result.jobs.map((j) => j.startS)).toEqual([10, 11, 12, 5010, 5011]);
  });
});

describe('earliest-completion', () => {
  it('sends a job where stage-in + expected wait + walltime at that speed ends first', () => {
    // C1 speed 1, C2 speed 2, one node each, live view; walltime 100 s at reference speed.
    // a (t=10): C1 ends 10 + 100, C2 ends 10 + 50 → C2.
    // b (t=11): C2 busy for 49 s more, then 50 s → ends 110; C1 empty → 111. → C2.
    // c (t=12): C2 has 48 + 50 s of work ahead, then 50 s → 160; C1 → 112. → C1.
    const scenario = scenarioFrom({
      centres: [
        { id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 1, speed: 1 }] },
        { id: 'C2', site: 'A', partitions: [{ id: 'p', nodes: 1, speed: 2 }] },
      ],
      dispatch: { policy: 'earliest-completion', infoPeriod: 0 },
    });
    const jobs = ['a', 'b', 'c'].map((id, i) => job(id, { submitS: 10 + i, cores: 1, runtimeS: 100, walltimeS: 100 }));
    const result = new Simulation(scenario, jobs, BUILTIN_POLICIES).run();
    expect(result.jobs.map((j) => scenario.centres[j.centre]?.id)).toEqual(['C2', 'C2', 'C1']);
    expect(result.jobs.map((j) => j.startS)).toEqual([10, 60, 12]);
  });
});

import { describe, expect, it } from 'vitest';
import type { QueuePolicy } from '../../src/policies/queue-policy.js';
import { conservative } from '../../src/policies/queue/conservative.js';
import { createRng } from '../../src/engine/rng.js';
import { findDispatchPolicy, findQueuePolicy } from '../../src/policies/registry.js';
import { replayJobSpec, replayScenario } from '../../src/replay/machine.js';
import { Simulation } from '../../src/sim/simulation.js';
import { convertSwf } from '../../src/workload/swf-convert.js';
import { readSwf } from '../../src/workload/swf.js';
import { tracePath } from '../replay/reference-helpers.js';
import { runMachine } from './run-machine.js';

describe('conservative', () => {
  // 10 processors. j1 (6 procs, walltime 100) runs; j2 (8) is reserved at [100, 150);
  // j3 (10) at [150, 160). j4 (2 procs, 200 s) would fit now and EASY backfills it (2 ≤ extra),
  // delaying j3 to 203; conservative keeps j3's reservation and places j4 after it.
  const rows = [
    [0, 6, 100, 100],
    [1, 8, 50, 50],
    [2, 10, 10, 10],
    [3, 2, 200, 200],
  ] as const;

  it('gives every queued job a reservation and starts a job early only where it delays none', () => {
    expect(runMachine(10, 'conservative', rows)).toEqual({ j1: 0, j2: 100, j3: 150, j4: 160 });
    expect(runMachine(10, 'easy', rows)).toEqual({ j1: 0, j2: 100, j3: 203, j4: 3 });
  });

  it('backfills a job that fits in a hole of the profile', () => {
    // j4 (4 procs, 90 s) fits in [3, 93) before j2's reservation at 100.
    expect(runMachine(10, 'conservative', [...rows.slice(0, 3), [3, 4, 90, 90]])).toEqual({ j1: 0, j2: 100, j3: 150, j4: 3 });
  });

  it('compresses the reservations when a job ends early: every job moves earlier, none later', () => {
    // j1 ends at 40 instead of 100: j2 starts at 40, j3 is re-placed at 90, j4 at 100 (was 160).
    const early = [[0, 6, 40, 100], ...rows.slice(1)] as const;
    expect(runMachine(10, 'conservative', early)).toEqual({ j1: 0, j2: 40, j3: 90, j4: 100 });
  });

  it('never delays a reservation and never starts a job after its first reservation (CTC-SP2, 4,000 jobs)', () => {
    const trace = readSwf(tracePath('CTC-SP2'));
    const jobs = convertSwf(trace, { conversion: 'cnsim', machineProcs: 338 }).jobs.slice(0, 4000);
    const scenario = replayScenario('conservative-check', { nodes: 338, procsPerNode: 1 }, 'conservative', {});
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    const problems: string[] = [];
    const resolver = {
      dispatch: findDispatchPolicy,
      queue: (name: string) => {
        if (name !== 'conservative') return findQueuePolicy(name);
        return {
          ...conservative,
          instantiate: (): QueuePolicy => {
            const inner = conservative.instantiate({}, { rng: createRng(1, 'test') }) as QueuePolicy & {
              reservations(): ReadonlyMap<number, number>;
            };
            return {
              decide(view, nowS, starts) {
                inner.decide(view, nowS, starts);
                for (const [index, s] of inner.reservations()) {
                  const before = last.get(index);
                  if (before !== undefined && s > before && problems.length < 5) problems.push(`job #${index}: reservation ${before} → ${s} at t=${nowS}`);
                  if (!first.has(index)) first.set(index, s);
                  last.set(index, s);
                }
              },
            };
          },
        };
      },
    };
    const result = new Simulation(scenario, jobs.map(replayJobSpec), resolver).run();
    expect(problems).toEqual([]);
    expect(first.size).toBeGreaterThan(1000);
    for (const job of result.jobs) {
      const reservedS = first.get(job.index);
      if (reservedS !== undefined && job.startS > reservedS) problems.push(`${job.spec.id} started ${job.startS} after its reservation ${reservedS}`);
    }
    expect(problems).toEqual([]);
  });
});

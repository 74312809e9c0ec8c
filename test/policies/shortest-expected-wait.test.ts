import { describe, expect, it } from 'vitest';
import type { CandidateView, DispatchJob, QueueSnapshot } from '../../src/policies/dispatch-policy.js';
import { shortestExpectedWait } from '../../src/policies/dispatch/shortest-expected-wait.js';
import { createRng } from '../../src/engine/rng.js';

/** A 4-node partition view with the given queue snapshot and the view's totals computed from it. */
function candidate(index: number, q: QueueSnapshot, expectedWaitS: number): CandidateView {
  return {
    index,
    centre: index,
    partition: 0,
    centreId: `C${index + 1}`,
    partitionId: 'p',
    siteId: 'A',
    gpuModel: '',
    cpuModel: '',
    totalNodes: 4,
    nodesNeeded: 2,
    speed: 1,
    walltimeS: 400,
    freeNodes: q.freeNodes,
    runningNodes: 4 - q.freeNodes,
    runningNodeSeconds: 0,
    queuedJobs: q.queuedNodes.length,
    queuedNodes: q.queuedNodes.reduce((a, b) => a + b, 0),
    queuedNodeSeconds: 0,
    maxQueuedJobs: Number.POSITIVE_INFINITY,
    expectedWaitS,
    powerW: 0,
    energyKWh: Number.NaN,
    costCny: Number.NaN,
    co2Kg: Number.NaN,
    stageInS: 0,
    bytesToMove: 0,
    originLatencyS: 0,
    viewTakenS: 0,
    queueSnapshot: q,
  };
}

// C1: all 4 nodes busy until 1000 s, nothing queued: the new 2-node, 400 s job starts at 1000.
// C2: 2 nodes busy until 500 s, a 4-node job of 2000 s queued (reserved at [500, 2500)): the new
// job fits now on the 2 free nodes and ends at 400 ≤ 500, so it backfills with no wait. The view
// totals say otherwise: (2·500 + 4·2000) / 4 = 2250 s at C2 against 1000 s at C1.
const c1 = candidate(0, { takenS: 0, freeNodes: 0, runningNodes: Float64Array.of(4), runningEndS: Float64Array.of(1000), queuedNodes: new Float64Array(0), queuedWalltimeS: new Float64Array(0) }, 1000);
const c2 = candidate(1, { takenS: 0, freeNodes: 2, runningNodes: Float64Array.of(2), runningEndS: Float64Array.of(500), queuedNodes: Float64Array.of(4), queuedWalltimeS: Float64Array.of(2000) }, 2250);
const job = { id: 'j', submitS: 0, origin: 'A', jobClass: 'hpc', cores: 2, gpus: 0, walltimeS: 400, inputBytes: 0, outputBytes: 0, dataSite: 'A' } satisfies DispatchJob;
const make = (options: Record<string, unknown>) => shortestExpectedWait.instantiate(options, { rng: createRng(1, 'test') });

describe('shortest-expected-wait', () => {
  it('by the view totals (estimate: work) picks C1 (1000 s against 2250 s)', () => {
    const p = make({});
    expect(p.needsQueueSnapshots).toBe(false);
    expect(p.choose(job, [c1, c2], 0)).toBe(0);
  });

  it('by a replay of the queue (estimate: replay) sees that the job backfills at C2 and picks it', () => {
    const p = make({ estimate: 'replay' });
    expect(p.needsQueueSnapshots).toBe(true);
    expect(p.choose(job, [c1, c2], 0)).toBe(1);
  });

  it('the replay places queued jobs first: a job too long to backfill waits for the queue at C2', () => {
    const long = { ...c2, walltimeS: 600 };
    // At C2 the 2 free nodes are needed by the reservation from 500 s: the 600 s job starts at 2500.
    expect(make({ estimate: 'replay' }).choose(job, [c1, long], 0)).toBe(0);
  });
});

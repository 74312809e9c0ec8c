import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Job, type JobSpec, JobTable } from '../../src/model/job.js';
import type { Partition } from '../../src/model/partition.js';
import type { QueuePolicy } from '../../src/policies/queue-policy.js';
import { PartitionState } from '../../src/sim/partition-state.js';
import { scenarioFrom } from '../helpers.js';

/** One large partition, as a scenario file gives it (defaults filled by the parser). */
const SPEC: Partition = scenarioFrom({
  horizon: '1h',
  sites: [{ id: 's', lat: 30, lon: 120 }],
  centres: [{ id: 'c', site: 's', partitions: [{ id: 'p', nodes: 1_000_000, coresPerNode: 1 }] }],
  workload: [],
}).centres[0]?.partitions[0] as Partition;

function spec(i: number): JobSpec {
  return { id: `j${i}`, submitS: 0, origin: 's', jobClass: 'c', cores: 1, gpus: 0, runtimeS: 1, walltimeS: 1, inputBytes: 0, outputBytes: 0, dataSite: 's' };
}

/** What `running` must list: by estimated end (start + walltime), then job index. */
function inOrder(jobs: readonly Job[]): number[] {
  return [...jobs].sort((a, b) => a.startS + a.walltimeS - (b.startS + b.walltimeS) || a.index - b.index).map((j) => j.index);
}

type Op = { kind: 'start'; startS: number; walltimeS: number } | { kind: 'end'; pick: number } | { kind: 'read' } | { kind: 'quiet'; changes: number };

/** Ends that tie often (small whole numbers) and long stretches without a read (the unordered set). */
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('start' as const), startS: fc.integer({ min: 0, max: 30 }), walltimeS: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('end' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('quiet' as const), changes: fc.integer({ min: 1, max: 150 }) }) },
);

describe('PartitionState running jobs', () => {
  it('lists the running jobs by estimated end then index, whether reads come at every change, now and then or after long silences (property-based)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 120 }), (ops) => {
        const table = new JobTable(4);
        const bySlot: Job[] = [];
        const p = new PartitionState(0, 0, 0, SPEC, {} as QueuePolicy, 'c/p', bySlot);
        const live: Job[] = [];
        let next = 0;
        const start = (startS: number, walltimeS: number): void => {
          const job = new Job(next, spec(next), table);
          next++;
          bySlot[job.slot] = job;
          job.startS = startS;
          job.walltimeS = walltimeS;
          p.addRunning(job);
          live.push(job);
        };
        const end = (pick: number): void => {
          if (live.length === 0) return;
          const [job] = live.splice(pick % live.length, 1) as [Job];
          p.removeRunning(job);
          table.release(job.slot);
        };
        for (const o of ops) {
          if (o.kind === 'start') start(o.startS, o.walltimeS);
          else if (o.kind === 'end') end(o.pick);
          else if (o.kind === 'read') expect(p.running.map((j) => j.index)).toEqual(inOrder(live));
          else for (let k = 0; k < o.changes; k++) (k % 3 === 2 ? end(k * 7919) : start(k % 11, 1 + (k % 5)));
          expect(p.runningCount).toBe(live.length);
        }
        expect(p.running.map((j) => j.index)).toEqual(inOrder(live));
        // Read again after more changes: back in order, kept in step.
        start(3, 3);
        end(0);
        expect(p.running.map((j) => j.index)).toEqual(inOrder(live));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to remove a job that is not running there, in order or not', () => {
    const table = new JobTable(4);
    const bySlot: Job[] = [];
    const p = new PartitionState(0, 0, 0, SPEC, {} as QueuePolicy, 'c/p', bySlot);
    const jobs = Array.from({ length: 100 }, (_, i) => {
      const job = new Job(i, spec(i), table);
      bySlot[job.slot] = job;
      job.startS = i;
      job.walltimeS = 10;
      return job;
    });
    const stranger = jobs.pop() as Job;
    for (const job of jobs) p.addRunning(job);
    expect(() => p.removeRunning(stranger)).toThrow(/not running on c\/p/);
    // 99 unread starts: the set is unordered by now.
    for (const job of jobs.slice(0, 50)) p.removeRunning(job);
    expect(() => p.removeRunning(jobs[0] as Job)).toThrow(/not running on c\/p/);
    expect(p.running.map((j) => j.index)).toEqual(jobs.slice(50).map((j) => j.index));
  });
});

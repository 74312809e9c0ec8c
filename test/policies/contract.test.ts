import { describe, expect, it } from 'vitest';
import { QUEUE_POLICIES } from '../../src/policies/registry.js';
import { replayTrace } from '../../src/replay/replay.js';
import { readSwf } from '../../src/workload/swf.js';
import { tracePath } from '../replay/reference-helpers.js';
import { replayViolations } from '../replay/replay-invariants.js';
import { checkInvariants } from '../invariants.js';

const ctc = readSwf(tracePath('CTC-SP2'));
const lublin = readSwf(tracePath('lublin_256'));

describe.each(QUEUE_POLICIES.map((p) => [p.name]))('queue policy %s', (policy) => {
  it('is deterministic: the same replay twice gives the same starts', () => {
    const a = replayTrace(ctc, { policy, first: 3000 }).result.jobs.map((j) => j.startS);
    const b = replayTrace(ctc, { policy, first: 3000 }).result.jobs.map((j) => j.startS);
    expect(a).toEqual(b);
  });

  it.each([
    ['CTC-SP2', ctc],
    ['lublin_256', lublin],
  ] as const)('never over-allocates and never starts a job before its submit (%s, 5,000 jobs, engine-checked decisions)', (_name, trace) => {
    const out = replayTrace(trace, { policy, first: 5000 });
    expect(checkInvariants(out.result)).toEqual([]);
    expect(replayViolations(out.result.jobs, out.machine.nodes, policy === 'fcfs')).toEqual([]);
    expect(out.result.jobs.every((j) => j.statusName === 'done')).toBe(true);
  });
});

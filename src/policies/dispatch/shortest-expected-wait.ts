import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { type CandidateView, loadWith } from '../dispatch-policy.js';
import { NodeProfile } from '../queue/profile.js';

/**
 * Shortest expected wait, estimated either from the view's totals (`work`: 0 where the job fits
 * after the queued jobs, else running + queued work over capacity) or by a quick replay of the
 * partition's queue (`replay`): running jobs end at their start + walltime, each queued job in
 * order takes its earliest start in a free-nodes profile (as conservative backfilling would
 * reserve it), then the new job does; its wait is that start minus now. Ties by load, then
 * scenario order.
 */
export const shortestExpectedWait = definePolicy({
  kind: 'dispatch',
  name: 'shortest-expected-wait',
  summary: 'Send each job where its expected wait is shortest: from the view totals, or by replaying the queue (estimate: replay).',
  options: z
    .object({
      includeStageIn: z.boolean().default(false),
      estimate: z.enum(['work', 'replay']).default('work'),
    })
    .strict(),
  optionDocs: {
    includeStageIn: 'add the stage-in time to the wait (the job cannot start before its input arrives)',
    estimate:
      '`work` (default): 0 if the job fits after the queued jobs, else (running + queued work) / capacity; `replay`: replay the reported queue with reservations (running jobs end at start + walltime, queued jobs at their earliest start, in order), then place the job',
  },
  create: ({ includeStageIn, estimate }) => {
    const profile = new NodeProfile();
    const waitOf = (c: CandidateView, nowS: number): number => {
      const q = estimate === 'replay' ? c.queueSnapshot : null;
      if (q === null) return c.expectedWaitS;
      return Math.max(0, replayStartS(profile, q, c) - nowS);
    };
    return {
      needsQueueSnapshots: estimate === 'replay',
      choose(_job, candidates, nowS) {
        let best = 0;
        let bestWait = Number.POSITIVE_INFINITY;
        let bestLoad = Number.POSITIVE_INFINITY;
        for (let i = 0; i < candidates.length; i++) {
          const c = candidates[i] as CandidateView;
          const queueWait = waitOf(c, nowS);
          const wait = includeStageIn ? Math.max(queueWait, c.stageInS) : queueWait;
          const load = loadWith(c);
          if (wait < bestWait || (wait === bestWait && load < bestLoad)) {
            bestWait = wait;
            bestLoad = load;
            best = i;
          }
        }
        return best;
      },
    };
  },
});

/**
 * Earliest start of the candidate's job after the reported queue, by reservations from the time
 * the queue was copied (not the view's `viewTakenS`: a live view's totals may be older than its
 * queue copy, and reserving from then would place queued jobs in the past).
 */
function replayStartS(profile: NodeProfile, q: NonNullable<CandidateView['queueSnapshot']>, c: CandidateView): number {
  profile.reset(q.takenS, q.freeNodes);
  for (let i = 0; i < q.runningNodes.length; i++) profile.add(q.runningEndS[i] as number, Number.POSITIVE_INFINITY, q.runningNodes[i] as number);
  for (let i = 0; i < q.queuedNodes.length; i++) {
    const nodes = q.queuedNodes[i] as number;
    const durationS = q.queuedWalltimeS[i] as number;
    const startS = profile.earliestStart(nodes, durationS);
    if (Number.isFinite(startS)) profile.reserve(startS, startS + durationS, nodes);
  }
  return profile.earliestStart(c.nodesNeeded, c.walltimeS);
}

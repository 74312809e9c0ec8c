import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { type CandidateView, expectedCompletionS } from '../dispatch-policy.js';

/**
 * Origin first, the hub's overflow practice: run at the nearest centre (smallest route latency
 * from the job's origin; its partition with the earliest expected completion) unless the job's
 * expected wait there exceeds `maxWaitS`; then spill to the other centre with the earliest
 * expected completion. When every eligible centre is "nearest" (one centre), stay.
 */
export const originFirst = definePolicy({
  kind: 'dispatch',
  name: 'origin-first',
  summary: 'Stay at the centre nearest the origin unless the expected wait there exceeds maxWaitS; then spill to the other centre finishing first.',
  options: z.object({ maxWaitS: z.number().min(0).default(3600) }).strict(),
  optionDocs: { maxWaitS: 'spill threshold, seconds: the job leaves its nearest centre when its expected wait there is larger' },
  create: ({ maxWaitS }) => ({
    choose(_job, candidates) {
      // The nearest centre: smallest latency, ties to the earlier centre.
      let nearestCentre = -1;
      let nearestLatency = Number.POSITIVE_INFINITY;
      for (const c of candidates) {
        if (c.originLatencyS < nearestLatency) {
          nearestLatency = c.originLatencyS;
          nearestCentre = c.centre;
        }
      }
      const home = best(candidates, nearestCentre, true);
      if ((candidates[home] as CandidateView).expectedWaitS <= maxWaitS) return home;
      const away = best(candidates, nearestCentre, false);
      return away < 0 ? home : away;
    },
  }),
});

/**
 * The candidate with the earliest expected completion at (`atCentre`) or away from (`!atCentre`)
 * `centre`, -1 if none. No closure, so a dispatch allocates nothing.
 */
function best(candidates: readonly CandidateView[], centre: number, atCentre: boolean): number {
  let pick = -1;
  let pickEnd = Number.POSITIVE_INFINITY;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as CandidateView;
    if ((c.centre === centre) !== atCentre) continue;
    const end = expectedCompletionS(c);
    if (end < pickEnd) {
      pickEnd = end;
      pick = i;
    }
  }
  return pick;
}

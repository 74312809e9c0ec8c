import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { expectedCompletionS, loadWith } from '../dispatch-policy.js';

/**
 * Earliest completion: the smallest stage-in time (current link rates) + expected wait +
 * walltime at the partition's speed for this job's class; ties by load, then scenario order.
 */
export const earliestCompletion = definePolicy({
  kind: 'dispatch',
  name: 'earliest-completion',
  summary: 'Send each job where it would finish first: stage-in time + expected wait + walltime at that partition\'s speed.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => ({
    choose(_job, candidates) {
      let best = 0;
      let bestEnd = Number.POSITIVE_INFINITY;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i] as (typeof candidates)[number];
        const end = expectedCompletionS(c);
        if (end < bestEnd || (end === bestEnd && loadWith(c) < bestLoad)) {
          bestEnd = end;
          bestLoad = loadWith(c);
          best = i;
        }
      }
      return best;
    },
  }),
});

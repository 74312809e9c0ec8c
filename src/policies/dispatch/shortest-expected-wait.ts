import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { loadWith } from '../dispatch-policy.js';

/**
 * Shortest expected wait: the smallest `expectedWaitS` of the view (0 where the job fits after
 * the queued jobs, else running + queued work over capacity); ties by load, then scenario order.
 */
export const shortestExpectedWait = definePolicy({
  kind: 'dispatch',
  name: 'shortest-expected-wait',
  summary: 'Send each job where its expected wait is shortest: 0 if it fits after the queued jobs, else (running + queued work) / capacity.',
  options: z.object({ includeStageIn: z.boolean().default(false) }).strict(),
  optionDocs: { includeStageIn: 'add the stage-in time to the wait (the job cannot start before its input arrives)' },
  create: ({ includeStageIn }) => ({
    choose(_job, candidates) {
      let best = 0;
      let bestWait = Number.POSITIVE_INFINITY;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i] as (typeof candidates)[number];
        const wait = includeStageIn ? Math.max(c.expectedWaitS, c.stageInS) : c.expectedWaitS;
        const load = loadWith(c);
        if (wait < bestWait || (wait === bestWait && load < bestLoad)) {
          bestWait = wait;
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  }),
});

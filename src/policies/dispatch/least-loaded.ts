import { z } from 'zod';
import { definePolicy } from '../define-policy.js';

/**
 * Least-loaded: the partition whose (running + queued) nodes per total node is smallest,
 * ties to the earlier candidate (scenario order).
 */
export const leastLoaded = definePolicy({
  kind: 'dispatch',
  name: 'least-loaded',
  summary: 'Send each job to the eligible partition with the smallest (running + queued nodes) / total nodes.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => ({
    choose(_job, candidates) {
      let best = 0;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i];
        if (c === undefined) continue;
        const load = (c.runningNodes + c.queuedNodes + c.nodesNeeded) / c.totalNodes;
        if (load < bestLoad) {
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  }),
});

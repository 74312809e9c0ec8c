import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { loadWith, readsNoEstimates } from '../dispatch-policy.js';

/**
 * Least-loaded: the partition whose (running + queued + this job's) nodes per total node is
 * smallest, ties to the earlier candidate (scenario order).
 */
export const leastLoaded = definePolicy({
  kind: 'dispatch',
  name: 'least-loaded',
  summary: 'Send each job to the eligible partition with the smallest (running + queued + its own nodes) / total nodes.',
  options: z.object({}).strict(),
  optionDocs: {},
  // Reads the view's loads only: no job estimate (see readsNoEstimates).
  create: () => readsNoEstimates({
    choose(_job, candidates) {
      let best = 0;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const load = loadWith(candidates[i] as (typeof candidates)[number]);
        if (load < bestLoad) {
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  }),
});

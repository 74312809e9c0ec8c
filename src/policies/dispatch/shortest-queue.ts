import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { loadWith, readsNoEstimates } from '../dispatch-policy.js';

/** Shortest queue: fewest waiting jobs (or nodes) per the view, ties by load, then scenario order. */
export const shortestQueue = definePolicy({
  kind: 'dispatch',
  name: 'shortest-queue',
  summary: 'Send each job to the eligible partition with the fewest waiting jobs (or nodes) in the view; ties by least load.',
  options: z.object({ measure: z.enum(['jobs', 'nodes']).default('jobs') }).strict(),
  optionDocs: { measure: '`jobs`: waiting jobs; `nodes`: waiting nodes per total node' },
  // Reads the view's queues and loads only: no job estimate (see readsNoEstimates).
  create: ({ measure }) => readsNoEstimates({
    choose(_job, candidates) {
      let best = 0;
      let bestQueue = Number.POSITIVE_INFINITY;
      let bestLoad = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i] as (typeof candidates)[number];
        const queue = measure === 'jobs' ? c.queuedJobs : c.queuedNodes / c.totalNodes;
        const load = loadWith(c);
        if (queue < bestQueue || (queue === bestQueue && load < bestLoad)) {
          bestQueue = queue;
          bestLoad = load;
          best = i;
        }
      }
      return best;
    },
  }),
});

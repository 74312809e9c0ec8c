import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { readsNoEstimates } from '../dispatch-policy.js';

/**
 * Round-robin over partitions: the first eligible partition after the one chosen last (in
 * scenario order of all partitions, wrapping around), whatever their state.
 */
export const roundRobin = definePolicy({
  kind: 'dispatch',
  name: 'round-robin',
  summary: 'Cycle through the partitions in scenario order: the first eligible one after the last chosen, wrapping around.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => {
    let last = -1;
    // Reads the candidates' indices only: no job estimate (see readsNoEstimates).
    return readsNoEstimates({
      choose(_job, candidates) {
        // Candidates are in scenario order, so the first one past `last` is the next in the cycle.
        let pick = 0;
        for (let i = 0; i < candidates.length; i++) {
          if ((candidates[i] as (typeof candidates)[number]).index > last) {
            pick = i;
            break;
          }
        }
        last = (candidates[pick] as (typeof candidates)[number]).index;
        return pick;
      },
    });
  },
});

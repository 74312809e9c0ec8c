import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { expectedCompletionS } from '../dispatch-policy.js';

/** Data locality: fewest bytes moved (input in, output back), ties by earliest expected completion. */
export const dataLocality = definePolicy({
  kind: 'dispatch',
  name: 'data-locality',
  summary: 'Send each job where it moves the fewest bytes (input to the centre, output to the origin); ties by earliest completion.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => ({
    choose(_job, candidates) {
      let best = 0;
      let bestBytes = Number.POSITIVE_INFINITY;
      let bestEnd = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i] as (typeof candidates)[number];
        const end = expectedCompletionS(c);
        if (c.bytesToMove < bestBytes || (c.bytesToMove === bestBytes && end < bestEnd)) {
          bestBytes = c.bytesToMove;
          bestEnd = end;
          best = i;
        }
      }
      return best;
    },
  }),
});

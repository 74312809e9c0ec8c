import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { readsNoEstimates } from '../dispatch-policy.js';

/** Random: a uniformly drawn eligible partition, from the policy's own seeded stream. */
export const random = definePolicy({
  kind: 'dispatch',
  name: 'random',
  summary: 'Send each job to an eligible partition drawn uniformly at random (seeded stream policy/random/dispatch).',
  options: z.object({}).strict(),
  optionDocs: {},
  // Reads nothing of the candidates: no job estimate (see readsNoEstimates).
  create: (_options, { rng }) => readsNoEstimates({
    choose(_job, candidates) {
      return Math.min(candidates.length - 1, Math.floor(rng.next() * candidates.length));
    },
  }),
});

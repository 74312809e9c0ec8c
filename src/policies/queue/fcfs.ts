import { z } from 'zod';
import { definePolicy } from '../define-policy.js';

/** Strict first-come first-served: start queue heads while they fit; the first that does not fit blocks the rest. */
export const fcfs = definePolicy({
  kind: 'queue',
  name: 'fcfs',
  summary: 'First come, first served: start jobs in queue order; the head that does not fit blocks all others.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => ({
    decide(view, _nowS, starts) {
      let free = view.freeNodes;
      for (const job of view.queue) {
        if (job.nodes > free) return;
        free -= job.nodes;
        starts.push(job.index);
      }
    },
  }),
});

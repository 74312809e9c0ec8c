import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import type { JobView } from '../queue-policy.js';

/**
 * Shortest job first by requested walltime (ties: queue order). Strict like FCFS: jobs start in
 * that order while they fit; the first that does not fit blocks the others (no backfilling).
 */
export const sjf = definePolicy({
  kind: 'queue',
  name: 'sjf',
  summary: 'Shortest walltime first (ties in queue order); the first job in that order that does not fit blocks the others.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => {
    const order: JobView[] = [];
    const position = new Map<JobView, number>();
    return {
      decide(view, _nowS, starts) {
        let free = view.freeNodes;
        if (free <= 0) return;
        order.length = 0;
        position.clear();
        view.queue.forEach((job, i) => {
          order.push(job);
          position.set(job, i);
        });
        order.sort((a, b) => a.walltimeS - b.walltimeS || (position.get(a) as number) - (position.get(b) as number));
        for (const job of order) {
          if (job.nodes > free) return;
          free -= job.nodes;
          starts.push(job.index);
        }
      },
    };
  },
});

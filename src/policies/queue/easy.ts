import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import type { JobView, PartitionView } from '../queue-policy.js';

/**
 * Classic EASY backfilling (Lifka 1995; Mu'alem & Feitelson 2001), as reference README §3.1 states it.
 *
 * One pass: start queue heads while they fit. If two or more jobs remain, the head gets a
 * reservation at its **shadow time**: walking running jobs (and the heads just started) by
 * estimated end (start + walltime), the first end at which enough nodes are free; every job
 * ending at that same time is counted, and **extra** = nodes free at the shadow time − the
 * head's nodes. A later job backfills iff it fits now and (now + walltime ≤ shadow, or its
 * nodes ≤ extra); a backfilled job that runs past the shadow uses up extra. The reservation is
 * recomputed at every pass (that is, whenever the state changed).
 */
export const easy = definePolicy({
  kind: 'queue',
  name: 'easy',
  summary: 'EASY backfilling: reserve for the queue head, backfill later jobs that do not delay it.',
  options: z
    .object({
      backfillOrder: z.enum(['fcfs', 'sjf']).default('fcfs'),
    })
    .strict(),
  optionDocs: {
    backfillOrder: '`fcfs` (default): backfill candidates in queue order; `sjf`: by walltime, shortest first (ties in queue order)',
  },
  create: (options) => {
    // Reused between passes so that a pass allocates nothing.
    const headEnds: number[] = [];
    const headNodes: number[] = [];
    const candidates: JobView[] = [];
    const position = new Map<JobView, number>();
    return {
      decide(view: PartitionView, nowS: number, starts: number[]) {
        const queue = view.queue;
        let free = view.freeNodes;
        let h = 0;
        // headEnds/headNodes are overwritten up to `started`, never shrunk (no reallocation).
        let started = 0;
        while (h < queue.length) {
          const job = queue[h] as JobView;
          if (job.nodes > free) break;
          free -= job.nodes;
          starts.push(job.index);
          headEnds[started] = nowS + job.walltimeS;
          headNodes[started] = job.nodes;
          started++;
          h++;
        }
        if (queue.length - h < 2 || free <= 0) return;
        const head = queue[h] as JobView;

        // Shadow time: merge running jobs (already ordered by estimated end) with the heads
        // started in this pass (few; sorted here), adding nodes until the head fits.
        sortPairs(headEnds, headNodes, started);
        const running = view.running;
        let avail = free;
        let shadowS = Number.POSITIVE_INFINITY;
        let r = 0;
        let s = 0;
        for (;;) {
          const re = r < running.length ? (running[r] as JobView).startS + (running[r] as JobView).walltimeS : Number.POSITIVE_INFINITY;
          const se = s < started ? (headEnds[s] as number) : Number.POSITIVE_INFINITY;
          const next = re <= se ? re : se;
          // Past the head's fit, only the jobs ending exactly at the shadow time still count.
          if (avail >= head.nodes && next !== shadowS) break;
          if (next === Number.POSITIVE_INFINITY) return; // cannot happen: the head fits an empty machine
          if (re <= se) avail += (running[r++] as JobView).nodes;
          else avail += headNodes[s++] as number;
          shadowS = next;
        }
        let extra = avail - head.nodes;

        let order: readonly JobView[] = queue;
        let from = h + 1;
        if (options.backfillOrder === 'sjf') {
          candidates.length = 0;
          position.clear();
          for (let i = h + 1; i < queue.length; i++) {
            const job = queue[i] as JobView;
            candidates.push(job);
            position.set(job, i);
          }
          candidates.sort((a, b) => a.walltimeS - b.walltimeS || (position.get(a) as number) - (position.get(b) as number));
          order = candidates;
          from = 0;
        }
        for (let i = from; i < order.length; i++) {
          const job = order[i] as JobView;
          if (job.nodes > free) continue;
          const endS = nowS + job.walltimeS;
          if (endS <= shadowS) {
            free -= job.nodes;
            starts.push(job.index);
          } else if (job.nodes <= extra) {
            free -= job.nodes;
            extra -= job.nodes;
            starts.push(job.index);
          } else continue;
          if (free <= 0) return;
        }
      },
    };
  },
});

/** Sorts the first `count` entries of two parallel arrays by the first (insertion sort: a pass starts few heads). */
function sortPairs(keys: number[], values: number[], count: number): void {
  for (let i = 1; i < count; i++) {
    const k = keys[i] as number;
    const v = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (keys[j] as number) > k) {
      keys[j + 1] = keys[j] as number;
      values[j + 1] = values[j] as number;
      j--;
    }
    keys[j + 1] = k;
    values[j + 1] = v;
  }
}

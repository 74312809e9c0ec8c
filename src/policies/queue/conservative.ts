import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import type { PartitionView } from '../queue-policy.js';
import { NodeProfile } from './profile.js';

/**
 * Conservative backfilling (Mu'alem & Feitelson 2001): every queued job holds a reservation,
 * placed in queue order at the earliest time its nodes stay free for its whole walltime given
 * the running jobs and every other reservation. A job starts when its reservation is now, so
 * it may start before earlier jobs only where it delays none of them.
 *
 * When a job ends before its walltime, the reservations are compressed: in queue order, each
 * job's reservation is removed and placed again at the earliest possible time *with every
 * other reservation still in place*, so no reservation ever moves later (its old slot is still
 * free). Otherwise the profile is kept between passes and only new jobs are placed.
 */
export const conservative = definePolicy({
  kind: 'queue',
  name: 'conservative',
  summary: 'Conservative backfilling: every queued job holds a reservation; a job starts early only if it delays no reservation.',
  options: z.object({}).strict(),
  optionDocs: {},
  create: () => {
    const profile = new NodeProfile();
    /** Job index → reserved start, seconds. */
    const reserved = new Map<number, number>();
    /** Estimated ends of the jobs running after the previous pass (incl. the ones it started). */
    let lastEnds: number[] = [];
    let spareEnds: number[] = [];
    let primed = false;
    const startedEnds: number[] = [];

    const rebuild = (view: PartitionView, nowS: number): void => {
      profile.reset(nowS, view.freeNodes);
      for (const job of view.running) profile.add(job.startS + job.walltimeS, Number.POSITIVE_INFINITY, job.nodes);
      for (const job of view.queue) {
        const s = reserved.get(job.index);
        if (s !== undefined) profile.reserve(s, s + job.walltimeS, job.nodes);
      }
    };

    return {
      /** Reserved start of every waiting job that has one (job index → seconds); for tests and tools. */
      reservations: (): ReadonlyMap<number, number> => reserved,
      decide(view: PartitionView, nowS: number, starts: number[]) {
        let expected = 0;
        for (const e of lastEnds) if (e > nowS) expected++;
        const early = !primed || view.running.length !== expected;
        let work = early;
        if (!work) {
          for (const job of view.queue) {
            const s = reserved.get(job.index);
            if (s === undefined || s <= nowS) {
              work = true;
              break;
            }
          }
        }
        if (!work) return;
        if (early) rebuild(view, nowS);
        else profile.advance(nowS);
        primed = true;

        for (const job of view.queue) {
          const old = reserved.get(job.index);
          if (old !== undefined) {
            if (!early && old > nowS) continue;
            profile.add(old, old + job.walltimeS, job.nodes);
          }
          const s = profile.earliestStart(job.nodes, job.walltimeS);
          profile.reserve(s, s + job.walltimeS, job.nodes);
          if (s <= nowS) {
            reserved.delete(job.index);
            starts.push(job.index);
            startedEnds.push(nowS + job.walltimeS);
          } else reserved.set(job.index, s);
        }

        const next = spareEnds;
        next.length = 0;
        for (const job of view.running) next.push(job.startS + job.walltimeS);
        for (const e of startedEnds) next.push(e);
        startedEnds.length = 0;
        spareEnds = lastEnds;
        lastEnds = next;
      },
    };
  },
});

import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { loadWith } from '../dispatch-policy.js';

const weight = z.number().min(0);

/**
 * Weighted score, smallest wins (ties to scenario order):
 * stageIn × stageInS + wait × expectedWaitS + runtime × walltimeS + load × loadWith
 * + bytes × bytesToMove / 1e9 + distance × originLatencyS.
 */
export const weighted = definePolicy({
  kind: 'dispatch',
  name: 'weighted',
  summary: 'Send each job where a weighted sum of stage-in, expected wait, runtime, load, GB moved and origin latency is smallest.',
  options: z
    .object({
      stageIn: weight.default(1),
      wait: weight.default(1),
      runtime: weight.default(1),
      load: weight.default(0),
      bytes: weight.default(0),
      distance: weight.default(0),
    })
    .strict(),
  optionDocs: {
    stageIn: 'weight of the stage-in time (per second)',
    wait: 'weight of the expected wait (per second)',
    runtime: 'weight of the walltime at the partition speed (per second)',
    load: 'weight of (running + queued + own nodes) / total nodes (per unit)',
    bytes: 'weight of the bytes moved (per GB, 1e9 bytes)',
    distance: 'weight of the origin-to-centre latency (per second)',
  },
  create: (w) => ({
    choose(_job, candidates) {
      let best = 0;
      let bestScore = Number.POSITIVE_INFINITY;
      for (let i = 0; i < candidates.length; i++) {
        const c = candidates[i] as (typeof candidates)[number];
        const score =
          w.stageIn * c.stageInS +
          w.wait * c.expectedWaitS +
          w.runtime * c.walltimeS +
          w.load * loadWith(c) +
          (w.bytes * c.bytesToMove) / 1e9 +
          w.distance * c.originLatencyS;
        if (score < bestScore) {
          bestScore = score;
          best = i;
        }
      }
      return best;
    },
  }),
});

import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { loadWith } from '../dispatch-policy.js';

const weight = z.number().min(0);

/**
 * Weighted score, smallest wins (ties to scenario order):
 * stageIn × stageInS + wait × expectedWaitS + runtime × walltimeS + load × loadWith
 * + bytes × bytesToMove / 1e9 + distance × originLatencyS + cost × costCny + carbon × co2Kg
 * (the energy terms are the engine's estimates at the expected start; see CandidateView).
 */
export const weighted = definePolicy({
  kind: 'dispatch',
  name: 'weighted',
  summary: 'Send each job where a weighted sum of stage-in, expected wait, runtime, load, GB moved, origin latency, electricity cost and CO2 is smallest.',
  options: z
    .object({
      stageIn: weight.default(1),
      wait: weight.default(1),
      runtime: weight.default(1),
      load: weight.default(0),
      bytes: weight.default(0),
      distance: weight.default(0),
      cost: weight.default(0),
      carbon: weight.default(0),
    })
    .strict(),
  optionDocs: {
    stageIn: 'weight of the stage-in time (per second)',
    wait: 'weight of the expected wait (per second)',
    runtime: 'weight of the walltime at the partition speed (per second)',
    load: 'weight of (running + queued + own nodes) / total nodes (per unit)',
    bytes: 'weight of the bytes moved (per GB, 1e9 bytes)',
    distance: 'weight of the origin-to-centre latency (per second)',
    cost: 'weight of the estimated electricity cost (per CNY)',
    carbon: 'weight of the estimated CO2 (per kg)',
  },
  create: (w) => ({
    // The energy estimates cost a little per candidate: asked for only when a term uses them.
    needsEnergy: w.cost > 0 || w.carbon > 0,
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
          w.distance * c.originLatencyS +
          (w.cost > 0 ? w.cost * c.costCny : 0) +
          (w.carbon > 0 ? w.carbon * c.co2Kg : 0);
        if (score < bestScore) {
          bestScore = score;
          best = i;
        }
      }
      return best;
    },
  }),
});

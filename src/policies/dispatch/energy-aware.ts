import { z } from 'zod';
import { definePolicy } from '../define-policy.js';
import { type CandidateView, expectedCompletionS } from '../dispatch-policy.js';

/**
 * A dispatch policy that minimises the cost or the carbon of running each job, as the engine
 * estimates it at every candidate (facility energy over the walltime from the expected start,
 * at the centre's PUE, price and carbon of those hours), plus a penalty on the delay before the
 * start: score = metric + waitWeight × nodes × (stageInS + expectedWaitS) / 3600. Without the
 * penalty every job would queue at the cheapest (or greenest) centre however long it waits.
 * Ties go to the earliest expected completion, then scenario order.
 */
export function energyAwarePolicy(spec: {
  readonly name: string;
  readonly metric: 'costCny' | 'co2Kg';
  readonly summary: string;
  readonly waitUnit: string;
  readonly defaultWaitWeight: number;
}) {
  return definePolicy({
    kind: 'dispatch',
    name: spec.name,
    summary: spec.summary,
    options: z.object({ waitWeight: z.number().min(0).default(spec.defaultWaitWeight) }).strict(),
    optionDocs: {
      waitWeight: `penalty per node-hour of delay before the start (stage-in + expected wait), ${spec.waitUnit}; 0 = ignore waiting`,
    },
    create: ({ waitWeight }) => ({
      needsEnergy: true,
      choose(_job, candidates) {
        let best = 0;
        let bestScore = Number.POSITIVE_INFINITY;
        let bestEnd = Number.POSITIVE_INFINITY;
        for (let i = 0; i < candidates.length; i++) {
          const c = candidates[i] as CandidateView;
          const score = c[spec.metric] + (waitWeight * c.nodesNeeded * (c.stageInS + c.expectedWaitS)) / 3600;
          const end = expectedCompletionS(c);
          if (score < bestScore || (score === bestScore && end < bestEnd)) {
            bestScore = score;
            bestEnd = end;
            best = i;
          }
        }
        return best;
      },
    }),
  });
}

import { FlowClock } from './flow-clock.js';

/**
 * The flows of one route (and back route) under a weighted model: same links, same sharing
 * penalty, same bound, hence the same rate: a {@link FlowClock} (virtual clock and flow heap) with
 * the weighted model's penalty and bound.
 */
export class WeightedRouteClass extends FlowClock {
  /** The solve that last included this class (its bound is looked at only in that solve). */
  solveStamp = -1;
  /** Sharing penalty (a flow's weight is 1 / penalty), seconds. */
  penaltyS = 1;
  /** Largest rate of one flow, bytes/s (Infinity = none). */
  boundBytesPerS = Number.POSITIVE_INFINITY;

  /**
   * @param dirs the link directions the flows' bytes cross (accounting, rerouting)
   * @param backDirs the link directions of the back route (cross-traffic)
   * @param constraints the constraints the class loads, each once
   * @param weights bytes a flow puts on each constraint per byte it sends (1, 0.05, or their sum)
   */
  constructor(
    readonly id: number,
    readonly dirs: Int32Array,
    readonly backDirs: Int32Array,
    readonly constraints: Int32Array,
    readonly weights: Float64Array,
  ) {
    super();
  }
}

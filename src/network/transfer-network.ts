import type { CompletionScheduler } from './flow-network.js';
import type { ExtractedFlow } from './flow-table.js';

/**
 * What the simulation needs of a flow-level network: {@link FlowNetwork} (max-min over link
 * directions, cnsim's original model) and {@link WeightedFlowNetwork} (SimGrid's weighted
 * sharing with cross-traffic and shared links) both provide it.
 */
export interface TransferNetwork {
  /** Per link direction (2 · link + direction): bytes carried, flows started, seconds with load > 0. */
  readonly bytes: Float64Array;
  readonly flowsStarted: Float64Array;
  readonly busyS: Float64Array;
  /** Per link direction: bytes per accounting window. */
  readonly windowBytes: Float64Array[];
  /** Rate recomputations done (components solved). */
  readonly solves: number;
  /** Bytes of flows that have completed. */
  readonly deliveredBytes: number;
  /** Rate a new flow would get on a route if it started now (bit/s), an estimate. */
  estimateRateBps(linkDirs: ArrayLike<number>): number;
  /** {@link estimateRateBps} of the route whose link directions are `linkDirs[from..to)` (a route table's flat hops). */
  estimateRateOnBps(linkDirs: Int32Array, from: number, to: number): number;
  /**
   * Starts a flow; `backLinkDirs` is the route from the destination back to the source (the
   * cross-traffic of the TCP models; ignored by max-min). @returns the flow id
   */
  addFlow(routeKey: string, linkDirs: ArrayLike<number>, sizeBytes: number, owner: number, nowS: number, backLinkDirs?: ArrayLike<number>): number;
  /** Changes a link direction's capacity at `nowS` (bit/s; 0 = down). */
  setCapacity(linkDir: number, bps: number, nowS: number): void;
  /** Recomputes the rates where something changed; reports the classes whose next completion moved. */
  settle(nowS: number, out: CompletionScheduler): void;
  /** Completes the due flows of a class (a completion event); @returns how many */
  complete(classId: number, nowS: number, out: number[]): number;
  /** Removes the flows of the classes crossing `linkDir`, with their remaining bytes, in start order. */
  extractFlowsOn(linkDir: number, nowS: number): ExtractedFlow[];
  /** Brings the link accounting up to `nowS`. */
  finish(nowS: number): void;
  /** Current per-flow rate of a class, bit/s. */
  classRateBps(classId: number): number;
}

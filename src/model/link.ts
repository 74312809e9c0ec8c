import type { DurationDistribution } from './duration-distribution.js';
import type { LinkSharing } from './network-model.js';
/** A full-duplex link between two sites; each direction has the full bandwidth unless `sharing` is `shared`. */
export interface Link {
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly bandwidthBps: number;
  /** One-way latency in seconds. */
  readonly latencyS: number;
  /** Bandwidth changes over time (both directions), in time order: from `atS` on, `bandwidthBps`. */
  readonly capacitySchedule: readonly { readonly atS: number; readonly bandwidthBps: number }[];
  /** Windows [fromS, toS) when the link is down (both directions), in time order, disjoint. */
  readonly down: readonly { readonly fromS: number; readonly toS: number }[];
  /** Random failures: up for a time drawn from `mtbf`, then down for one from `mttr` (absent: none). */
  readonly failures?: { readonly mtbf: DurationDistribution; readonly mttr: DurationDistribution };
  /** Network energy per byte carried in one direction, J (0 = not counted). */
  readonly energyJPerByte: number;
  /** `shared`: both directions share one bandwidth (SimGrid's SHARED). Absent: splitDuplex. */
  readonly sharing?: LinkSharing;
}

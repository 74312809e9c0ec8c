import type { Partition } from './partition.js';

/** A policy choice as written in a scenario: a registry name plus its options. */
export interface PolicyRef {
  readonly policy: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A site with compute: partitions and one local scheduler per partition queue. */
export interface Centre {
  readonly id: string;
  readonly name: string;
  readonly siteId: string;
  /** Price and carbon region id ('' when unknown). */
  readonly region: string;
  /** PUE by calendar month (12 values) replacing the region's (absent: the region's). */
  readonly pueByMonth?: readonly number[];
  /** True when any capacity or power figure is an estimate (see `notes`). */
  readonly estimate: boolean;
  readonly notes: string;
  readonly partitions: readonly Partition[];
  /** Capacity of the centre's input cache for catalogue datasets, bytes (absent = no cache). */
  readonly inputCacheBytes?: number;
  /** Software stack tags of the whole centre (each partition's `software` includes them). */
  readonly software: readonly string[];
  /** The local queue policy; each partition runs its own instance over its own queue. */
  readonly queue: PolicyRef;
  /** Commissioning time in seconds: the dispatcher sends nothing here before it (absent = 0). */
  readonly activeFromS?: number;
  /** Decommissioning time in seconds: nothing is sent here from then on; jobs already here finish (absent = never). */
  readonly activeUntilS?: number;
  /**
   * Outages [fromS, toS): nothing is sent here meanwhile. A drain lets the jobs already here
   * finish; an abrupt outage (`abrupt`) kills the running ones and hands the queued ones back to
   * the dispatcher (absent = none).
   */
  readonly downS?: readonly { readonly fromS: number; readonly toS: number; readonly abrupt?: boolean }[];
}

/** Outage windows [fromS, toS) of a centre or of the dispatcher, in seconds (undefined: never down). */
export type DownWindows = readonly { readonly fromS: number; readonly toS: number }[] | undefined;

/** Whether `t` falls in one of the windows. */
export function downAt(windows: DownWindows, t: number): boolean {
  if (windows === undefined) return false;
  // Indexed: called for every centre of every dispatch, where an iterator was garbage each time.
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i] as { readonly fromS: number; readonly toS: number };
    if (t >= w.fromS && t < w.toS) return true;
  }
  return false;
}

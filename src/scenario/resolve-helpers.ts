/**
 * Small pure functions the scenario's resolvers share: flat-or-listed values, count ranges,
 * duration distributions, time-window unions, link reachability, and the final deep freeze.
 */
import type { DurationDistribution } from '../model/duration-distribution.js';
import type { Link } from '../model/link.js';

/** A flat value repeated `count` times, or the list as given (its length was checked by the schema). */
export function slots(value: number | readonly number[], count: number): readonly number[] {
  return typeof value === 'number' ? new Array<number>(count).fill(value) : [...value];
}

/** Freezes a value and everything it holds (the resolved scenario is read-only). */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Whether two sites are connected by links (union-find over the link graph). */
export function reachability(siteIds: readonly string[], links: readonly Link[]): (a: string, b: string) => boolean {
  const parent = new Map(siteIds.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  for (const l of links) parent.set(find(l.a), find(l.b));
  return (a, b) => parent.has(a) && parent.has(b) && find(a) === find(b);
}

/** A count written as a number or as [min, max], as [min, max]. */
export function toRange(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** A scenario's duration distribution (a bare number is the mean of an exponential) as the model's. */
export function toDistribution(
  d: number | { exponential: number } | { weibull: number; shape: number } | { lognormal: number; sigma: number } | { fixed: number },
): DurationDistribution {
  if (typeof d === 'number') return { kind: 'exponential', meanS: d };
  if ('exponential' in d) return { kind: 'exponential', meanS: d.exponential };
  if ('weibull' in d) return { kind: 'weibull', meanS: d.weibull, shape: d.shape };
  if ('lognormal' in d) return { kind: 'lognormal', meanS: d.lognormal, sigma: d.sigma };
  return { kind: 'fixed', meanS: d.fixed };
}

/** A partition's `failures` key for the model (none when undefined). */
export function withFailures(f: { mtbf: Parameters<typeof toDistribution>[0]; mttr: Parameters<typeof toDistribution>[0] } | undefined): { failures?: { mtbf: DurationDistribution; mttr: DurationDistribution } } {
  return f === undefined ? {} : { failures: { mtbf: toDistribution(f.mtbf), mttr: toDistribution(f.mttr) } };
}

/** The union of time windows, as disjoint windows in time order. */
export function unionOfWindows(windows: readonly { fromS: number; toS: number }[]): { fromS: number; toS: number }[] {
  const sorted = [...windows].sort((x, y) => x.fromS - y.fromS);
  const out: { fromS: number; toS: number }[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && w.fromS <= last.toS) last.toS = Math.max(last.toS, w.toS);
    else out.push({ fromS: w.fromS, toS: w.toS });
  }
  return out;
}

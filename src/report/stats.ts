import { quantileSorted } from 'd3-array';
import { sortNumbers } from './sort-numbers.js';

/** Mean and percentiles of a sample; NaN for an empty sample. */
export interface Distribution {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/** The quantiles a {@link Distribution} gives: p50, p95, p99. */
export const QUANTILES = [0.5, 0.95, 0.99] as const;

/** The distribution of no values. */
export const EMPTY_DISTRIBUTION: Distribution = Object.freeze({ count: 0, mean: Number.NaN, p50: Number.NaN, p95: Number.NaN, p99: Number.NaN, max: Number.NaN });

/**
 * Summarises values: percentiles by linear interpolation between order statistics (R-7, as
 * d3-array and most statistics packages do). The input is not modified.
 */
export function distribution(values: ArrayLike<number>): Distribution {
  return distributionInPlace(Array.isArray(values) ? new Float64Array(values) : Float64Array.from(values));
}

/** {@link distribution} of an array it may sort in place (no copy: a year of waits is 64 MB). */
export function distributionInPlace(values: Float64Array): Distribution {
  const n = values.length;
  if (n === 0) return EMPTY_DISTRIBUTION;
  // Sorted numerically (by radix for long arrays, see sortNumbers); summing in sorted order
  // makes the mean independent of the input order.
  const sorted = sortNumbers(values);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] as number;
  // d3's quantileSorted only indexes its argument, so a typed array is fine at run time.
  const asArray = sorted as unknown as number[];
  return {
    count: n,
    mean: sum / n,
    p50: quantileSorted(asArray, QUANTILES[0]) ?? Number.NaN,
    p95: quantileSorted(asArray, QUANTILES[1]) ?? Number.NaN,
    p99: quantileSorted(asArray, QUANTILES[2]) ?? Number.NaN,
    max: sorted[n - 1] as number,
  };
}

/**
 * Quantile by linear interpolation between order statistics (R-7, as summary.csv's percentiles
 * and d3-array's quantileSorted), on values sorted ascending.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  return lo + 1 < n ? a + (h - lo) * ((sorted[lo + 1] as number) - a) : a;
}

/** The empirical CDF at `points` + 1 evenly spaced probabilities 0, 1/points, ..., 1 (the values at which it reaches them). */
export function cdfPoints(sorted: ArrayLike<number>, points = 100): { p: number; value: number }[] {
  if (sorted.length === 0) return [];
  return Array.from({ length: points + 1 }, (_, i) => ({ p: i / points, value: quantileSorted(sorted, i / points) }));
}

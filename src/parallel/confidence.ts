import jstat from 'jstat';

/** Mean of a sample with its 95% confidence interval (Student's t, n − 1 degrees of freedom). */
export interface MeanInterval {
  readonly n: number;
  readonly mean: number;
  /** Sample standard deviation (divisor n − 1); NaN when n < 2. */
  readonly sd: number;
  /** mean ∓ t(0.975, n − 1) · sd / √n; NaN when n < 2. */
  readonly low: number;
  readonly high: number;
}

/**
 * The mean of `values` and its two-sided 95% confidence interval, with the t distribution so
 * that small samples (a handful of seeds) get the wider interval they need.
 */
export function meanInterval95(values: readonly number[]): MeanInterval {
  const n = values.length;
  if (n === 0) return { n, mean: Number.NaN, sd: Number.NaN, low: Number.NaN, high: Number.NaN };
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: Number.NaN, low: Number.NaN, high: Number.NaN };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  const sd = Math.sqrt(squares / (n - 1));
  const halfWidth = studentTQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, low: mean - halfWidth, high: mean + halfWidth };
}

/** Quantile of Student's t distribution (jstat; about 1e-9 relative accuracy). */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  return jstat.jStat.studentt.inv(p, degreesOfFreedom);
}

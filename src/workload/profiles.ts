import { lublinDailyWeights } from './lublin.js';

/**
 * Jobs submitted per hour of day (00:00–23:00 China Standard Time) on one Sunway TaihuLight
 * queue: 3,621 jobs of queue q_sw_share, 2018-02-22..2018-03-07, published with Yang et al.
 * (USENIX ATC'24), repository Beaconsys/Data_review_reporting, Data_processing/
 * Scheduler_simulation/data.csv. Copied from data/layout-2025/diurnal_taihulight_sample.csv
 * (a test checks the two agree). A daily *shape*, not a rate.
 */
export const TAIHULIGHT_HOURLY_JOBS: readonly number[] = [
  41, 38, 23, 15, 16, 9, 90, 294, 260, 227, 319, 230, 149, 157, 552, 426, 124, 91, 87, 57, 129, 102, 91, 94,
];

/** Weekday:weekend ≈ 2:1 for the same TaihuLight sample (data/layout-2025/README.md), Monday first. */
export const TAIHULIGHT_WEEKLY: readonly number[] = [2, 2, 2, 2, 2, 1, 1];

/** Names accepted by `daily:`. */
export const DAILY_PROFILES: Readonly<Record<string, () => readonly number[]>> = {
  flat: () => [1],
  taihulight: () => TAIHULIGHT_HOURLY_JOBS,
  lublin: () => lublinDailyWeights('all'),
  'lublin-batch': () => lublinDailyWeights('batch'),
  'lublin-interactive': () => lublinDailyWeights('interactive'),
};

/** Names accepted by `weekly:`. */
export const WEEKLY_PROFILES: Readonly<Record<string, () => readonly number[]>> = {
  flat: () => [1, 1, 1, 1, 1, 1, 1],
  taihulight: () => TAIHULIGHT_WEEKLY,
};

/**
 * Scales weights to mean 1, so that a source's `rate` stays its mean rate.
 * @returns the normalised weights, or a message when they cannot define a rate
 */
export function normaliseProfile(weights: readonly number[]): number[] | string {
  let sum = 0;
  for (const w of weights) {
    if (!Number.isFinite(w) || w < 0) return `weights must be finite numbers ≥ 0, got ${w}`;
    sum += w;
  }
  if (!(sum > 0)) return `the weights sum to ${sum}: a profile needs a positive total to give a positive rate`;
  return weights.map((w) => (w * weights.length) / sum);
}

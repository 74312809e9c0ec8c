import { describe, expect, it } from 'vitest';
import { formatNumber } from '../../src/report/format.js';
import { boundedSlowdown } from '../../src/report/job-metrics.js';
import { distribution } from '../../src/report/stats.js';

describe('metrics', () => {
  it('bounded slowdown uses τ = 10 s and is at least 1', () => {
    expect(boundedSlowdown(0, 5, 5)).toBe(1);
    expect(boundedSlowdown(0, 25, 5)).toBe(2.5);
    expect(boundedSlowdown(0, 300, 100)).toBe(3);
  });

  it('distribution gives mean and R-7 percentiles, whatever the input order', () => {
    const d = distribution([5, 1, 4, 2, 3]);
    expect(d).toMatchObject({ count: 5, mean: 3, p50: 3, max: 5 });
    expect(d.p95).toBeCloseTo(4.8, 12);
    expect(distribution([]).mean).toBeNaN();
  });

  it('formats numbers for CSV deterministically', () => {
    expect(formatNumber(3600.0000000000005)).toBe('3600');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(1e21)).toBe('1e+21');
    expect(formatNumber(Number.NaN)).toBe('');
    expect(formatNumber(-0.0000001)).toBe('0');
  });
});

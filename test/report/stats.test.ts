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

  it('formats exactly as String(Math.round(x × 1e6) / 1e6) over every magnitude and sign (the fast path builds it from integers)', () => {
    const reference = (x: number): string => {
      if (!Number.isFinite(x)) return '';
      if (Number.isInteger(x)) return String(x);
      const rounded = Math.round(x * 1e6) / 1e6;
      return String(rounded === 0 ? 0 : rounded);
    };
    let seed = 12345;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const edges = [0.5e-6, -0.5e-6, 1.5e-6, -1.5e-6, 2.5, -2.5, 0.1 + 0.2, 999999999.9999999, -999999999.9999995, 1e9 + 0.5, 12.000001, 12.0000005, 7.1e-7, -0.0000004];
    const values = [...edges];
    for (let i = 0; i < 200_000; i++) {
      const u = next();
      const scale = 10 ** Math.floor(next() * 16 - 7);
      values.push((u - 0.5) * scale, Math.round(u * 1e8) / 1e3 + (i % 3) * 1e-7);
    }
    const wrong = values.filter((x) => formatNumber(x) !== reference(x));
    expect(wrong).toEqual([]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortNumbers } from '../../src/report/sort-numbers.js';

/** The same numbers in the same places, -0 and +0 told apart, NaN equal to NaN. */
function expectSame(actual: Float64Array, expected: Float64Array): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) throw new Error(`position ${i}: ${actual[i]} where the built-in sort has ${expected[i]}`);
  }
}

/** Long arrays (the radix path) of values a run's samples take: zeros, repeats, whole and fractional seconds, huge and tiny ones, Infinity, NaN. */
const sampleValue = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: 0, max: 1e9, noNaN: true, noDefaultInfinity: true }).map((x) => (Object.is(x, -0) ? 0 : x)) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 86_400 * 365 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 5e-324, 2.2250738585072014e-308, Number.MAX_VALUE, Number.POSITIVE_INFINITY, Number.NaN, 1, 1 + 2 ** -52) },
);

function longArray(values: readonly number[], length: number): Float64Array {
  // Repeated to reach the radix path's length, shuffled by a fixed stride.
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = values[(i * 7919) % values.length] as number;
  return out;
}

describe('sortNumbers', () => {
  it('gives the built-in sort’s array for long arrays of non-negative values (radix path), property-based', () => {
    fc.assert(
      fc.property(fc.array(sampleValue, { minLength: 1, maxLength: 400 }), fc.integer({ min: 1 << 16, max: (1 << 16) + 5000 }), (values, length) => {
        const a = longArray(values, length);
        expectSame(sortNumbers(a.slice()), a.slice().sort());
      }),
      { numRuns: 25 },
    );
  });

  it('sorts in place and returns the same array, views included (a centre’s part of a grouped sample)', () => {
    const backing = new Float64Array(3 * (1 << 16));
    for (let i = 0; i < backing.length; i++) backing[i] = ((i * 2654435761) % 1_000_003) / 7;
    const expected = backing.slice();
    expected.subarray(1 << 16, 3 << 16).sort();
    const view = backing.subarray(1 << 16, 3 << 16);
    expect(sortNumbers(view)).toBe(view);
    expectSame(backing, expected);
  });

  it('keeps the built-in order where a sign bit is set (negative values, -0) and for short arrays', () => {
    const mixed = longArray([3, -0, 0, -1.5, Number.NaN, -Infinity, 2, 0], 1 << 17);
    expectSame(sortNumbers(mixed.slice()), mixed.slice().sort());
    const short = new Float64Array([5, 0, -0, Number.NaN, 2, Number.POSITIVE_INFINITY, 1e-300]);
    expectSame(sortNumbers(short.slice()), short.slice().sort());
  });

  it('sorts arrays longer than the second array it keeps, then shorter ones again', () => {
    for (const length of [(1 << 20) + 3, 1 << 16, (1 << 17) + 1]) {
      const a = Float64Array.from({ length }, (_, i) => ((i * 2654435761) % 999_983) / 3);
      expectSame(sortNumbers(a.slice()), a.slice().sort());
    }
  });

  it('sorts values that share every high digit, and values of one value', () => {
    const close = Float64Array.from({ length: 1 << 16 }, (_, i) => 1000 + ((i * 40503) % 65536) * 2 ** -40);
    expectSame(sortNumbers(close.slice()), close.slice().sort());
    const same = new Float64Array(1 << 16).fill(42);
    expectSame(sortNumbers(same.slice()), same);
  });
});

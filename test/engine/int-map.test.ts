import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntMap } from '../../src/engine/int-map.js';

type Op = { kind: 'set'; key: number; value: number } | { kind: 'delete'; key: number } | { kind: 'get'; key: number };

/** Keys from a small range (collisions, re-insertions) and sequential-looking ones (job indices). */
const key = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 5000 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('get' as const), key }),
);

describe('IntMap', () => {
  it('behaves as a Map under any sequence of sets, deletes and gets (property-based)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), (ops) => {
        const map = new IntMap(4);
        const model = new Map<number, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            map.set(o.key, o.value);
            model.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            expect(map.delete(o.key)).toBe(model.delete(o.key));
          }
          expect(map.get(o.key)).toBe(model.get(o.key) ?? -1);
          expect(map.size).toBe(model.size);
        }
        for (const [k, v] of model) expect(map.get(k)).toBe(v);
        expect(map.keyList().sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a sliding window of job indices, as a run does (10^5 in, out in mixed order), with capacity for the window only', () => {
    const map = new IntMap();
    const live = new Map<number, number>();
    let most = 0;
    for (let i = 0; i < 100_000; i++) {
      map.set(i, i % 977);
      live.set(i, i % 977);
      most = Math.max(most, live.size);
      // Leave out of order: a job started 300 indices ago, and now and then a long one.
      const out = i - 300 + ((i * 37) % 200);
      if (out >= 0 && out % 1000 !== 7 && live.delete(out)) expect(map.delete(out)).toBe(true);
    }
    expect(map.size).toBe(live.size);
    for (const [k, v] of live) expect(map.get(k)).toBe(v);
    expect(map.get(100_000)).toBe(-1);
    expect(map.capacity).toBeLessThanOrEqual(4 * most);
  });

  it('refuses keys and values it cannot hold', () => {
    const map = new IntMap();
    expect(() => map.set(-1, 0)).toThrow(RangeError);
    expect(() => map.set(2 ** 31, 0)).toThrow(RangeError);
    expect(() => map.set(1.5, 0)).toThrow(RangeError);
    expect(() => map.set(1, -2)).toThrow(RangeError);
    expect(map.size).toBe(0);
  });

  it('answers -1 for any number that cannot be a key (a policy’s answer may be anything)', () => {
    const map = new IntMap();
    for (let i = 0; i < 100; i++) map.set(i, i + 1);
    for (const odd of [Number.NaN, -1, 1.5, 2 ** 31 + 3, 2 ** 32 + 5, Number.POSITIVE_INFINITY, -0.5]) expect(map.get(odd)).toBe(-1);
    expect(map.get(-0)).toBe(1);
    // -1 marks an empty slot: neither found nor removed.
    expect(map.delete(-1)).toBe(false);
    expect(map.size).toBe(100);
    for (let i = 0; i < 100; i++) expect(map.get(i)).toBe(i + 1);
  });
});

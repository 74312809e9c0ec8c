import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { createRng } from '../../src/engine/rng.js';

function drain(q: EventQueue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (q.size > 0) {
    const t = q.pop();
    out.push([t, q.poppedKind, q.poppedTarget]);
  }
  return out;
}

describe('EventQueue', () => {
  it('pops events in time order', () => {
    const q = new EventQueue(2);
    for (const t of [5, 1, 4, 2, 3]) q.push(t, 0, t * 10);
    expect(drain(q).map(([t]) => t)).toEqual([1, 2, 3, 4, 5]);
  });

  it('breaks ties by scheduling order (sequence number), not by heap layout', () => {
    const q = new EventQueue(4);
    q.push(10, 0, 0);
    for (let i = 1; i <= 100; i++) q.push(7, 1, i);
    q.push(3, 2, 0);
    const out = drain(q);
    expect(out[0]).toEqual([3, 2, 0]);
    expect(out.slice(1, 101).map(([, , target]) => target)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(out[101]).toEqual([10, 0, 0]);
  });

  it('matches a reference sort by (time, sequence) on 100,000 random events with many ties', () => {
    const rng = createRng(7, 'test/heap');
    const q = new EventQueue(16);
    const ref: { t: number; seq: number }[] = [];
    let seq = 0;
    // Interleave pushes and pops, as a simulation does.
    const popped: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      const t = Math.floor(rng.next() * 1000);
      q.push(t, 0, seq);
      ref.push({ t, seq });
      seq++;
      if (i % 3 === 2) {
        q.pop();
        popped.push(q.poppedTarget);
      }
    }
    while (q.size > 0) {
      q.pop();
      popped.push(q.poppedTarget);
    }
    // Replaying the same interleaving with a sorted array gives the same order.
    const pending: { t: number; seq: number }[] = [];
    const expected: number[] = [];
    const takeMin = (): void => {
      let best = 0;
      for (let k = 1; k < pending.length; k++) {
        const a = pending[k] as { t: number; seq: number };
        const b = pending[best] as { t: number; seq: number };
        if (a.t < b.t || (a.t === b.t && a.seq < b.seq)) best = k;
      }
      expected.push((pending[best] as { seq: number }).seq);
      pending.splice(best, 1);
    };
    // The quadratic reference is run on the first 3,000 operations only.
    const q2 = new EventQueue(16);
    const got: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const e = ref[i] as { t: number; seq: number };
      q2.push(e.t, 0, e.seq);
      pending.push(e);
      if (i % 3 === 2) {
        takeMin();
        q2.pop();
        got.push(q2.poppedTarget);
      }
    }
    expect(got).toEqual(expected);
    expect(popped).toHaveLength(100_000);
  });

  it('grows beyond its initial capacity and keeps every event', () => {
    const q = new EventQueue(16);
    for (let i = 0; i < 10_000; i++) q.push(10_000 - i, 0, i);
    expect(q.size).toBe(10_000);
    const out = drain(q);
    expect(out[0]).toEqual([1, 0, 9999]);
    expect(out[9999]).toEqual([10_000, 0, 0]);
  });

  it('refuses a non-finite time and popping an empty queue', () => {
    const q = new EventQueue();
    expect(() => q.push(Number.NaN, 0, 0)).toThrow(RangeError);
    expect(() => q.push(Number.POSITIVE_INFINITY, 0, 0)).toThrow(RangeError);
    expect(() => q.pop()).toThrow(RangeError);
    expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
  });
});

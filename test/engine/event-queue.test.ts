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
    // Reference: the same interleaving on a bucket queue (times are whole numbers below 1000, and
    // within a time the events wait in push order, i.e. by sequence): at each pop, the first
    // event of the lowest non-empty bucket. A different algorithm from the heap's, on every event.
    const buckets: number[][] = Array.from({ length: 1000 }, () => []);
    const heads = new Int32Array(1000);
    const expected: number[] = [];
    const popMin = (): void => {
      for (let time = 0; time < 1000; time++) {
        const bucket = buckets[time] as number[];
        if ((heads[time] as number) < bucket.length) {
          expected.push(bucket[heads[time] as number] as number);
          heads[time] = (heads[time] as number) + 1;
          return;
        }
      }
      throw new Error('reference queue empty');
    };
    for (let i = 0; i < 100_000; i++) {
      const e = ref[i] as { t: number; seq: number };
      (buckets[e.t] as number[]).push(e.seq);
      if (i % 3 === 2) popMin();
    }
    while (expected.length < 100_000) popMin();
    expect(popped).toHaveLength(100_000);
    // Every popped event, in order, not only the count.
    expect(popped).toEqual(expected);
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

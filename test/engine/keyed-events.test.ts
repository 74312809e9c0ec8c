import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { KeyedEvents } from '../../src/engine/keyed-events.js';

const KEYED = 9;

/**
 * The reference the keyed events must equal: every move pushes a new event (as the queue did
 * before keyed events), and an event is live only while it is its key's latest move; popping
 * skips the others. So a queue with keyed events must pop exactly the live events of this model,
 * in its order.
 */
class PushPerMove {
  private readonly q = new EventQueue(4);
  private readonly latest = new Map<number, number>();

  push(timeS: number, target: number): void {
    this.q.push(timeS, 0, target);
  }

  move(key: number, timeS: number): void {
    if (!Number.isFinite(timeS)) {
      this.latest.delete(key);
      return;
    }
    this.q.push(timeS, KEYED, key);
    this.latest.set(key, this.q.scheduled - 1);
  }

  /** The next live event as [time, kind, target], or undefined. */
  pop(): [number, number, number] | undefined {
    while (this.q.size > 0) {
      const t = this.q.pop();
      const { poppedKind: kind, poppedTarget: target, poppedSeq: seq } = this.q;
      if (kind === KEYED) {
        if (this.latest.get(target) !== seq) continue;
        this.latest.delete(target);
      }
      return [t, kind, target];
    }
    return undefined;
  }

  get live(): number {
    return this.latest.size;
  }
}

type Op = { op: 'push'; t: number; target: number } | { op: 'move'; key: number; t: number } | { op: 'pop' };

const times = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constant(Number.POSITIVE_INFINITY));
const ops = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('push' as const), t: fc.integer({ min: 0, max: 20 }), target: fc.integer({ min: 0, max: 99 }) }),
    fc.record({ op: fc.constant('move' as const), key: fc.integer({ min: 0, max: 70 }), t: times }),
    fc.record({ op: fc.constant('pop' as const) }),
  ),
  { maxLength: 400 },
);

describe('keyed events', () => {
  it('pop as if every move pushed a new event and only the latest counted, ties by sequence included', () => {
    fc.assert(
      fc.property(ops, (list: Op[]) => {
        const q = new EventQueue(4);
        const ref = new PushPerMove();
        // Time never goes back: pushes and moves before `now` are shifted to it, as in a run.
        let now = 0;
        const check = (): void => {
          const want = ref.pop();
          if (want === undefined) {
            expect(q.size).toBe(0);
            expect(q.peekTime()).toBe(Number.POSITIVE_INFINITY);
            return;
          }
          expect(q.peekTime()).toBe(want[0]);
          const t = q.pop();
          expect([t, q.poppedKind, q.poppedTarget]).toEqual(want);
          now = t;
        };
        for (const o of list) {
          if (o.op === 'push') {
            q.push(now + o.t, 0, o.target);
            ref.push(now + o.t, o.target);
          } else if (o.op === 'move') {
            q.moveKeyed(KEYED, o.key, now + o.t);
            ref.move(o.key, now + o.t);
          } else check();
        }
        while (q.size > 0 || ref.live > 0) check();
      }),
      { numRuns: 300 },
    );
  });
});

describe('KeyedEvents', () => {
  it('keeps one event per key: moving it earlier or later, deleting it, and clearing', () => {
    const k = new KeyedEvents();
    k.set(3, 10, 0);
    k.set(5, 20, 1);
    k.set(3, 30, 2); // later: 5 comes first now
    expect([k.size, k.topKey, k.topTimeS]).toEqual([2, 5, 20]);
    k.set(3, 5, 3); // earlier again
    expect([k.size, k.topKey, k.topTimeS, k.topSeq]).toEqual([2, 3, 5, 3]);
    k.delete(3);
    expect([k.size, k.topKey, k.has(3), k.has(5)]).toEqual([1, 5, false, true]);
    k.delete(3); // twice: nothing
    expect(k.size).toBe(1);
    k.set(1000, 1, 4); // a key past the first growth
    expect([k.size, k.topKey]).toEqual([2, 1000]);
    k.clear();
    expect([k.size, k.has(5), k.has(1000)]).toEqual([0, false, false]);
  });

  it('a queue refuses a second kind of keyed events', () => {
    const q = new EventQueue();
    q.moveKeyed(2, 0, 1);
    expect(() => q.moveKeyed(3, 0, 1)).toThrow(/one kind of keyed events/);
  });
});

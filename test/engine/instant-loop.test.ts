import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../src/engine/event-queue.js';
import { runInstants } from '../../src/engine/instant-loop.js';

describe('runInstants', () => {
  it('applies every event of an instant before the single decision call of that instant', () => {
    const q = new EventQueue();
    q.push(5, 1, 0);
    q.push(2, 0, 0);
    q.push(5, 2, 0);
    q.push(2, 3, 0);
    const log: string[] = [];
    runInstants(q, {
      onEvent: (t, kind) => log.push(`event ${kind}@${t}`),
      onInstantEnd: (t) => log.push(`decide@${t}`),
    });
    expect(log).toEqual(['event 0@2', 'event 3@2', 'decide@2', 'event 1@5', 'event 2@5', 'decide@5']);
  });

  it('runs another round of the same instant when a decision schedules an event at that instant', () => {
    const q = new EventQueue();
    q.push(1, 0, 0);
    const log: string[] = [];
    let pushed = false;
    runInstants(q, {
      onEvent: (t, kind) => log.push(`event ${kind}@${t}`),
      onInstantEnd: (t) => {
        log.push(`decide@${t}`);
        if (!pushed) {
          pushed = true;
          q.push(t, 9, 0);
        }
      },
    });
    expect(log).toEqual(['event 0@1', 'decide@1', 'event 9@1', 'decide@1']);
  });

  it('stops before events later than untilS and refuses events in the past', () => {
    const q = new EventQueue();
    q.push(1, 0, 0);
    q.push(10, 0, 0);
    expect(runInstants(q, { onEvent: () => {}, onInstantEnd: () => {} }, 5)).toBe(1);
    expect(q.size).toBe(1);
    const q2 = new EventQueue();
    q2.push(3, 0, 0);
    expect(() =>
      runInstants(q2, {
        onEvent: () => q2.push(1, 0, 0),
        onInstantEnd: () => {},
      }),
    ).toThrow(/past/);
  });
});

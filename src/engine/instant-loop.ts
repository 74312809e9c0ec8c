import type { EventQueue } from './event-queue.js';

/** What the loop calls: state changes per event, then one decision step per instant. */
export interface InstantHandlers {
  /** Applies one event's state change (free resources, enqueue a job, ...). Must not decide. */
  onEvent(timeS: number, kind: number, target: number): void;
  /**
   * Called once per simulated instant, after every event of that instant has been applied:
   * the place where schedulers decide. May push events at `timeS` or later; events pushed at
   * `timeS` are applied next, followed by another call (a new round of the same instant).
   */
  onInstantEnd(timeS: number): void;
  /**
   * Optional: whether the run is over although events remain (events that would only repeat
   * themselves, such as failures after the last job). Asked after each instant.
   */
  over?(): boolean;
}

/**
 * Runs the event loop with the batch rule for simultaneous events: at each instant every state
 * change is applied first, then scheduling runs once. A job arriving at the instant another
 * job ends therefore sees the freed resources, whatever order the two events were created in.
 *
 * @param untilS stop before any event later than this time (default: run until the queue is empty)
 * @returns the time of the last instant processed (or -Infinity if there was none)
 * @throws RangeError if an event is scheduled in the past (a causality bug)
 */
export function runInstants(queue: EventQueue, handlers: InstantHandlers, untilS = Number.POSITIVE_INFINITY): number {
  let lastS = Number.NEGATIVE_INFINITY;
  while (queue.size > 0) {
    const t = queue.peekTime();
    if (t > untilS) break;
    if (t < lastS) throw new RangeError(`event scheduled in the past: ${t} < ${lastS}`);
    lastS = t;
    do {
      while (queue.hasEventAt(t)) {
        queue.pop();
        handlers.onEvent(t, queue.poppedKind, queue.poppedTarget);
      }
      handlers.onInstantEnd(t);
    } while (queue.hasEventAt(t));
    if (handlers.over?.() === true) break;
  }
  return lastS;
}

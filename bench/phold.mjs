// PHOLD on the bare engine: N logical processes, each event schedules one new event at
// now + lookahead + Exp(1) on a uniformly drawn LP. Measures the event queue and loop alone.
import { EventQueue, createRng, runInstants } from '../dist/engine/index.js';

/** Runs PHOLD and returns { events, seconds }. */
export function phold({ lps, totalEvents, seed = 1, lookaheadS = 0.1 }) {
  const queue = new EventQueue(lps * 2);
  const rng = createRng(seed, 'phold');
  for (let i = 0; i < lps; i++) queue.push(lookaheadS + -Math.log(1 - rng.next()), 0, i);
  let processed = 0;
  const counts = new Float64Array(lps);
  const startNs = process.hrtime.bigint();
  runInstants(
    queue,
    {
      onEvent(timeS, _kind, target) {
        counts[target] += 1;
        processed++;
        if (processed + queue.size <= totalEvents) {
          const next = Math.floor(rng.next() * lps);
          queue.push(timeS + lookaheadS - Math.log(1 - rng.next()), 0, next);
        }
      },
      onInstantEnd() {},
    },
  );
  const seconds = Number(process.hrtime.bigint() - startNs) / 1e9;
  return { events: processed, seconds };
}

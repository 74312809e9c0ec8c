import { DRAW_DOUBLES, PoissonDraws } from '../workload/poisson.js';
import { ABORTED, CHUNK_JOBS, FREE, FREED, FULL, type GenerationWorkerData, LAST, RING_CHUNKS, stateSlot } from './generation-protocol.js';

/** How long the drawing thread sleeps between looks at the abort flag, ms. */
const ABORT_POLL_MS = 200;

/**
 * The drawing thread's loop: keeps every source's ring full of draws, in order, each source
 * from its own random stream exactly as {@link PoissonDraws} on the run's thread would draw
 * them. Sleeps when every ring is full, until the run frees a chunk; stops when every source
 * has handed over its last chunk, or when the run aborts.
 */
export function drawAhead(data: GenerationWorkerData): void {
  const control = new Int32Array(data.control);
  const draws = data.sources.map((source) => new PoissonDraws(source, data.seed));
  const rings = data.draws.map((buffer) => new Float64Array(buffer));
  const chunkDoubles = CHUNK_JOBS * DRAW_DOUBLES;
  /** Per source: the next chunk to fill, or -1 once its last chunk is handed over. */
  const fill = data.sources.map(() => 0);
  let open = fill.length;
  while (open > 0) {
    const freed = Atomics.load(control, FREED);
    if (Atomics.load(control, ABORTED) !== 0) return;
    let filled = false;
    for (let s = 0; s < fill.length; s++) {
      let c = fill[s] as number;
      while (c >= 0 && Atomics.load(control, stateSlot(s, c)) === FREE) {
        const ring = rings[s] as Float64Array;
        const source = draws[s] as PoissonDraws;
        const base = c * chunkDoubles;
        let jobs = 0;
        while (jobs < CHUNK_JOBS && source.drawInto(ring, base + jobs * DRAW_DOUBLES)) jobs++;
        const state = jobs < CHUNK_JOBS ? LAST : FULL;
        Atomics.store(control, stateSlot(s, c) + 1, jobs);
        Atomics.store(control, stateSlot(s, c), state);
        Atomics.notify(control, stateSlot(s, c));
        filled = true;
        if (state === LAST) {
          c = -1;
          open--;
        } else c = (c + 1) % RING_CHUNKS;
      }
      fill[s] = c;
    }
    // A timed wait: the abort flag is looked at even if its notification came before the wait.
    if (!filled && open > 0) Atomics.wait(control, FREED, freed, ABORT_POLL_MS);
  }
}

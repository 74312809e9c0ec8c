import { DRAW_DOUBLES, PoissonDraws } from '../workload/poisson.js';
import { ABORTED, FREE, FREED, FULL, type GenerationWorkerData, LAST, PROTOCOL, READY, stateSlot } from './generation-protocol.js';

/** How long the drawing thread sleeps between looks at the abort flag, ms. */
const ABORT_POLL_MS = 200;

/**
 * The drawing thread's loop: keeps every source's ring full of draws, in order, each source
 * from its own random stream exactly as {@link PoissonDraws} on the run's thread would draw
 * them. One chunk per source per pass, so that every source has its first chunk early (the
 * run reads the first job of each before it starts). Sleeps when every ring is full, until the
 * run frees a chunk; stops when every source has handed over its last chunk, or when the run aborts.
 */
export function drawAhead(data: GenerationWorkerData): void {
  const control = new Int32Array(data.control);
  if (data.drawDoubles !== DRAW_DOUBLES) {
    throw new Error(`the drawing thread's build counts ${DRAW_DOUBLES} doubles a job, the run's ${data.drawDoubles}: rebuild (npm run build)`);
  }
  Atomics.store(control, READY, PROTOCOL);
  const { ring } = data;
  const draws = data.sources.map((source) => new PoissonDraws(source, data.seed));
  const rings = data.draws.map((buffer) => new Float64Array(buffer));
  // The jobs the run's thread drew itself while this one started: the same draws, skipped, so
  // that each stream goes on where the run's left off (a source that ended within them hands
  // over one empty last chunk).
  const scratch = new Float64Array(DRAW_DOUBLES);
  for (let s = 0; s < draws.length; s++) {
    const source = draws[s] as PoissonDraws;
    for (let j = data.skip[s] as number; j > 0 && source.drawInto(scratch, 0); j--);
  }
  const chunkDoubles = ring.chunkJobs * DRAW_DOUBLES;
  /** Per source: the next chunk to fill, or -1 once its last chunk is handed over. */
  const fill = data.sources.map(() => 0);
  let open = fill.length;
  while (open > 0) {
    const freed = Atomics.load(control, FREED);
    if (Atomics.load(control, ABORTED) !== 0) return;
    let filled = false;
    for (let s = 0; s < fill.length; s++) {
      const c = fill[s] as number;
      const slot = stateSlot(ring, s, c);
      if (c < 0 || Atomics.load(control, slot) !== FREE) continue;
      const buffer = rings[s] as Float64Array;
      const source = draws[s] as PoissonDraws;
      const base = c * chunkDoubles;
      let jobs = 0;
      while (jobs < ring.chunkJobs && source.drawInto(buffer, base + jobs * DRAW_DOUBLES)) jobs++;
      const state = jobs < ring.chunkJobs ? LAST : FULL;
      // The draws, then the count, then the state the run's thread waits on.
      Atomics.store(control, slot + 1, jobs);
      Atomics.store(control, slot, state);
      Atomics.notify(control, slot);
      filled = true;
      if (state === LAST) {
        fill[s] = -1;
        open--;
      } else fill[s] = (c + 1) % ring.chunks;
    }
    // A timed wait: the abort flag is looked at even if its notification came before the wait.
    if (!filled && open > 0) Atomics.wait(control, FREED, freed, ABORT_POLL_MS);
  }
}

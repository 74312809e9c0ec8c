import { setFlagsFromString } from 'node:v8';

let tuned = false;

/**
 * Switches off V8's allocation-site pretenuring for this process (once; every later call does
 * nothing). A run's jobs, transfers and events live longer than a young-generation cycle but far
 * shorter than the run, which is the case pretenuring gets wrong: having seen a site's first
 * objects survive, V8 allocates all the later ones in the old generation, where each one dies
 * as garbage that only a full mark-compact can take back, and whose incremental marking is
 * charged to every allocation. Left young, most die in a scavenge. At 10^6 national jobs
 * streamed this takes about a fifth off generation and simulation and a third off peak RSS
 * (bench/README.md, "Pretenuring off"). It is a garbage-collection policy only: no result changes.
 *
 * The flag is process-wide (worker threads share it) and V8 reads it at each collection, so
 * setting it after start-up takes effect at once; `cnsim` sets it first thing, and the run
 * functions set it for programs that call them.
 */
export function tuneHeap(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}

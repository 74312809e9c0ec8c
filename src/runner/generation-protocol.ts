import type { MessagePort } from 'node:worker_threads';
import type { PoissonSource } from '../workload/poisson.js';

/**
 * How a run's thread and the thread drawing its Poisson jobs meet (generation-thread.ts,
 * generation-worker.ts): slots of a shared Int32Array. A module without code of its own to
 * load, so that the drawing thread's bootstrap can report a failure to load everything else.
 *
 * Each source has a ring of chunks of draws. A chunk is FREE (the drawing thread's turn), FULL
 * or LAST (the run's turn: LAST is the source's final chunk, maybe empty).
 */
export const FREE = 0;
export const FULL = 1;
export const LAST = 2;
/**
 * The version of what the two threads share, bumped with every change to the worker's data or
 * slots (2: `skip`, the head start). The worker may be an older build than the run's thread (the
 * tests run the sources and the worker from dist/): one that ignored `skip` would hand over the
 * head start's jobs again, silently.
 */
export const PROTOCOL = 2;
/** Bumped (and notified) by the run's thread each time it frees a chunk: the drawing thread sleeps on it. */
export const FREED = 0;
/** Set by the drawing thread once its modules are loaded: to the {@link PROTOCOL} it speaks (a build from before PROTOCOL says 1). */
export const READY = 1;
/** Set by the drawing thread when it failed (the error follows on the port). */
export const FAILED = 2;
/** Set by the drawing thread when it has stopped (done, failed or told to). */
export const FINISHED = 3;
/** Set by the run's thread: stop drawing (the run is over, or failed). */
export const ABORTED = 4;
/** control[CHUNKS_AT + 2 · (source · chunks + chunk)]: that chunk's state; the next slot: its jobs. */
const CHUNKS_AT = 5;

/** The rings' shape: chunks per source (one being read, the others drawn ahead) and jobs per chunk. */
export interface RingShape {
  readonly chunks: number;
  readonly chunkJobs: number;
}

/** 3 chunks of 1,024 jobs of 7 doubles: 172 KB of shared memory per source. */
export const DEFAULT_RING: RingShape = { chunks: 3, chunkJobs: 1024 };

/** Shared memory the rings of a run may take in all, bytes (national-2025's 15 sources take 2.6 MB). */
const RINGS_BYTES = 16 << 20;
/** Fewest jobs a chunk holds: below, handing chunks over costs more than drawing them. */
const MIN_CHUNK_JOBS = 64;

/**
 * The rings for `sources` sources drawing `drawDoubles` doubles a job: the default, with
 * shorter chunks when there are so many sources that the rings would pass {@link RINGS_BYTES};
 * null when even the shortest would (thousands of sources): the run then draws on its own thread.
 */
export function ringFor(sources: number, drawDoubles: number): RingShape | null {
  const chunkJobs = Math.min(DEFAULT_RING.chunkJobs, Math.floor(RINGS_BYTES / (sources * DEFAULT_RING.chunks * drawDoubles * 8)));
  return chunkJobs < MIN_CHUNK_JOBS ? null : { chunks: DEFAULT_RING.chunks, chunkJobs };
}

/** The control slot of a chunk's state (its job count is the next one). */
export function stateSlot(ring: RingShape, source: number, chunk: number): number {
  return CHUNKS_AT + 2 * (source * ring.chunks + chunk);
}

/** Control slots for `sources` sources. */
export function controlSlots(ring: RingShape, sources: number): number {
  return stateSlot(ring, sources, 0);
}

/** What the drawing thread is started with. */
export interface GenerationWorkerData {
  readonly sources: readonly PoissonSource[];
  readonly seed: number;
  readonly ring: RingShape;
  /** Per source, the jobs the run's thread draws itself (its head start): drawn here too, and skipped. */
  readonly skip: readonly number[];
  /** Doubles a job's draws take, as the run's thread counts them (a stale build of the worker would count otherwise). */
  readonly drawDoubles: number;
  readonly control: SharedArrayBuffer;
  /** Per source, its ring: chunks × chunkJobs × drawDoubles doubles. */
  readonly draws: readonly SharedArrayBuffer[];
  readonly port: MessagePort;
}

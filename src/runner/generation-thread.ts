import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMainThread, MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { rebuildFailure, type WriterFailure } from '../report/job-rows-protocol.js';
import { jobStream } from '../workload/build-jobs.js';
import type { JobStream } from '../workload/job-stream.js';
import { DRAW_DOUBLES, PoissonDraws, type PoissonSource, PoissonSpecs } from '../workload/poisson.js';
import { estimateRun } from './resource-estimate.js';
import { ABORTED, controlSlots, FAILED, FINISHED, FREE, FREED, type GenerationWorkerData, LAST, PROTOCOL, READY, ringFor, type RingShape, stateSlot } from './generation-protocol.js';

/** Longest the drawing thread may take to start, ms (it loads in well under a second). */
const START_MS = 30_000;
/** Longest it may take over one chunk once started, ms (a chunk is a millisecond's work). */
const STALL_MS = 60_000;

/**
 * Jobs, in all sources together, that the run's thread draws itself while the drawing thread
 * starts: that takes 150 ms here (a worker's start and its modules), which at 4–5 µs a national
 * job is about 30,000 jobs of simulation that would otherwise wait for it. Shared among the
 * sources by rate; drawing them costs the run's thread about 15 ms.
 */
const HEAD_START_JOBS = 32_768;

/** How the drawing thread is set up: its rings, the run's head start, and (tests) poisoning of freed chunks. */
export interface DrawAheadOptions {
  readonly ring?: RingShape;
  /** Jobs (all sources) the run's thread draws itself while the drawing thread starts; default {@link HEAD_START_JOBS}. */
  readonly headStartJobs?: number;
  /** Fill each chunk the run frees with NaN first, so that a read after the free cannot pass unseen (tests). */
  readonly poisonFreed?: boolean;
  /** The drawing thread's module (tests: an out-of-date build); default the built generation-worker.js. */
  readonly workerFile?: string;
}

/** The worker's file: next to this one once built; from the sources (tests), the built copy. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '../../dist/runner/generation-worker.js') : join(dirname(here), 'generation-worker.js');
}

/** A run's jobs, and what to call once the run is over (or has failed). */
export interface OpenJobStream {
  readonly stream: JobStream;
  close(): void;
}

/**
 * Generated jobs from which drawing them on a thread of its own pays for starting it: the first
 * job comes about 60 ms after the start, and each job drawn elsewhere saves about 0.4 µs.
 */
const DRAW_THREAD_MIN_JOBS = 200_000;

/**
 * Whether a run draws its Poisson jobs on a thread of its own unless told: a long run, on a
 * machine with more than one core, unless this is already a worker thread (a sweep's runs use the cores).
 */
export function drawThreadByDefault(scenario: Scenario): boolean {
  return isMainThread && availableParallelism() > 1 && estimateRun(scenario).generated >= DRAW_THREAD_MIN_JOBS;
}

/** A run's jobs, drawn on a thread of their own or not (the same jobs either way). */
export function openJobStream(scenario: Scenario, seed: number, drawThread = drawThreadByDefault(scenario)): OpenJobStream {
  return drawThread ? jobStreamDrawnAhead(scenario, seed) : drawnHere(scenario, seed);
}

/** The run's jobs drawn on the run's thread (no second thread): nothing to close. */
function drawnHere(scenario: Scenario, seed: number): OpenJobStream {
  return { stream: jobStream(scenario, seed), close: () => undefined };
}

/**
 * The run's jobs (the stream of `jobStream`, job for job) with the Poisson sources drawn on a
 * thread of their own: it fills a small ring of chunks of draws per source in shared memory
 * ahead of the run, and the run's thread builds each spec from its draws with the same
 * {@link PoissonSpecs}. The random streams are the same, drawn in the same order, so the jobs
 * are the same bytes; the run's thread is spared the arrival clock, the class and size draws
 * and the lognormal runtimes (0.45 µs a job, about a fifteenth of a national run's generation
 * and simulation; 0.4 s saved per 10^6 jobs). Worth a thread only for long runs: the first job
 * comes about 60 ms after the start. The rings take at most 16 MB (see ringFor).
 */
export function jobStreamDrawnAhead(scenario: Scenario, seed: number, options: DrawAheadOptions = {}): OpenJobStream {
  const sources = scenario.workload.filter((s): s is PoissonSource => s.kind === 'poisson');
  const ring = options.ring ?? ringFor(sources.length, DRAW_DOUBLES);
  if (sources.length === 0 || ring === null) return drawnHere(scenario, seed);
  const skip = headStarts(sources, options.headStartJobs ?? HEAD_START_JOBS);
  const thread = new GenerationThread(sources, seed, ring, skip, options.poisonFreed === true, options.workerFile ?? workerFile());
  try {
    return { stream: jobStream(scenario, seed, (source, index, _seed, sizes) => thread.stream(source, index, sizes)), close: () => thread.close() };
  } catch (error) {
    thread.close();
    throw error;
  }
}

/**
 * Each source's share of the head start, by its mean rate (at least one job each when there is
 * a head start at all, so that a run's first look at every source waits for nothing).
 */
function headStarts(sources: readonly PoissonSource[], jobs: number): number[] {
  const totalRatePerS = sources.reduce((sum, s) => sum + s.ratePerS, 0);
  return sources.map((s) => (jobs <= 0 ? 0 : Math.max(1, Math.ceil((jobs * s.ratePerS) / totalRatePerS))));
}

/** The run's side of the drawing thread. */
class GenerationThread {
  readonly control: Int32Array;
  readonly rings: readonly Float64Array[];
  private readonly port: MessagePort;

  constructor(
    sources: readonly PoissonSource[],
    readonly seed: number,
    readonly ring: RingShape,
    /** Per source, the jobs the run's thread draws itself before the first chunk. */
    readonly skip: readonly number[],
    private readonly poisonFreed: boolean,
    file: string,
  ) {
    const control = new SharedArrayBuffer(controlSlots(ring, sources.length) * 4);
    const draws = sources.map(() => new SharedArrayBuffer(ring.chunks * ring.chunkJobs * DRAW_DOUBLES * 8));
    this.control = new Int32Array(control);
    this.rings = draws.map((buffer) => new Float64Array(buffer));
    const channel = new MessageChannel();
    this.port = channel.port1;
    const workerData: GenerationWorkerData = { sources, seed, ring, skip, drawDoubles: DRAW_DOUBLES, control, draws, port: channel.port2 };
    // No inherited flags (see ThreadedJobRows); never keeps the process alive; a failure to
    // start is found by the wait that times out, and the late 'error' event must not crash.
    const worker = new Worker(file, { workerData, transferList: [channel.port2], execArgv: [] });
    worker.unref();
    worker.on('error', () => undefined);
  }

  stream(source: PoissonSource, index: number, sizes: ReadonlyMap<string, number>): JobStream {
    const headStart = this.skip[index] as number;
    return new DrawnAheadStream(this, index, new PoissonSpecs(source, sizes), headStart > 0 ? new PoissonDraws(source, this.seed) : null, headStart);
  }

  /** Frees a chunk for the drawing thread. */
  free(source: number, chunk: number): void {
    if (this.poisonFreed) {
      const doubles = this.ring.chunkJobs * DRAW_DOUBLES;
      (this.rings[source] as Float64Array).fill(Number.NaN, chunk * doubles, (chunk + 1) * doubles);
    }
    Atomics.store(this.control, stateSlot(this.ring, source, chunk), FREE);
    Atomics.add(this.control, FREED, 1);
    Atomics.notify(this.control, FREED);
  }

  /** Waits until a chunk is drawn; returns its state. */
  awaitChunk(source: number, chunk: number): number {
    const control = this.control;
    const slot = stateSlot(this.ring, source, chunk);
    let waitedMs = 0;
    for (let state = Atomics.load(control, slot); state === FREE; state = Atomics.load(control, slot)) {
      this.throwIfStopped();
      if (Atomics.wait(control, slot, FREE, 200) === 'timed-out') waitedMs += 200;
      const started = Atomics.load(control, READY) !== 0;
      if (waitedMs >= (started ? STALL_MS : START_MS)) {
        this.throwIfStopped();
        throw new Error(
          started
            ? `the thread drawing the jobs gave none for ${STALL_MS / 1000} s: report this`
            : `the thread drawing the jobs did not start within ${START_MS / 1000} s (is the build complete? npm run build): report this if it is`,
        );
      }
    }
    // Drawn, so the drawing thread has said which protocol it speaks.
    const spoken = Atomics.load(control, READY);
    if (spoken !== PROTOCOL) {
      throw new Error(`the thread drawing the jobs is an older build than the run (it speaks protocol ${spoken}, the run ${PROTOCOL}): rebuild (npm run build)`);
    }
    return Atomics.load(control, slot);
  }

  /** Stops the drawing thread (it may be ahead of a run that ended at its horizon). */
  close(): void {
    Atomics.store(this.control, ABORTED, 1);
    Atomics.add(this.control, FREED, 1);
    Atomics.notify(this.control, FREED);
  }

  private throwIfStopped(): void {
    if (Atomics.load(this.control, FAILED) !== 0) throw rebuildFailure(receiveMessageOnPort(this.port)?.message as WriterFailure | undefined, 'the thread drawing the jobs failed');
    // Stopped without failing while a chunk is still awaited: it was told to (close() came first).
    if (Atomics.load(this.control, FINISHED) !== 0) throw new Error('the thread drawing the jobs has stopped: the stream was read after close()');
  }
}

/**
 * One Poisson source's jobs: its first few drawn here (the head start, while the drawing thread
 * starts), then built from the draws in its ring, chunk after chunk.
 */
class DrawnAheadStream implements JobStream {
  /** The head start: this source's own draws, dropped once its jobs are given (or it has none left). */
  private here: PoissonDraws | null;
  private hereLeft: number;
  private readonly scratch = new Float64Array(DRAW_DOUBLES);
  /** The chunk being read (-1 before the first), its jobs, the next one to build. */
  private chunk = -1;
  private jobs = 0;
  private at = 0;
  private last = false;
  private broken: unknown = null;
  /** This source's ring, and the jobs a chunk of it holds. */
  private readonly draws: Float64Array;
  private readonly chunkJobs: number;

  constructor(
    private readonly thread: GenerationThread,
    private readonly source: number,
    private readonly specs: PoissonSpecs,
    here: PoissonDraws | null,
    headStart: number,
  ) {
    this.draws = thread.rings[source] as Float64Array;
    this.chunkJobs = thread.ring.chunkJobs;
    this.here = here;
    this.hereLeft = headStart;
  }

  next(): JobSpec | undefined {
    if (this.here !== null) return this.nextHere();
    if (this.at === this.jobs && !this.advance()) return undefined;
    return this.specs.build(this.draws, (this.chunk * this.chunkJobs + this.at++) * DRAW_DOUBLES);
  }

  /**
   * A job of the head start. The drawing thread draws the same jobs first and skips them, so its
   * first chunk starts with the job after. A source that ends within its head start ends here:
   * its ring's only chunk is then empty, and is never read.
   */
  private nextHere(): JobSpec | undefined {
    const here = this.here as PoissonDraws;
    if (--this.hereLeft === 0) this.here = null;
    if (here.drawInto(this.scratch, 0)) return this.specs.build(this.scratch, 0);
    this.here = null;
    this.last = true;
    return undefined;
  }

  /**
   * Moves to the next chunk: false when the source has no more jobs. A failed wait leaves the
   * stream broken (every later call throws) rather than one chunk further on.
   */
  private advance(): boolean {
    if (this.last) return false;
    if (this.broken !== null) throw this.broken;
    const thread = this.thread;
    const ring = thread.ring;
    if (this.chunk >= 0) thread.free(this.source, this.chunk);
    const next = (this.chunk + 1) % ring.chunks;
    let state: number;
    try {
      state = thread.awaitChunk(this.source, next);
    } catch (error) {
      this.broken = error;
      throw error;
    }
    this.chunk = next;
    this.last = state === LAST;
    this.jobs = Atomics.load(thread.control, stateSlot(ring, this.source, next) + 1);
    this.at = 0;
    return this.jobs > 0;
  }
}

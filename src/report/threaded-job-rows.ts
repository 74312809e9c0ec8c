import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { type RecordChunk, RecordPacker, RECORD_DOUBLES, RECORD_TEXT_RESERVE } from './job-record.js';
import type { JobEnergyFigures, JobRowNames, JobRowSource } from './jobs-table.js';
import type { JobRowWriter } from './run-tally.js';

/** Records a chunk holds: 2 chunks of 2,048 records are 1.3 MB of shared memory. */
const CHUNK_RECORDS = 2048;
/** Text area of a chunk, UTF-16 units: ids of 40 characters on average, and one record's worst case. */
const CHUNK_TEXT_UNITS = CHUNK_RECORDS * 40 + RECORD_TEXT_RESERVE;

// Slots of the control array. A chunk's state: FREE (the simulation's thread fills it), FULL or
// LAST (the writer's turn), ABORT (stop without writing it).
export const FREE = 0;
export const FULL = 1;
export const LAST = 2;
export const ABORT = 3;
/** control[0] and control[1]: the state of chunk 0 and 1; control[2 + c]: records in chunk c. */
export const RECORDS_AT = 2;
/** Set by the writer thread once its modules are loaded and the file is open. */
export const READY = 4;
/** Set by the writer thread when writing failed (the error follows on the port). */
export const FAILED = 5;
/** Set by the writer thread when it has closed the file (or given up). */
export const FINISHED = 6;
export const CONTROL_SLOTS = 8;

/** What the writer thread is started with. */
export interface RowsWorkerData {
  readonly format: 'csv' | 'parquet';
  readonly path: string;
  readonly header: readonly string[];
  readonly names: JobRowNames;
  readonly control: SharedArrayBuffer;
  readonly numbers: readonly SharedArrayBuffer[];
  readonly text: readonly SharedArrayBuffer[];
  readonly port: MessagePort;
}

/** An error of the writer thread, as it crosses to the simulation's thread. */
export interface WriterFailure {
  readonly message: string;
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly errno?: number;
}

/** Longest the writer thread may take to start, or to take its next chunk, before the run gives up. */
const STALL_MS = 120_000;

/** The worker's file: next to this one once built; from the sources (tests), the built copy. */
function workerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '../../dist/report/job-rows-worker.js') : join(dirname(here), 'job-rows-worker.js');
}

/**
 * jobs.csv or jobs.parquet written by a thread of its own: the simulation's thread packs each
 * leaving job into a record ({@link RecordPacker}) in one of two chunks of shared memory, and
 * the writer thread formats the other one with the same `writeJobRow`, into the same writers,
 * in the same order, so the file has the same bytes as one written inline. The two threads meet
 * only when a chunk is full (Atomics.wait/notify): the simulation never runs the event loop, so
 * errors come back through shared memory and a port read synchronously (receiveMessageOnPort).
 */
export class ThreadedJobRows implements JobRowWriter {
  private readonly control: Int32Array;
  private readonly chunks: RecordChunk[];
  private readonly packer: RecordPacker;
  private readonly port: MessagePort;
  private readonly worker: Worker;
  /** The chunk being filled. */
  private current = 0;
  private ended = false;

  constructor(format: 'csv' | 'parquet', path: string, header: readonly string[], names: JobRowNames) {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    const numbers = [0, 1].map(() => new SharedArrayBuffer(CHUNK_RECORDS * RECORD_DOUBLES * 8));
    const text = [0, 1].map(() => new SharedArrayBuffer(CHUNK_TEXT_UNITS * 2));
    this.control = new Int32Array(control);
    this.chunks = [0, 1].map((c) => ({ numbers: new Float64Array(numbers[c] as SharedArrayBuffer), text: new Uint16Array(text[c] as SharedArrayBuffer) }));
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.packer = new RecordPacker((long) => this.port.postMessage(long));
    const workerData: RowsWorkerData = { format, path, header, names, control, numbers, text, port: channel.port2 };
    // No inherited flags: a run started with `node --input-type=module -e` would pass that flag
    // on, and the worker's file would fail to load.
    this.worker = new Worker(workerFile(), { workerData, transferList: [channel.port2], execArgv: [] });
    // The thread ends by itself once the file is closed; it never keeps the process alive.
    this.worker.unref();
  }

  write(job: JobRowSource, energy: JobEnergyFigures | null): void {
    let chunk = this.chunks[this.current] as RecordChunk;
    if (!this.packer.fits(chunk, CHUNK_RECORDS)) {
      this.hand(FULL);
      chunk = this.chunks[this.current] as RecordChunk;
    }
    this.packer.pack(chunk, job, energy);
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    this.hand(LAST);
    this.await(FINISHED);
    this.throwIfFailed();
  }

  abort(): void {
    if (this.ended) return;
    this.ended = true;
    Atomics.store(this.control, this.current, ABORT);
    Atomics.notify(this.control, this.current);
    try {
      this.await(FINISHED);
    } catch {
      // Gave up waiting: the folder is dropped anyway.
    }
  }

  /** Hands the current chunk to the writer thread and waits until the other one is free. */
  private hand(state: typeof FULL | typeof LAST): void {
    const control = this.control;
    const c = this.current;
    Atomics.store(control, RECORDS_AT + c, this.packer.records);
    Atomics.store(control, c, state);
    Atomics.notify(control, c);
    this.packer.reset();
    if (state === LAST) return;
    this.current = c ^ 1;
    const next = this.current;
    let waitedMs = 0;
    while (Atomics.load(control, next) !== FREE) {
      this.throwIfFailed();
      if (Atomics.wait(control, next, Atomics.load(control, next), 1000) === 'timed-out') waitedMs += 1000;
      if (waitedMs >= STALL_MS) this.stalled();
    }
    this.throwIfFailed();
  }

  /** Waits for a flag of the writer thread. */
  private await(slot: number): void {
    let waitedMs = 0;
    while (Atomics.load(this.control, slot) === 0) {
      if (Atomics.wait(this.control, slot, 0, 1000) === 'timed-out') waitedMs += 1000;
      if (waitedMs >= STALL_MS) this.stalled();
    }
  }

  private stalled(): never {
    const started = Atomics.load(this.control, READY) === 1;
    throw new Error(`the thread writing the jobs file ${started ? 'stopped taking rows' : 'did not start'} (${STALL_MS / 1000} s): run again with --jobs-format none to check the rest, and report this`);
  }

  /** Throws the writer thread's error (a full disk, say) as the simulation's thread would have met it. */
  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED) === 0) return;
    this.ended = true;
    const received = receiveMessageOnPort(this.port)?.message as WriterFailure | undefined;
    const error = new Error(received?.message ?? 'the thread writing the jobs file failed') as NodeJS.ErrnoException;
    if (received?.code !== undefined) error.code = received.code;
    if (received?.syscall !== undefined) error.syscall = received.syscall;
    if (received?.path !== undefined) error.path = received.path;
    if (received?.errno !== undefined) error.errno = received.errno;
    throw error;
  }
}

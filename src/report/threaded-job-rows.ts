import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { chunkViews, type RecordChunk, RecordPacker, RECORD_DOUBLES, RECORD_TEXT_RESERVE } from './job-record.js';
import { ABORTED, CONTROL_SLOTS, FAILED, FINISHED, FREE, FULL, LAST, READY, RECORDS_AT, rebuildFailure, type RowsWorkerData, type WriterFailure } from './job-rows-protocol.js';
import type { JobEnergyFigures, JobRowNames, JobRowSource } from './jobs-table.js';
import type { JobRowWriter } from './run-tally.js';

/** Records a chunk holds: 2 chunks of 2,048 records are 1.3 MB of shared memory. */
const CHUNK_RECORDS = 2048;
/** Text area of a chunk, UTF-16 units: ids of 40 characters on average, and one record's worst case. */
const CHUNK_TEXT_UNITS = CHUNK_RECORDS * 40 + RECORD_TEXT_RESERVE;

/** Longest the writer thread may take to start, ms (it loads in well under a second). */
const START_MS = 60_000;
/** Longest the writer thread may take over one chunk before the run gives up, ms. */
const STALL_MS = 120_000;
/** Longest an abort waits for the writer thread to stop, ms (after a stall: a short while). */
const ABORT_WAIT_MS = 120_000;
const ABORT_AFTER_STALL_MS = 5_000;

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
  /** The chunk being filled. */
  private current = 0;
  /** close() was called (the last chunk is handed over, or writing failed). */
  private closed = false;
  /** The writer thread stopped answering once: an abort then waits only a short while. */
  private stalled = false;

  constructor(format: 'csv' | 'parquet', path: string, header: readonly string[], names: JobRowNames) {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    const numbers = [0, 1].map(() => new SharedArrayBuffer(CHUNK_RECORDS * RECORD_DOUBLES * 8));
    const text = [0, 1].map(() => new SharedArrayBuffer(CHUNK_TEXT_UNITS * 2));
    this.control = new Int32Array(control);
    this.chunks = chunkViews(numbers, text);
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.packer = new RecordPacker((long) => this.port.postMessage(long));
    const workerData: RowsWorkerData = { format, path, header, names, control, numbers, text, port: channel.port2 };
    // No inherited flags: a run started with `node --input-type=module -e` would pass that flag
    // on, and the worker's file would fail to load.
    const worker = new Worker(workerFile(), { workerData, transferList: [channel.port2], execArgv: [] });
    // The thread ends by itself once the file is closed; it never keeps the process alive. A
    // failure to start it at all (its file missing) is found by the wait that times out; the
    // 'error' event, seen only once the run is over, must not crash the process then.
    worker.unref();
    worker.on('error', () => undefined);
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
    if (this.closed) return;
    this.closed = true;
    this.throwIfFailed();
    this.hand(LAST);
    this.await(FINISHED);
    this.throwIfFailed();
  }

  abort(): void {
    const control = this.control;
    if (Atomics.load(control, FINISHED) === 1) return;
    Atomics.store(control, ABORTED, 1);
    Atomics.notify(control, 0);
    Atomics.notify(control, 1);
    // Wait until the thread has closed the file, so that the folder can be removed after.
    const limitMs = this.stalled ? ABORT_AFTER_STALL_MS : ABORT_WAIT_MS;
    for (let waitedMs = 0; Atomics.load(control, FINISHED) === 0 && waitedMs < limitMs; waitedMs += 100) {
      Atomics.wait(control, FINISHED, 0, 100);
    }
  }

  /** Hands the current chunk to the writer thread and (but for the last) waits until the other one is free. */
  private hand(state: typeof FULL | typeof LAST): void {
    const control = this.control;
    const c = this.current;
    Atomics.store(control, RECORDS_AT + c, this.packer.records);
    Atomics.store(control, c, state);
    Atomics.notify(control, c);
    this.packer.reset();
    if (state === LAST) return;
    const next = c ^ 1;
    this.waitWhile(next, (value) => value !== FREE);
    this.current = next;
  }

  /** Waits for a flag of the writer thread. */
  private await(slot: number): void {
    this.waitWhile(slot, (value) => value === 0);
  }

  /**
   * Sleeps while `busy(control[slot])`, throwing the writer thread's error as soon as it has
   * one, and giving up when it does not start or stops taking chunks.
   */
  private waitWhile(slot: number, busy: (value: number) => boolean): void {
    const control = this.control;
    let waitedMs = 0;
    for (let value = Atomics.load(control, slot); busy(value); value = Atomics.load(control, slot)) {
      this.throwIfFailed();
      // The value just read: a change after the read ends the wait at once.
      if (Atomics.wait(control, slot, value, 1000) === 'timed-out') waitedMs += 1000;
      const started = Atomics.load(control, READY) === 1;
      if (waitedMs >= (started ? STALL_MS : START_MS)) {
        this.throwIfFailed();
        this.stalled = true;
        throw new Error(
          `the thread writing the jobs file ${started ? `took no rows for ${STALL_MS / 1000} s` : `did not start within ${START_MS / 1000} s`}: run again with --jobs-format none to check the rest, and report this`,
        );
      }
    }
    this.throwIfFailed();
  }

  /** Throws the writer thread's error (a full disk, say) as the simulation's thread would have met it. */
  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED) === 0) return;
    this.closed = true;
    throw rebuildFailure(receiveMessageOnPort(this.port)?.message as WriterFailure | undefined);
  }
}

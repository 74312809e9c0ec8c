import type { MessagePort } from 'node:worker_threads';
import type { JobRowNames } from './jobs-table.js';

/**
 * How the simulation's thread and the thread writing the jobs file meet (threaded-job-rows.ts,
 * job-rows-worker.ts): slots of a shared Int32Array. A module without code of its own to load,
 * so that the writer thread's bootstrap can report a failure to load everything else.
 */

// A chunk's state: FREE (the simulation's thread fills it), FULL or LAST (the writer's turn).
export const FREE = 0;
export const FULL = 1;
export const LAST = 2;
/** control[0] and control[1]: the state of chunk 0 and 1; control[2 + c]: records in chunk c. */
export const RECORDS_AT = 2;
/** Set by the writer thread once its modules are loaded and the file is open. */
export const READY = 4;
/** Set by the writer thread when writing failed (the error follows on the port). */
export const FAILED = 5;
/** Set by the writer thread when it has closed the file, given up or stopped. */
export const FINISHED = 6;
/** Set by the simulation's thread: the run failed, stop at the next chunk and write nothing more. */
export const ABORTED = 7;
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
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly errno?: number;
}

/** An error as a {@link WriterFailure} (what a structured clone would lose: the class, the code). */
export function describeFailure(error: unknown): WriterFailure {
  const e = error as NodeJS.ErrnoException | null | undefined;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: error instanceof Error ? error.message : String(error),
    ...(typeof e?.stack === 'string' ? { stack: e.stack } : {}),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(typeof e?.syscall === 'string' ? { syscall: e.syscall } : {}),
    ...(typeof e?.path === 'string' ? { path: e.path } : {}),
    ...(typeof e?.errno === 'number' ? { errno: e.errno } : {}),
  };
}

/** The error a {@link WriterFailure} describes, rebuilt on the simulation's thread (`unknown`: the message when none came). */
export function rebuildFailure(failure: WriterFailure | undefined, unknown = 'the thread writing the jobs file failed'): Error {
  const error = new Error(failure?.message ?? unknown) as NodeJS.ErrnoException;
  if (failure === undefined) return error;
  error.name = failure.name;
  if (failure.stack !== undefined) error.stack = failure.stack;
  if (failure.code !== undefined) error.code = failure.code;
  if (failure.syscall !== undefined) error.syscall = failure.syscall;
  if (failure.path !== undefined) error.path = failure.path;
  if (failure.errno !== undefined) error.errno = failure.errno;
  return error;
}

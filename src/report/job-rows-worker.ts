/**
 * The thread that writes a streamed run's jobs file (see threaded-job-rows.ts). A bootstrap:
 * it loads the writing loop (job-rows-loop.ts) itself, so that a failure to load it (a broken
 * install, a lack of memory) reaches the simulation's thread as that error at once, through the
 * shared memory, rather than as an 'error' event the waiting thread cannot see.
 */
import { workerData } from 'node:worker_threads';
import { describeFailure, FAILED, FINISHED, type RowsWorkerData } from './job-rows-protocol.js';

const data = workerData as RowsWorkerData;
const control = new Int32Array(data.control);

/** Tells the simulation's thread that writing failed, and why (the message first, then the flag). */
function fail(error: unknown): void {
  data.port.postMessage(describeFailure(error));
  Atomics.store(control, FAILED, 1);
  Atomics.notify(control, 0);
  Atomics.notify(control, 1);
}

try {
  const { writeRows } = await import('./job-rows-loop.js');
  writeRows(data, fail);
} catch (error) {
  fail(error);
} finally {
  Atomics.store(control, FINISHED, 1);
  Atomics.notify(control, FINISHED);
  // Unreferenced rather than closed: a failure posted on it must still reach the other side.
  data.port.unref();
}

/**
 * The thread that draws a long run's Poisson jobs (see generation-thread.ts). A bootstrap: it
 * loads the drawing loop (generation-loop.ts) itself, so that a failure to load it reaches the
 * run's thread as that error at once, through the shared memory.
 */
import { workerData } from 'node:worker_threads';
import { describeFailure } from '../report/job-rows-protocol.js';
import { FAILED, FINISHED, type GenerationWorkerData } from './generation-protocol.js';

const data = workerData as GenerationWorkerData;
const control = new Int32Array(data.control);

try {
  const { drawAhead } = await import('./generation-loop.js');
  drawAhead(data);
} catch (error) {
  data.port.postMessage(describeFailure(error));
  Atomics.store(control, FAILED, 1);
} finally {
  Atomics.store(control, FINISHED, 1);
  // The run's thread waits on some chunk's state: wake every slot.
  for (let slot = 0; slot < control.length; slot++) Atomics.notify(control, slot);
  data.port.unref();
}

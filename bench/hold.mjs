// The event queue with 10^7 pending events: fill it, then 10^7 "hold" operations (pop the
// earliest, push a later one), the classic priority-queue benchmark.
import { EventQueue, createRng } from '../dist/engine/index.js';

export function hold({ pending = 1e7, operations = 1e7, seed = 1 } = {}) {
  const rng = createRng(seed, 'hold');
  const buffersBefore = process.memoryUsage().arrayBuffers;
  const queue = new EventQueue(pending);
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < pending; i++) queue.push(rng.next() * 1000, 0, i);
  const fillS = Number(process.hrtime.bigint() - t0) / 1e9;
  t0 = process.hrtime.bigint();
  for (let i = 0; i < operations; i++) {
    const t = queue.pop();
    queue.push(t + rng.next() * 1000, 0, queue.poppedTarget);
  }
  const holdS = Number(process.hrtime.bigint() - t0) / 1e9;
  return { pending, operations, fillS, holdS, bufferMiB: (process.memoryUsage().arrayBuffers - buffersBefore) / 2 ** 20 };
}

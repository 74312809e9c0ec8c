export { EventQueue } from './event-queue.js';
export { runInstants, type InstantHandlers } from './instant-loop.js';
export { createRng, exponential, standardNormal, uniformInt, type Rng } from './rng.js';

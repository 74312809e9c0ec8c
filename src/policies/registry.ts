import type { DispatchPolicyDefinition, QueuePolicyDefinition } from './define-policy.js';
import { carbonAware } from './dispatch/carbon-aware.js';
import { dataLocality } from './dispatch/data-locality.js';
import { earliestCompletion } from './dispatch/earliest-completion.js';
import { leastLoaded } from './dispatch/least-loaded.js';
import { originFirst } from './dispatch/origin-first.js';
import { priceAware } from './dispatch/price-aware.js';
import { random } from './dispatch/random.js';
import { roundRobin } from './dispatch/round-robin.js';
import { shortestExpectedWait } from './dispatch/shortest-expected-wait.js';
import { shortestQueue } from './dispatch/shortest-queue.js';
import { weighted } from './dispatch/weighted.js';
import { conservative } from './queue/conservative.js';
import { easy } from './queue/easy.js';
import { fcfs } from './queue/fcfs.js';
import { sjf } from './queue/sjf.js';

/** Every built-in queue policy, in the order `cnsim policies` lists them. */
export const QUEUE_POLICIES: readonly QueuePolicyDefinition[] = [fcfs, sjf, easy, conservative];

/** Every built-in dispatch policy, in the order `cnsim policies` lists them. */
export const DISPATCH_POLICIES: readonly DispatchPolicyDefinition[] = [
  random,
  roundRobin,
  leastLoaded,
  shortestQueue,
  shortestExpectedWait,
  earliestCompletion,
  dataLocality,
  originFirst,
  priceAware,
  carbonAware,
  weighted,
];

/** Looks a queue policy up by name; undefined when unknown. */
export function findQueuePolicy(name: string): QueuePolicyDefinition | undefined {
  return QUEUE_POLICIES.find((p) => p.name === name);
}

/** Looks a dispatch policy up by name; undefined when unknown. */
export function findDispatchPolicy(name: string): DispatchPolicyDefinition | undefined {
  return DISPATCH_POLICIES.find((p) => p.name === name);
}

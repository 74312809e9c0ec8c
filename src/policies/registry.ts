import type { DispatchPolicyDefinition, QueuePolicyDefinition } from './define-policy.js';
import { leastLoaded } from './dispatch/least-loaded.js';
import { conservative } from './queue/conservative.js';
import { easy } from './queue/easy.js';
import { fcfs } from './queue/fcfs.js';
import { sjf } from './queue/sjf.js';

/** Every built-in queue policy, in the order `cnsim policies` lists them. */
export const QUEUE_POLICIES: readonly QueuePolicyDefinition[] = [fcfs, sjf, easy, conservative];

/** Every built-in dispatch policy. */
export const DISPATCH_POLICIES: readonly DispatchPolicyDefinition[] = [leastLoaded];

/** Looks a queue policy up by name; undefined when unknown. */
export function findQueuePolicy(name: string): QueuePolicyDefinition | undefined {
  return QUEUE_POLICIES.find((p) => p.name === name);
}

/** Looks a dispatch policy up by name; undefined when unknown. */
export function findDispatchPolicy(name: string): DispatchPolicyDefinition | undefined {
  return DISPATCH_POLICIES.find((p) => p.name === name);
}

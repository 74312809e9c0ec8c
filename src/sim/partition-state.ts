import type { Job } from '../model/job.js';
import type { Partition } from '../model/partition.js';
import type { QueuePolicy } from '../policies/queue-policy.js';

/** The live state of one partition during a run (owned and mutated by the simulation only). */
export class PartitionState {
  freeNodes: number;
  /** Waiting jobs in arrival order. */
  readonly queue: Job[] = [];
  readonly running: Job[] = [];
  /** Cumulative nodes and node-seconds of walltime sent here by the dispatcher. */
  sentNodes = 0;
  sentNodeSeconds = 0;
  /** Cumulative nodes and node-seconds of walltime of the jobs started here. */
  startedNodes = 0;
  startedNodeSeconds = 0;
  /** Whether the local scheduler must run at the end of the current instant. */
  dirty = false;

  constructor(
    readonly index: number,
    readonly centre: number,
    readonly partitionIndex: number,
    readonly spec: Partition,
    readonly policy: QueuePolicy,
    readonly label: string,
  ) {
    this.freeNodes = spec.nodes;
  }

  get totalNodes(): number {
    return this.spec.nodes;
  }

  /** Adds a running job (O(1)). */
  addRunning(job: Job): void {
    job.slot = this.running.length;
    this.running.push(job);
  }

  /** Removes a running job by swapping the last one into its slot (O(1)). */
  removeRunning(job: Job): void {
    const last = this.running.pop() as Job;
    if (last !== job) {
      this.running[job.slot] = last;
      last.slot = job.slot;
    }
    job.slot = -1;
  }
}

/** What the dispatcher knows of a partition from its last published report. */
export interface PartitionReport {
  freeNodes: number;
  startedNodes: number;
  startedNodeSeconds: number;
}

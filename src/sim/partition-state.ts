import type { Job } from '../model/job.js';
import type { Partition } from '../model/partition.js';
import type { QueuePolicy } from '../policies/queue-policy.js';
import type { IdleNodes } from './idle-nodes.js';
import type { NodePlacement } from './node-placement.js';

/** The live state of one partition during a run (owned and mutated by the simulation only). */
export class PartitionState {
  freeNodes: number;
  /** Waiting jobs in arrival order. */
  readonly queue: Job[] = [];
  /** Running jobs ordered by estimated end (startS + walltimeS), then job index. */
  readonly running: Job[] = [];
  /** Cumulative jobs, nodes and node-seconds of walltime sent here by the dispatcher. */
  sentJobs = 0;
  sentNodes = 0;
  sentNodeSeconds = 0;
  /** Cumulative jobs, nodes and node-seconds of walltime of the jobs started here. */
  startedJobs = 0;
  startedNodes = 0;
  startedNodeSeconds = 0;
  /** Σ nodes × estimated end (startS + walltimeS) of the running jobs, node-seconds. */
  runningEndNodeSeconds = 0;
  /** Whether the local scheduler must run at the end of the current instant. */
  dirty = false;
  /** Whether its centre is in an abrupt outage: nothing starts here meanwhile. */
  down = false;
  /** Nodes failed and not yet repaired (not free, not running a job). */
  downNodes = 0;
  /** Node failures so far, and the node-seconds nodes spent down (counted at each repair). */
  nodeFailures = 0;
  downNodeSeconds = 0;
  /** Jobs killed here by failures (node failures, abrupt outages), and the node-seconds of work they lost. */
  failureKills = 0;
  lostNodeSeconds = 0;
  /** The idle nodes, tracked one by one only when they switch off (`powerOff`); null otherwise. */
  idle: IdleNodes | null = null;
  /** Which nodes each job holds, only when the run places jobs on node ids (`RunOptions.placement`). */
  placement: NodePlacement | null = null;

  /** Whether the partition runs GPU jobs (it has GPUs) or CPU jobs. */
  readonly hasGpus: boolean;

  constructor(
    readonly index: number,
    readonly centre: number,
    readonly partitionIndex: number,
    readonly spec: Partition,
    readonly policy: QueuePolicy,
    readonly label: string,
  ) {
    this.freeNodes = spec.nodes;
    this.hasGpus = spec.gpusPerNode > 0;
  }

  get totalNodes(): number {
    return this.spec.nodes;
  }

  /**
   * Adds a running job, keeping {@link running} ordered by estimated end (startS + walltimeS),
   * then job index: queue policies (EASY, conservative) read the reservation profile from it
   * without sorting. O(log n) search + one array move.
   */
  addRunning(job: Job): void {
    const running = this.running;
    const at = this.runningPosition(job);
    // Shift by hand: splice would allocate its (empty) result array at every start.
    running.push(job);
    for (let i = running.length - 1; i > at; i--) running[i] = running[i - 1] as Job;
    running[at] = job;
  }

  /** Where `job` is or would be in {@link running}: binary search on (estimated end, index). */
  private runningPosition(job: Job): number {
    const running = this.running;
    const end = job.startS + job.walltimeS;
    let lo = 0;
    let hi = running.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const other = running[mid] as Job;
      const otherEnd = other.startS + other.walltimeS;
      if (otherEnd < end || (otherEnd === end && other.index < job.index)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The dispatcher sends `job` here (or a killed job is requeued here): one more job, its nodes and walltime, sent. */
  sent(job: Job): void {
    this.sentJobs++;
    this.sentNodes += job.nodes;
    this.sentNodeSeconds += job.nodes * job.walltimeS;
  }

  /** A job sent here goes back to the dispatcher before it started: {@link sent} undone. */
  unsent(job: Job): void {
    this.sentJobs--;
    this.sentNodes -= job.nodes;
    this.sentNodeSeconds -= job.nodes * job.walltimeS;
  }

  /** A running job ends or is killed at `t`: its nodes are free (and idle) again. */
  release(job: Job, t: number): void {
    this.freeNodes += job.nodes;
    this.idle?.release(job.nodes, t);
    if (this.placement !== null && job.nodeIds !== null) this.placement.release(job.nodeIds, this.label);
    this.runningEndNodeSeconds -= job.nodes * (job.startS + job.walltimeS);
    this.removeRunning(job);
  }

  /** Removes a running job (binary search on its estimated end, then one array move). */
  removeRunning(job: Job): void {
    const running = this.running;
    const lo = this.runningPosition(job);
    if (running[lo] !== job) throw new Error(`job ${job.spec.id} is not running on ${this.label}`);
    for (let i = lo; i < running.length - 1; i++) running[i] = running[i + 1] as Job;
    running.pop();
  }
}

/**
 * What the dispatcher knows of a partition from its last published report (cumulative
 * counters, so the queue at report time is sent − started).
 */
export interface PartitionReport {
  freeNodes: number;
  sentJobs: number;
  sentNodes: number;
  sentNodeSeconds: number;
  startedJobs: number;
  startedNodes: number;
  startedNodeSeconds: number;
  runningEndNodeSeconds: number;
}

/** Copies the reported fields of `from` into `to` (a live partition is a report of itself). */
export function copyReport(from: PartitionReport, to: PartitionReport): void {
  to.freeNodes = from.freeNodes;
  to.sentJobs = from.sentJobs;
  to.sentNodes = from.sentNodes;
  to.sentNodeSeconds = from.sentNodeSeconds;
  to.startedJobs = from.startedJobs;
  to.startedNodes = from.startedNodes;
  to.startedNodeSeconds = from.startedNodeSeconds;
  to.runningEndNodeSeconds = from.runningEndNodeSeconds;
}

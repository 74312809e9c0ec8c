import { clear, objectArray } from '../engine/arrays.js';
import type { Job } from '../model/job.js';
import type { Partition } from '../model/partition.js';
import type { QueuePolicy } from '../policies/queue-policy.js';
import type { IdleNodes } from './idle-nodes.js';
import type { NodePlacement } from './node-placement.js';

/**
 * Starts and ends without a read of {@link PartitionState.running} after which it is no longer
 * kept in step (built at the next read instead).
 */
const UNREAD_CHANGES_BEFORE_STALE = 8;
/**
 * Starts and ends without a read after which the running entries are no longer kept in order
 * either (sorted at the next read): high enough that a policy reading now and then sorts
 * seldom, where an insert in order moves a fifth of the entries every time.
 */
const UNREAD_CHANGES_BEFORE_UNORDERED = 64;

/** The live state of one partition during a run (owned and mutated by the simulation only). */
export class PartitionState {
  freeNodes: number;
  /** Waiting jobs in arrival order. */
  readonly queue: Job[] = [];
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

  /**
   * The running jobs as (estimated end, job index, slot) triples, newest end first: the reverse
   * of {@link running}'s order. New jobs tend to end after most of those running and jobs tend to
   * end before their walltime, so inserts and removals land near the end of this array and move
   * a fifth of the entries that an array in ascending order would (national-2025: 25 and 11 of
   * 111, against 86 and 99). Numbers in one typed array: no pointer stores, no job read while
   * searching.
   */
  private runs = new Float64Array(3 * 16);
  private runCount = 0;
  /**
   * Whether {@link runs} is in order. A partition whose running jobs are not read for a while
   * (national-2025's EASY queues, short, never read them) keeps them as an unordered set
   * instead: a start appends, an end moves the last entry into the gap (each job knows its
   * entry, `Job.runAt`), and the next read sorts.
   */
  private ordered = true;
  /**
   * {@link running} as last built; whether a start or an end has changed it since; starts and
   * ends since it was last read. A partition whose policy reads it at every pass (EASY with a
   * queue, conservative) keeps it in step at each change; one that has changed a few times
   * without a read stops doing so and builds it at the next read.
   */
  private readonly runningJobs: Job[] = objectArray();
  private runningStale = false;
  private changesUnread = 0;

  constructor(
    readonly index: number,
    readonly centre: number,
    readonly partitionIndex: number,
    readonly spec: Partition,
    readonly policy: QueuePolicy,
    readonly label: string,
    /** The run's jobs by slot (the simulation's table), to turn the running entries back into jobs. */
    private readonly jobsBySlot: readonly Job[],
  ) {
    this.freeNodes = spec.nodes;
    this.hasGpus = spec.gpusPerNode > 0;
  }

  get totalNodes(): number {
    return this.spec.nodes;
  }

  /**
   * Running jobs ordered by estimated end (startS + walltimeS), then job index: queue policies
   * (EASY, conservative) read the reservation profile from it without sorting. Kept in step
   * while it is read, else built at the next read: national-2025 starts and ends 10^6 jobs and
   * its EASY queues, short, never read it; a replay of a trace reads it at almost every pass.
   */
  get running(): readonly Job[] {
    this.changesUnread = 0;
    if (!this.ordered) this.sortRuns();
    if (this.runningStale) {
      const jobs = this.runningJobs;
      const runs = this.runs;
      const n = this.runCount;
      for (let a = 0; a < n; a++) {
        const job = this.jobsBySlot[runs[3 * (n - 1 - a) + 2] as number] as Job;
        if (a < jobs.length) jobs[a] = job;
        else jobs.push(job);
      }
      while (jobs.length > n) jobs.pop();
      this.runningStale = false;
    }
    return this.runningJobs;
  }

  /** Whether {@link runningJobs} follows this change in place (it is in step and was read lately), else goes stale. */
  private followsChange(): boolean {
    const unread = ++this.changesUnread;
    if (this.runningStale) {
      if (unread > UNREAD_CHANGES_BEFORE_UNORDERED) this.unorder();
      return false;
    }
    if (unread > UNREAD_CHANGES_BEFORE_STALE) {
      this.runningStale = true;
      return false;
    }
    return true;
  }

  /** Stops keeping {@link runs} in order: each running job learns its entry. */
  private unorder(): void {
    this.ordered = false;
    const runs = this.runs;
    for (let at = 0; at < this.runCount; at++) (this.jobsBySlot[runs[3 * at + 2] as number] as Job).runAt = at;
  }

  /** Puts {@link runs} back in order (newest end first, then the larger index) for a read. */
  private sortRuns(): void {
    const runs = this.runs;
    const n = this.runCount;
    const order = Array.from({ length: n }, (_, at) => at);
    order.sort((a, b) => (runs[3 * b] as number) - (runs[3 * a] as number) || (runs[3 * b + 1] as number) - (runs[3 * a + 1] as number));
    const sorted = new Float64Array(runs.length);
    for (let k = 0; k < n; k++) {
      const at = order[k] as number;
      sorted[3 * k] = runs[3 * at] as number;
      sorted[3 * k + 1] = runs[3 * at + 1] as number;
      sorted[3 * k + 2] = runs[3 * at + 2] as number;
    }
    this.runs = sorted;
    this.ordered = true;
  }

  /** Running jobs now. */
  get runningCount(): number {
    return this.runCount;
  }

  /** Adds a running job (see {@link running}): O(log n) search + a move of the entries that end earlier. */
  addRunning(job: Job): void {
    if (3 * this.runCount === this.runs.length) {
      const grown = new Float64Array(2 * this.runs.length);
      grown.set(this.runs);
      this.runs = grown;
    }
    const runs = this.runs;
    const endS = job.startS + job.walltimeS;
    const index = job.index;
    if (!this.ordered) {
      const last = this.runCount++;
      runs[3 * last] = endS;
      runs[3 * last + 1] = index;
      runs[3 * last + 2] = job.slot;
      job.runAt = last;
      return;
    }
    const at = this.firstBefore(endS, index);
    for (let k = 3 * this.runCount - 1; k >= 3 * at; k--) runs[k + 3] = runs[k] as number;
    runs[3 * at] = endS;
    runs[3 * at + 1] = index;
    runs[3 * at + 2] = job.slot;
    this.runCount++;
    if (this.followsChange()) {
      // Its ascending position: after the entries that end earlier (at..n-1 here).
      const jobs = this.runningJobs;
      const position = this.runCount - 1 - at;
      jobs.push(job);
      for (let i = jobs.length - 1; i > position; i--) jobs[i] = jobs[i - 1] as Job;
      jobs[position] = job;
    }
  }

  /**
   * The first entry of {@link runs} that comes before (endS, index) in {@link running}'s order
   * (earlier end, or same end and smaller index): binary search on the descending entries.
   */
  private firstBefore(endS: number, index: number): number {
    const runs = this.runs;
    let lo = 0;
    let hi = this.runCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const otherEndS = runs[3 * mid] as number;
      if (otherEndS < endS || (otherEndS === endS && (runs[3 * mid + 1] as number) < index)) hi = mid;
      else lo = mid + 1;
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

  /** Removes a running job (binary search on its estimated end, then a move of the entries that end earlier). */
  removeRunning(job: Job): void {
    const runs = this.runs;
    if (!this.ordered) {
      const at = job.runAt;
      if (at < 0 || at >= this.runCount || runs[3 * at + 1] !== job.index || runs[3 * at + 2] !== job.slot) throw new Error(`job ${job.spec.id} is not running on ${this.label}`);
      const last = --this.runCount;
      job.runAt = -1;
      if (at !== last) {
        runs[3 * at] = runs[3 * last] as number;
        runs[3 * at + 1] = runs[3 * last + 1] as number;
        runs[3 * at + 2] = runs[3 * last + 2] as number;
        (this.jobsBySlot[runs[3 * at + 2] as number] as Job).runAt = at;
      }
      return;
    }
    // The job itself is the last entry not before it.
    const at = this.firstBefore(job.startS + job.walltimeS, job.index) - 1;
    if (at < 0 || runs[3 * at + 1] !== job.index || runs[3 * at + 2] !== job.slot) throw new Error(`job ${job.spec.id} is not running on ${this.label}`);
    const last = 3 * this.runCount - 3;
    for (let k = 3 * at; k < last; k++) runs[k] = runs[k + 3] as number;
    this.runCount--;
    if (this.followsChange()) {
      const jobs = this.runningJobs;
      for (let i = this.runCount - at; i < jobs.length - 1; i++) jobs[i] = jobs[i + 1] as Job;
      jobs.pop();
    }
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

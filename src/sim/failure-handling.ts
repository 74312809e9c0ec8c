import { clear } from '../engine/arrays.js';
import type { EventQueue } from '../engine/event-queue.js';
import { advanceJob, type Job, JobStatus, returnJob } from '../model/job.js';
import type { CheckpointSpec, Scenario } from '../model/scenario.js';
import { ownValue } from '../model/own-key.js';
import { checkpointedWallS, checkpointsDone, youngDalyIntervalS } from './checkpoint.js';
import type { DispatcherView } from './dispatcher-view.js';
import type { NodeFailures } from './node-failures.js';
import type { PartitionState } from './partition-state.js';

/** What failure handling asks of the simulation. */
export interface FailureHost {
  /** The job goes to the national dispatcher at the end of this instant. */
  toDispatcher(job: Job): void;
  /** The job is ready for a dispatch decision (now, or at the next batch instant). */
  ready(job: Job, t: number): void;
  /** The partition's local scheduler runs at the end of this instant. */
  markDirty(p: PartitionState): void;
  /** The job has failed for good: it leaves the system. */
  failed(job: Job): void;
}

/**
 * Failures that kill work, and what follows: abrupt centre outages, node failures (which job a
 * failing node hits), kills with their lost work and checkpoints, and the retry of killed jobs
 * (`retry`). The simulation applies the events; this decides what dies and what comes back.
 */
export class FailureHandling {
  constructor(
    private readonly scenario: Scenario,
    private readonly partitions: readonly PartitionState[],
    private readonly centrePartitions: readonly (readonly number[])[],
    private readonly view: DispatcherView,
    private readonly queue: EventQueue,
    private readonly failures: NodeFailures | null,
    private readonly host: FailureHost,
    /** Event kind of a killed job coming back after the retry delay (target: its slot). */
    private readonly returnKind: number,
  ) {}

  /**
   * A run starting: its run time, with this run's checkpoints when its class has any (the work
   * left after earlier runs' checkpoints), and whether its walltime stops it.
   */
  plan(job: Job, p: PartitionState): void {
    const checkpoint = this.checkpointOf(job);
    if (checkpoint === undefined) {
      // Killed when the runtime exceeds the request; both scale with the partition speed.
      job.killed = job.spec.runtimeS > job.spec.walltimeS;
      job.runS = job.killed ? job.walltimeS : job.spec.runtimeS / job.speed;
      return;
    }
    const intervalS = Number.isNaN(checkpoint.intervalS) ? youngDalyIntervalS(checkpoint.overheadS, this.jobMtbfS(p, job.nodes)) : checkpoint.intervalS;
    const wallS = checkpointedWallS((job.spec.runtimeS - job.savedRefS) / job.speed, intervalS, checkpoint.overheadS);
    job.intervalS = intervalS;
    job.killed = wallS > job.walltimeS;
    job.runS = job.killed ? job.walltimeS : wallS;
  }

  /**
   * An abrupt outage of centre `c` begins: nothing starts there until it ends; its queued jobs go
   * back to the dispatcher (in queue order), its running jobs are killed (in job order).
   */
  centreDown(c: number, t: number): void {
    for (const pi of this.centrePartitions[c] as number[]) {
      const p = this.partitions[pi] as PartitionState;
      p.down = true;
      for (const job of p.queue) this.handBack(job, p, t);
      clear(p.queue);
      const running = [...p.running].sort(byJobIndex);
      for (const job of running) this.kill(job, p, t);
    }
  }

  /** A job sent to `p` that has not started goes back to the dispatcher (at the end of this instant). */
  handBack(job: Job, p: PartitionState, t: number): void {
    p.unsent(job);
    this.view.changed(p, t);
    returnJob(job, JobStatus.Pending);
    this.host.toDispatcher(job);
  }

  /**
   * A failure kills a running job at `t`: its nodes are freed and the run is lost work; then, by
   * `retry`, it goes back (after the delay) to its queue or to the dispatcher, or it fails.
   */
  kill(job: Job, p: PartitionState, t: number): void {
    const allocS = job.startS - job.wakeS;
    // Killed while its nodes were still waking: the run never began.
    const startS = Math.min(job.startS, t);
    (job.lostAttempts ??= []).push({ partition: p.index, centre: p.centre, nodes: job.nodes, startS, endS: t, wakeS: startS - allocS, wokenNodes: job.wokenNodes });
    // The work of the checkpoints completed in this run is kept; the rest is thrown away.
    const done = Number.isNaN(job.intervalS) ? 0 : this.checkpointed(job, t - startS);
    const lostS = done === 0 ? t - startS : t - startS - done * (job.intervalS + this.checkpointOverheadS(job));
    if (done > 0) job.savedRefS += done * job.intervalS * job.speed;
    job.lostNodeS += job.nodes * lostS;
    p.failureKills++;
    p.lostNodeSeconds += job.nodes * lostS;
    p.release(job, t);
    this.view.changed(p, t);
    if (p.queue.length > 0) this.host.markDirty(p);
    const { policy, maxAttempts, delayS } = this.scenario.retry;
    if (policy === 'none' || job.attempts >= maxAttempts) {
      advanceJob(job, JobStatus.Failed);
      job.endS = t;
      this.host.failed(job);
      return;
    }
    returnJob(job, policy === 'requeue' ? JobStatus.Queued : JobStatus.Pending);
    this.queue.push(t + delayS, this.returnKind, job.slot);
  }

  /** A killed job comes back after the retry delay: into its partition's queue, or to the dispatcher. */
  returned(job: Job, t: number): void {
    if (job.status === JobStatus.Pending) {
      this.host.ready(job, t);
      return;
    }
    // Requeued: sent to its partition again, behind the jobs waiting there.
    const p = this.partitions[job.partition] as PartitionState;
    p.sent(job);
    this.view.sent(p, job, t);
    p.queue.push(job);
    this.host.markDirty(p);
  }

  /**
   * A node fails; returns the time of its repair. Nodes are alike (no job is bound to a node id), so the failed node is busy with
   * probability busy ÷ up nodes; then the job hit is drawn in proportion to its nodes (in the order
   * of the running list). It is killed (see {@link kill}) and the node stays down until repaired.
   */
  nodeFailed(node: number, t: number): number {
    const failures = this.failures as NodeFailures;
    const p = this.partitions[failures.partitionOf[node] as number] as PartitionState;
    const up = p.totalNodes - p.downNodes;
    const busy = up - p.freeNodes;
    // One draw whatever the state, so the partition's stream does not depend on the load.
    const u = failures.uniform(node) * up;
    p.downNodes++;
    p.nodeFailures++;
    failures.failedAtS[node] = t;
    let victim: Job | null = null;
    if (u < busy) {
      let held = 0;
      victim = p.running[p.running.length - 1] as Job;
      for (const job of p.running) {
        held += job.nodes;
        if (u < held) {
          victim = job;
          break;
        }
      }
      this.kill(victim, p, t);
    }
    p.placement?.fail(failures.indexInPartition(node), victim === null ? null : victim.nodeIds, p.label);
    p.freeNodes--;
    this.view.changed(p, t);
    return failures.repairAfter(node, t);
  }

  /** A failed node is repaired: free again; returns the time of its next failure. */
  nodeRepaired(node: number, t: number): number {
    const failures = this.failures as NodeFailures;
    const p = this.partitions[failures.partitionOf[node] as number] as PartitionState;
    p.downNodes--;
    p.downNodeSeconds += t - (failures.failedAtS[node] as number);
    failures.failedAtS[node] = Number.NaN;
    p.placement?.repair(failures.indexInPartition(node), p.label);
    p.freeNodes++;
    this.view.changed(p, t);
    if (p.queue.length > 0) this.host.markDirty(p);
    return failures.failureAfter(node, t);
  }

  /** Counts the checkpoints a run wrote in its first `elapsedS` seconds (their node time); returns how many. */
  checkpointed(job: Job, elapsedS: number): number {
    const overheadS = this.checkpointOverheadS(job);
    const done = checkpointsDone(elapsedS, (job.spec.runtimeS - job.savedRefS) / job.speed, job.intervalS, overheadS);
    job.checkpointNodeS += job.nodes * done * overheadS;
    return done;
  }

  private checkpointOverheadS(job: Job): number {
    return this.checkpointOf(job)?.overheadS ?? 0;
  }

  /** The checkpointing of the job's class (`*`: of every class without an entry of its own). */
  private checkpointOf(job: Job): CheckpointSpec | undefined {
    return ownValue(this.scenario.checkpoint, job.spec.jobClass) ?? ownValue(this.scenario.checkpoint, '*');
  }

  /** Mean time between failures of `nodes` nodes of a partition (Infinity when its nodes never fail). */
  private jobMtbfS(p: PartitionState, nodes: number): number {
    const failures = p.spec.failures;
    return failures === undefined ? Number.POSITIVE_INFINITY : failures.mtbf.meanS / nodes;
  }
}

function byJobIndex(a: Job, b: Job): number {
  return a.index - b.index;
}

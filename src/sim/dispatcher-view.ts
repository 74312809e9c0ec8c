import { objectArray } from '../engine/arrays.js';
import type { Job } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { CandidateView, QueueSnapshot } from '../policies/dispatch-policy.js';
import { copyReport, type PartitionReport, type PartitionState } from './partition-state.js';

/** A candidate view the simulation refills for each dispatch. */
export type PooledCandidate = { -readonly [K in keyof CandidateView]: CandidateView[K] };

/** A snapshot of the partitions taken for the dispatcher, on its way (`dispatch.infoDelay`). */
interface PendingSnapshot {
  readonly takenS: number;
  readonly reports: PartitionReport[];
  readonly queues: QueueSnapshot[] | null;
}

/**
 * What the national dispatcher knows of the partitions: one candidate view per partition, kept
 * current as the partitions change (a live view) or as snapshots are published (every
 * `dispatch.infoPeriod`, `dispatch.infoDelay` late). The simulation writes only the job-dependent
 * fields of a view at each dispatch, so a million dispatches allocate nothing.
 */
export class DispatcherView {
  /** One reusable candidate view per partition (by partition index). */
  readonly pool: PooledCandidate[] = objectArray();
  /** Latest report of each partition the dispatcher has (null = live view). */
  private published: PartitionReport[] | null = null;
  private readonly pending: PendingSnapshot[] = objectArray();
  private readonly spareReports: PartitionReport[][] = objectArray();

  /**
   * @param wantsQueues whether the dispatch policy reads queue snapshots (copied only then)
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly partitions: readonly PartitionState[],
    readonly wantsQueues: boolean,
  ) {
    for (const p of partitions) this.pool.push(emptyView(scenario, p));
    for (const p of partitions) this.refresh(p, p, 0);
  }

  /**
   * The policy reads none of the job estimates: they are never computed and stay NaN, so that
   * a policy that reads one after all sees that it has nothing, not another job's figure.
   */
  withoutEstimates(): void {
    for (const view of this.pool) {
      view.stageInS = Number.NaN;
      view.bytesToMove = Number.NaN;
      view.originLatencyS = Number.NaN;
      view.expectedWaitS = Number.NaN;
      view.powerW = Number.NaN;
    }
  }

  /** Whether the dispatcher sees the partitions as they are (no information period). */
  get live(): boolean {
    return this.published === null;
  }

  /** Publishes the partitions' state at `takenS` (the first snapshot of a run with an information period). */
  publishNow(takenS: number): void {
    this.publish(
      this.partitions.map((p) => report(p)),
      takenS,
      this.wantsQueues ? this.partitions.map((p) => snapshotQueue(p, takenS)) : null,
    );
  }

  /**
   * Takes a snapshot at `t`: published now, or kept until {@link publishNext} when the
   * information arrives late (`true`: the caller schedules that).
   */
  takeSnapshot(t: number): boolean {
    // Report arrays are recycled: one per pending snapshot plus the published one, so a year of
    // one-minute refreshes allocates a handful of arrays, not half a million.
    const reports = this.spareReports.pop() ?? this.partitions.map((p) => report(p));
    for (const p of this.partitions) copyReport(p, reports[p.index] as PartitionReport);
    const queues = this.wantsQueues ? this.partitions.map((p) => snapshotQueue(p, t)) : null;
    if (this.scenario.dispatch.infoDelayS > 0) {
      this.pending.push({ takenS: t, reports, queues });
      return true;
    }
    this.publish(reports, t, queues);
    return false;
  }

  /** The oldest snapshot on its way arrives. */
  publishNext(): void {
    const snapshot = this.pending.shift();
    if (snapshot !== undefined) this.publish(snapshot.reports, snapshot.takenS, snapshot.queues);
  }

  /** A partition changed (a job started or ended): a live view follows it. */
  changed(p: PartitionState, t: number): void {
    if (this.published === null) this.refresh(p, p, t);
  }

  /** The view of `p` for a dispatch at `t`: with a live view of queues, their copy now (opt-in: it costs a copy). */
  viewFor(p: PartitionState, t: number): PooledCandidate {
    const view = this.pool[p.index] as PooledCandidate;
    if (this.wantsQueues && this.published === null) view.queueSnapshot = snapshotQueue(p, t);
    return view;
  }

  /** The dispatcher has just sent a job to `p`. */
  sent(p: PartitionState, job: Job, t: number): void {
    if (this.published === null) {
      this.refresh(p, p, t);
      return;
    }
    if (!this.scenario.dispatch.countOwnDecisions) return;
    const view = this.pool[p.index] as PooledCandidate;
    view.queuedJobs++;
    view.queuedNodes += job.nodes;
    view.queuedNodeSeconds += job.nodes * job.walltimeS;
  }

  private publish(reports: PartitionReport[], takenS: number, queues: QueueSnapshot[] | null): void {
    if (this.published !== null) this.spareReports.push(this.published);
    this.published = reports;
    for (const p of this.partitions) {
      this.refresh(p, reports[p.index] as PartitionReport, takenS);
      if (queues !== null) (this.pool[p.index] as PooledCandidate).queueSnapshot = queues[p.index] ?? null;
    }
  }

  /** Sets a partition's candidate view from a report (the live state, or a published snapshot). */
  private refresh(p: PartitionState, report: PartitionReport, takenS: number): void {
    const view = this.pool[p.index] as PooledCandidate;
    view.freeNodes = report.freeNodes;
    view.runningNodes = p.totalNodes - report.freeNodes;
    view.runningNodeSeconds = Math.max(0, report.runningEndNodeSeconds - view.runningNodes * takenS);
    // With countOwnDecisions the dispatcher knows everything it has sent and the report says how
    // much of it has started; without, it sees the queue exactly as reported.
    const sent = this.scenario.dispatch.countOwnDecisions ? p : report;
    view.queuedJobs = sent.sentJobs - report.startedJobs;
    view.queuedNodes = sent.sentNodes - report.startedNodes;
    view.queuedNodeSeconds = sent.sentNodeSeconds - report.startedNodeSeconds;
    view.viewTakenS = takenS;
  }
}

function report(p: PartitionState): PartitionReport {
  const r: PartitionReport = {
    freeNodes: 0,
    sentJobs: 0,
    sentNodes: 0,
    sentNodeSeconds: 0,
    startedJobs: 0,
    startedNodes: 0,
    startedNodeSeconds: 0,
    runningEndNodeSeconds: 0,
  };
  copyReport(p, r);
  return r;
}

/** A partition's view before any job: the fixed fields, and zeros the simulation fills in. */
function emptyView(scenario: Scenario, p: PartitionState): PooledCandidate {
  const centre = scenario.centres[p.centre];
  return {
    index: p.index,
    centre: p.centre,
    partition: p.partitionIndex,
    centreId: centre?.id ?? '',
    partitionId: p.spec.id,
    siteId: centre?.siteId ?? '',
    gpuModel: p.spec.gpuModel,
    cpuModel: p.spec.cpuModel,
    totalNodes: p.totalNodes,
    speed: p.spec.speed,
    walltimeS: 0,
    nodesNeeded: 0,
    freeNodes: 0,
    runningNodes: 0,
    runningNodeSeconds: 0,
    queuedJobs: 0,
    queuedNodes: 0,
    queuedNodeSeconds: 0,
    maxQueuedJobs: p.spec.maxQueuedJobs,
    expectedWaitS: 0,
    powerW: 0,
    energyKWh: Number.NaN,
    costCny: Number.NaN,
    co2Kg: Number.NaN,
    stageInS: 0,
    bytesToMove: 0,
    originLatencyS: 0,
    viewTakenS: 0,
    queueSnapshot: null,
  };
}

/** A copy of a partition's running jobs (by estimated end) and queue at `takenS`, for queue-replaying policies. */
function snapshotQueue(p: PartitionState, takenS: number): QueueSnapshot {
  return {
    takenS,
    freeNodes: p.freeNodes,
    runningNodes: Float64Array.from(p.running, (j) => j.nodes),
    runningEndS: Float64Array.from(p.running, (j) => j.startS + j.walltimeS),
    queuedNodes: Float64Array.from(p.queue, (j) => j.nodes),
    queuedWalltimeS: Float64Array.from(p.queue, (j) => j.walltimeS),
  };
}

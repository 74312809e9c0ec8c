import type { JobSpec } from '../model/job.js';

/** One partition a job may run on, as the dispatcher's (possibly stale) view shows it. */
export interface CandidateView {
  readonly centre: number;
  readonly partition: number;
  readonly centreId: string;
  readonly partitionId: string;
  readonly siteId: string;
  readonly totalNodes: number;
  /** Nodes this job would occupy there. */
  readonly nodesNeeded: number;
  readonly speed: number;
  /** Free nodes at the time of the view. */
  readonly freeNodes: number;
  /** Nodes of running jobs at the time of the view. */
  readonly runningNodes: number;
  /**
   * Nodes waiting in the queue at the time of the view, plus the nodes of the jobs this
   * dispatcher has sent there since (it knows its own decisions).
   */
  readonly queuedNodes: number;
  /** Σ nodes × walltime of the waiting jobs (same rule as `queuedNodes`), node-seconds. */
  readonly queuedNodeSeconds: number;
  /** Time to move the job's input there at the current model of the network, seconds. */
  readonly stageInS: number;
  /** Time the information was taken at the centre, seconds (the current time for a live view). */
  readonly viewTakenS: number;
}

/** The national dispatcher's policy: picks one of the eligible candidates. */
export interface DispatchPolicy {
  /**
   * @param candidates eligible partitions (never empty), in scenario order. The views are
   *   reused by the engine after the call: read them, do not keep them.
   * @returns the position in `candidates` of the chosen partition
   */
  choose(job: JobSpec, candidates: readonly CandidateView[], nowS: number): number;
}

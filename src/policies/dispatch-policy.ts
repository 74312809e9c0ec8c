import type { JobSpec } from '../model/job.js';

/**
 * One partition a job may run on, as the dispatcher's (possibly stale) view shows it, with the
 * job-dependent figures the engine computed for this job. Everything a dispatch policy may know
 * is here: a policy that needs more asks for a new field, it does not reach into the engine.
 *
 * Staleness: the centre figures (`freeNodes`, `runningNodes`, `runningNodeSeconds`, and the
 * reported part of the queue figures) are as the centre reported them at `viewTakenS` (refreshed
 * every `dispatch.infoPeriod`, published `dispatch.infoDelay` later). With
 * `dispatch.countOwnDecisions` (the default) the queue figures also include every job the
 * dispatcher sent there since; without it they are exactly the report. The network figures
 * (`stageInS`) are computed now from the transfer model.
 */
export interface CandidateView {
  /** Position of the partition among all partitions of the scenario (stable for a run). */
  readonly index: number;
  /** Centre position in the scenario. */
  readonly centre: number;
  /** Partition position within its centre. */
  readonly partition: number;
  readonly centreId: string;
  readonly partitionId: string;
  readonly siteId: string;
  /** Accelerator model ('' for a CPU partition) and CPU model ('' when not given). */
  readonly gpuModel: string;
  readonly cpuModel: string;
  readonly totalNodes: number;
  /** Nodes this job would occupy there. */
  readonly nodesNeeded: number;
  /** Relative speed of this job there (speed table for its class, else the partition speed). */
  readonly speed: number;
  /** The job's requested walltime at this speed, seconds: the runtime estimate a dispatcher may use. */
  readonly walltimeS: number;
  /** Free nodes at the time of the view. */
  readonly freeNodes: number;
  /** Nodes of running jobs at the time of the view. */
  readonly runningNodes: number;
  /** Σ nodes × remaining walltime of the running jobs at the time of the view, node-seconds. */
  readonly runningNodeSeconds: number;
  /** Jobs waiting (sent, not started): reported, plus own decisions since when counted. */
  readonly queuedJobs: number;
  /** Nodes waiting, same rule as `queuedJobs`. */
  readonly queuedNodes: number;
  /** Σ nodes × walltime of the waiting jobs (same rule as `queuedJobs`), node-seconds. */
  readonly queuedNodeSeconds: number;
  /** Most jobs the partition accepts waiting (Infinity = no limit); beyond it a job is refused. */
  readonly maxQueuedJobs: number;
  /**
   * Estimated wait before this job could start there, seconds: 0 if it fits in the free nodes
   * left after the queued ones (`freeNodes − queuedNodes ≥ nodesNeeded`), otherwise the work
   * ahead spread over the whole partition, `(runningNodeSeconds + queuedNodeSeconds) / totalNodes`,
   * minus the age of the view (at least 0).
   */
  readonly expectedWaitS: number;
  /** Time to move the job's input there at the current model of the network, seconds. */
  readonly stageInS: number;
  /** Bytes the job would move between sites: input (unless the data is there) + output (unless the origin is there). */
  readonly bytesToMove: number;
  /** One-way route latency between the job's origin and the centre, seconds (0 at the origin's site). */
  readonly originLatencyS: number;
  /**
   * IT power of the job there while it runs, W: the idle power of its nodes plus the busy share
   * of their cores and GPUs up to peak (the partition's power model).
   */
  readonly powerW: number;
  /**
   * Facility energy (kWh), electricity cost (CNY) and carbon (kg CO2) of running the job there
   * for its walltime from its expected start (now + stageInS + expectedWaitS), at the centre's
   * PUE, price and carbon of those hours. NaN unless the policy sets `needsEnergy`.
   */
  readonly energyKWh: number;
  readonly costCny: number;
  readonly co2Kg: number;
  /** Time the information was taken at the centre, seconds (the current time for a live view). */
  readonly viewTakenS: number;
  /**
   * The partition's running jobs and queue as reported at `viewTakenS`, for policies that
   * replay the queue; present only when the dispatch policy sets `needsQueueSnapshots`
   * (copying queues costs time), null otherwise.
   */
  readonly queueSnapshot: QueueSnapshot | null;
}

/** A partition's running jobs and waiting queue at the time of the view (on-partition walltimes). */
export interface QueueSnapshot {
  /**
   * When the queue was copied, in seconds: the decision time for a live view (`infoPeriod: 0`),
   * the snapshot's time for a published one. A replay starts here.
   */
  readonly takenS: number;
  readonly freeNodes: number;
  /** Running jobs: nodes and estimated end (start + walltime), ordered by estimated end. */
  readonly runningNodes: Float64Array;
  readonly runningEndS: Float64Array;
  /** Waiting jobs in queue order: nodes and walltime. */
  readonly queuedNodes: Float64Array;
  readonly queuedWalltimeS: Float64Array;
}

/**
 * What a dispatch policy sees of a job: the submission without its actual runtime (a hub only
 * knows the requested walltime). The engine passes the job spec typed as this.
 */
export type DispatchJob = Omit<JobSpec, 'runtimeS'>;

/** The national dispatcher's policy: picks one of the eligible candidates. */
export interface DispatchPolicy {
  /**
   * @param job the job as submitted (its `walltimeS` is at reference speed; see each
   *   candidate's `walltimeS`). Never its actual runtime: a policy sees what a hub sees.
   * @param candidates eligible partitions (never empty), in scenario order: each one can run
   *   the job (kind, GPU model, memory, software, size). The views are reused by the engine
   *   after the call: read them, do not keep them.
   * @returns the position in `candidates` of the chosen partition
   */
  choose(job: DispatchJob, candidates: readonly CandidateView[], nowS: number): number;
  /** Set when the policy reads `queueSnapshot`: the engine then copies the queues with each view. */
  readonly needsQueueSnapshots?: boolean;
  /** Set when the policy reads `energyKWh`, `costCny` or `co2Kg`: the engine computes them only then. */
  readonly needsEnergy?: boolean;
  /**
   * Set to false by a policy that reads none of `stageInS`, `bytesToMove`, `originLatencyS`,
   * `expectedWaitS` and `powerW`: the engine then does not compute them (they are NaN) unless
   * it needs them itself (`needsEnergy`, temporal shifting). Default true.
   */
  readonly needsEstimates?: boolean;
  /**
   * Set by a policy that decides every ready job of an instant at once (an external decision
   * process: one message per instant). The engine then calls {@link gather} for each ready job,
   * in order, with candidates as they are before any of the instant's jobs is sent, then
   * {@link decideGathered} once, and applies each choice as it applies a {@link choose}'s.
   */
  gather?(job: DispatchJob, candidates: readonly CandidateView[], nowS: number): void;
  /** The positions chosen for the gathered jobs, in gathering order (then the gathered list is empty). */
  decideGathered?(nowS: number): readonly number[];
  /** The run is over (or failed): release what the policy holds (an external process). */
  close?(): void;
}

/** The job estimates of a candidate: what a policy with `needsEstimates: false` never reads. */
export const ESTIMATE_FIELDS = ['stageInS', 'bytesToMove', 'originLatencyS', 'expectedWaitS', 'powerW'] as const satisfies readonly (keyof CandidateView)[];

/**
 * Marks a policy instance as reading no job estimate (`needsEstimates: false`) with a property a
 * spread does not copy: a plug-in that builds its policy as `{ ...builtIn, choose }` reads what
 * its own `choose` reads, so it gets the estimates unless it says otherwise itself.
 */
export function readsNoEstimates<T extends DispatchPolicy>(policy: T): T {
  return Object.defineProperty(policy, 'needsEstimates', { value: false, enumerable: false });
}

/** The estimated completion time there, relative to now: stage-in + expected wait + walltime. */
export function expectedCompletionS(c: CandidateView): number {
  return c.stageInS + c.expectedWaitS + c.walltimeS;
}

/** Occupancy there counting this job: (running + queued + needed nodes) / total nodes. */
export function loadWith(c: CandidateView): number {
  return (c.runningNodes + c.queuedNodes + c.nodesNeeded) / c.totalNodes;
}

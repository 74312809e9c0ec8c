import type { Job } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { TransferNetwork } from '../network/transfer-network.js';
import type { DispatchPolicyDefinition, QueuePolicyDefinition } from '../policies/define-policy.js';
import type { JobSink } from './job-sink.js';
import type { PartitionState } from './partition-state.js';

// What a run takes (policies, options) and gives back (RunResult): the types of simulation.ts's
// interface, apart from the class that runs it.

/** How a run resolves policy names (built-ins) and plug-in modules (loaded by the runner). */
export interface PolicyResolver {
  queue(name: string): QueuePolicyDefinition | undefined;
  dispatch(name: string): DispatchPolicyDefinition | undefined;
  /** The dispatch policy a plug-in module (absolute path) exports, already loaded and checked. */
  dispatchModule?(path: string): DispatchPolicyDefinition | undefined;
}

export interface RunOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Stop the run at this simulated time; jobs not done by then are `unfinished`. */
  readonly untilS?: number;
  /** Called about every `progressEvery` events with the number of finished jobs, the simulated time and the events so far. */
  readonly onProgress?: (finishedJobs: number, submittedJobs: number, nowS: number, events: number) => void;
  readonly progressEvery?: number;
  /**
   * Receives each job as it leaves the system (see {@link JobSink}); the run then forgets it, so
   * memory follows the jobs in the system. Without a sink the run keeps every job for
   * {@link RunResult.jobs} and {@link RunResult.retired}.
   */
  readonly sink?: JobSink;
  /**
   * Give each job concrete node ids in its partition (`Job.nodeIds`, see node-placement.ts), for
   * exports that name nodes (`--export batsim`). Changes nothing else the run reports.
   */
  readonly placement?: boolean;
}

/** Everything a run produced, in memory, for the reports. */
export interface RunResult {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Every job of the run in submission order; empty when the run streamed them to a sink. */
  readonly jobs: readonly Job[];
  /**
   * The same jobs in the order they left the system (the order a sink receives them and of
   * jobs.csv): done or rejected, in event order; then those still in the system when the run
   * ended, in submission order. Empty when the run streamed them to a sink.
   */
  readonly retired: readonly Job[];
  /** Jobs submitted (streamed or kept). */
  readonly jobCount: number;
  readonly partitions: readonly PartitionState[];
  /** The network with its per-link accounting (bytes, busy time, windows) up to `endS`. */
  readonly network: TransferNetwork;
  /** Transfers still waiting for a route when the run ended (links down). */
  readonly waitingTransfers: number;
  /** Per link: seconds down from 0 to the end of the run (scheduled windows and failures), and random failures. */
  readonly linkDownS: Float64Array;
  readonly linkFailures: Float64Array;
  /**
   * Time the run stopped: its last instant, or `untilS` when it cut the run short with events
   * left (0 when nothing happened).
   */
  readonly endS: number;
  readonly events: number;
  /** Rejected jobs per reason. */
  readonly rejections: ReadonlyMap<string, number>;
  /** Dispatch decisions refused by a full queue (each attempt counts; see `dispatch.retry`). */
  readonly refusals: number;
}

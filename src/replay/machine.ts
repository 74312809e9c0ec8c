import { advanceJob, Job, JobStatus, type JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { QueuePolicy } from '../policies/queue-policy.js';
import { FlowNetwork } from '../network/flow-network.js';
import { PartitionState } from '../sim/partition-state.js';
import type { RunResult } from '../sim/simulation.js';
import { type ReplayJob, traceJobSpec } from '../workload/swf-convert.js';

/** Site id of the trace's users in a replay (every job's origin). */
export const REPLAY_SITE = 'trace';
/** Centre and partition ids of the replayed machine. */
export const REPLAY_CENTRE = 'machine';
export const REPLAY_PARTITION = 'all';

/** The machine a trace is replayed on. */
export interface ReplayMachine {
  /** Nodes (= processors unless `procsPerNode` > 1). */
  readonly nodes: number;
  /** Processors per node (1 except in `rlscheduler` mode on traces with MaxProcs ≠ MaxNodes). */
  readonly procsPerNode: number;
}

/**
 * The scenario of a replay: one centre at the trace's site with one partition of `nodes` nodes
 * of `procsPerNode` cores, no links, a live zero-latency dispatcher (so a job joins the queue
 * at its submit time) and the given queue policy.
 */
export function replayScenario(
  name: string,
  machine: ReplayMachine,
  policy: string,
  policyOptions: Readonly<Record<string, unknown>>,
): Scenario {
  return {
    version: 1,
    name,
    description: `replay of an SWF trace on ${machine.nodes * machine.procsPerNode} processors`,
    seed: 1,
    horizonS: Number.POSITIVE_INFINITY,
    sites: [{ id: REPLAY_SITE, name: REPLAY_SITE, region: '', latDeg: 0, lonDeg: 0 }],
    regions: [],
    centres: [
      {
        id: REPLAY_CENTRE,
        name: REPLAY_CENTRE,
        siteId: REPLAY_SITE,
        region: '',
        estimate: false,
        notes: '',
        partitions: [
          {
            id: REPLAY_PARTITION,
            nodes: machine.nodes,
            coresPerNode: machine.procsPerNode,
            gpusPerNode: 0,
            gpuModel: '',
            cpuModel: '',
            software: [],
            maxQueuedJobs: Number.POSITIVE_INFINITY,
            memoryPerNodeBytes: 0,
            speed: 1,
            idlePowerPerNodeW: 0,
            peakPowerPerNodeW: 0,
            gpuIdlePowerPerNodeW: 0,
            gpuPeakPowerPerNodeW: 0,
          },
        ],
        queue: { policy, options: policyOptions },
        software: [],
      },
    ],
    links: [],
    routes: [],
    datasets: [],
    flowCapBps: Number.POSITIVE_INFINITY,
    dispatch: {
      policy: 'least-loaded',
      module: '',
      options: {},
      latencyS: 0,
      infoPeriodS: 0,
      infoDelayS: 0,
      batchIntervalS: 0,
      countOwnDecisions: true,
      retryBackoffS: 0,
      maxAttempts: 1,
      shift: 'none',
      downS: [],
      fallback: 'hold',
    },
    speeds: {},
    workload: [],
    // A trace machine has no power figures: nothing to account.
    energy: { accounting: false, startMonth: 1 },
    report: { utilizationWindowS: 3600 },
    // A replayed machine never fails.
    retry: { policy: 'none', maxAttempts: 1, delayS: 0 },
    checkpoint: {},
  };
}

/** The job spec of a trace job (no data, class `swf`, cores = processors). */
export function replayJobSpec(job: ReplayJob): JobSpec {
  return traceJobSpec(job, { origin: REPLAY_SITE, dataSite: REPLAY_SITE, jobClass: 'swf', submitS: job.submitS });
}

/** The partition state object of a compatibility simulator (so the normal reports apply). */
export function replayPartition(scenario: Scenario, policy: QueuePolicy): PartitionState {
  const centre = scenario.centres[0];
  const spec = centre?.partitions[0];
  if (centre === undefined || spec === undefined) throw new Error('replay scenario without a partition');
  // No job runs on it (the replay keeps its own running set): no jobs by slot.
  return new PartitionState(0, 0, 0, spec, policy, `${centre.id}/${spec.id}`, []);
}

/** Marks a job queued at its submit time (dispatch and stage-in take no time in a replay). */
export function queueJob(job: Job, nodes: number): void {
  advanceJob(job, JobStatus.Dispatched);
  job.dispatchedS = job.spec.submitS;
  job.centre = 0;
  job.partition = 0;
  job.nodes = nodes;
  advanceJob(job, JobStatus.Queued);
  job.queuedS = job.spec.submitS;
}

/** Marks a queued job running from `startS` for `runS` seconds. */
export function startJob(job: Job, startS: number, runS: number, killed: boolean): void {
  advanceJob(job, JobStatus.Running);
  job.startS = startS;
  job.runS = runS;
  job.killed = killed;
}

/** Marks a running job ended and done at `endS`. */
export function endJob(job: Job, endS: number): void {
  advanceJob(job, JobStatus.Ended);
  job.endS = endS;
  advanceJob(job, JobStatus.Done);
  job.doneS = endS;
}

/** Wraps the jobs of a compatibility simulator as a {@link RunResult} for the reports. */
export function compatRunResult(scenario: Scenario, jobs: Job[], partition: PartitionState, endS: number, events: number): RunResult {
  return {
    scenario,
    seed: scenario.seed,
    jobs,
    retired: jobs,
    jobCount: jobs.length,
    partitions: [partition],
    network: new FlowNetwork(new Float64Array(0), Number.POSITIVE_INFINITY, scenario.report.utilizationWindowS),
    waitingTransfers: 0,
    linkDownS: new Float64Array(0),
    linkFailures: new Float64Array(0),
    endS,
    events,
    rejections: new Map(),
    refusals: 0,
  };
}


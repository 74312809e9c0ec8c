/** A job as submitted (from a trace, a jobs file or a generator). Times in seconds. */
export interface JobSpec {
  readonly id: string;
  readonly submitS: number;
  /** Site id where the user (and by default the data) is. */
  readonly origin: string;
  readonly jobClass: string;
  readonly cores: number;
  readonly gpus: number;
  /** Actual runtime at reference speed 1.0, in seconds (> 0). */
  readonly runtimeS: number;
  /** Requested walltime (the user's estimate; schedulers only see this), in seconds (> 0). */
  readonly walltimeS: number;
  readonly inputBytes: number;
  readonly outputBytes: number;
  /** Site id where the input lives. */
  readonly dataSite: string;
}

/** Lifecycle of a job (DESIGN §3). Transitions only go forward; see {@link advanceJob}. */
export const JobStatus = {
  Pending: 0,
  Dispatched: 1,
  Queued: 2,
  Running: 3,
  Ended: 4,
  Done: 5,
  Rejected: 6,
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

const statusNames = ['pending', 'dispatched', 'queued', 'running', 'ended', 'done', 'rejected'] as const;

/** A job inside a run: its spec, where it went, and the times of its lifecycle (NaN = not yet). */
export class Job {
  status: JobStatus = JobStatus.Pending;
  centre = -1;
  partition = -1;
  /** Nodes occupied on the chosen partition. */
  nodes = 0;
  /** Runtime actually simulated on the chosen partition: min(runtime / speed, walltime). */
  runS = Number.NaN;
  killed = false;
  dispatchedS = Number.NaN;
  queuedS = Number.NaN;
  startS = Number.NaN;
  endS = Number.NaN;
  doneS = Number.NaN;
  stageInS = 0;
  stageOutS = 0;
  rejectReason = '';
  /** Engine bookkeeping: position in its partition's running list while running. */
  slot = -1;
  /** Position of the job in the run's job list (the tie-break everywhere). */
  readonly index: number;
  readonly spec: JobSpec;

  constructor(index: number, spec: JobSpec) {
    this.index = index;
    this.spec = spec;
    this.walltimeS = spec.walltimeS;
  }

  /**
   * The walltime on the chosen partition, in seconds: the requested walltime (stated at the
   * reference speed 1.0) divided by the partition's speed, since the hub translates a request
   * when it sends a job to a slower or faster machine. Schedulers see this; the job is killed
   * when it reaches it. Equals the request until the job is dispatched.
   */
  walltimeS: number;

  /** Human-readable status name. */
  get statusName(): string {
    return statusNames[this.status];
  }
}

/**
 * Moves a job to its next lifecycle state.
 * @throws Error on an illegal transition (a bug in the engine or a policy, never bad input)
 */
export function advanceJob(job: Job, to: JobStatus): void {
  const from = job.status;
  const legal =
    (to === JobStatus.Rejected && from === JobStatus.Pending) || (to === from + 1 && to <= JobStatus.Done);
  if (!legal) {
    throw new Error(`job ${job.spec.id}: illegal transition ${statusNames[from]} → ${statusNames[to]}`);
  }
  job.status = to;
}

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
  /**
   * A dataset of the scenario's catalogue the job reads (its size is `inputBytes`); stage-in then
   * comes from whichever replica would finish soonest, instead of `dataSite`.
   */
  readonly dataset?: string;
  /** Response-time target (done − submit) in seconds, for latency-sensitive jobs; absent or Infinity = none. */
  readonly deadlineS?: number;
  /**
   * How long the hub may hold the job for a cheaper or greener hour (temporal shifting, with
   * `dispatch.shift`), seconds; absent or 0 = never held. Never past `deadlineS` − walltime.
   */
  readonly slackS?: number;
  /** The job may run only where the route to its origin is at most this long (one way, seconds); absent = anywhere. */
  readonly maxLatencyS?: number;
  /** Accepted GPU models (partition `gpuModel`); absent or empty = any. */
  readonly gpuModels?: readonly string[];
  /** Minimum memory per node in bytes; absent or 0 = any. */
  readonly minMemoryPerNodeBytes?: number;
  /** Software stack tags the partition must offer (all of them); absent = none. */
  readonly software?: readonly string[];
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
  /** Killed by failures more times than its attempts allow (see `retry`). */
  Failed: 7,
} as const;
export type JobStatus = (typeof JobStatus)[keyof typeof JobStatus];

const statusNames = ['pending', 'dispatched', 'queued', 'running', 'ended', 'done', 'rejected', 'failed'] as const;

/** A run of a job that a failure cut short: where and when it held nodes (for utilization, energy and lost work). */
export interface LostAttempt {
  readonly partition: number;
  readonly centre: number;
  readonly nodes: number;
  /** Start of the run (after any wake-up of switched-off nodes), and the kill. */
  readonly startS: number;
  readonly endS: number;
  readonly wakeS: number;
  readonly wokenNodes: number;
}

/**
 * The numeric lifecycle fields of the jobs of a run: one record of {@link JOB_FIELDS} doubles
 * per slot, in one typed array.
 *
 * Kept out of the {@link Job} objects because V8 boxes each double field of an object in a heap
 * number of its own: with nine of them per job, a 10^6-job run carried 9 × 10^6 extra objects
 * for the garbage collector to trace. Here they are 136 bytes per job in one flat array, a job's
 * fields side by side (three cache lines, where an array per field spread them over seventeen).
 *
 * A streamed run {@link release}s a job's slot once its record is written, and the next job
 * takes it: the table then holds the jobs in the system, not the jobs of the run.
 */
export class JobTable {
  /** Slot s's fields at [s · JOB_FIELDS, (s + 1) · JOB_FIELDS), at the offsets of {@link F}. */
  data: Float64Array;
  private capacity: number;
  private readonly free: number[] = [];
  private used = 0;

  constructor(capacity = 1024) {
    this.capacity = Math.max(1, capacity);
    this.data = new Float64Array(this.capacity * JOB_FIELDS);
  }

  /** Slots in use (allocated and not released). */
  get live(): number {
    return this.used - this.free.length;
  }

  /** A slot with every time NaN (not yet) and every amount 0; the lowest free one is not promised. */
  alloc(walltimeS: number): number {
    let slot = this.free.pop();
    if (slot === undefined) {
      slot = this.used++;
      if (slot >= this.capacity) this.grow(2 * this.capacity);
    }
    const d = this.data;
    const at = slot * JOB_FIELDS;
    d[at + F.walltimeS] = walltimeS;
    d[at + F.runS] = Number.NaN;
    d[at + F.startS] = Number.NaN;
    d[at + F.endS] = Number.NaN;
    d[at + F.dispatchedS] = Number.NaN;
    d[at + F.queuedS] = Number.NaN;
    d[at + F.doneS] = Number.NaN;
    d[at + F.speed] = Number.NaN;
    d[at + F.stageInBytes] = 0;
    d[at + F.stageOutBytes] = 0;
    d[at + F.wakeS] = 0;
    d[at + F.wokenNodes] = 0;
    d[at + F.shiftS] = 0;
    d[at + F.lostNodeS] = 0;
    d[at + F.savedRefS] = 0;
    d[at + F.checkpointNodeS] = 0;
    d[at + F.intervalS] = Number.NaN;
    return slot;
  }

  /** Gives a slot back: its job must not be read again. */
  release(slot: number): void {
    this.free.push(slot);
  }

  private grow(capacity: number): void {
    const data = new Float64Array(capacity * JOB_FIELDS);
    data.set(this.data);
    this.data = data;
    this.capacity = capacity;
  }
}

/** Offsets of a job's fields in its {@link JobTable} record (the ones read together side by side). */
const F = {
  walltimeS: 0,
  runS: 1,
  startS: 2,
  endS: 3,
  dispatchedS: 4,
  queuedS: 5,
  doneS: 6,
  speed: 7,
  stageInBytes: 8,
  stageOutBytes: 9,
  wakeS: 10,
  wokenNodes: 11,
  shiftS: 12,
  lostNodeS: 13,
  savedRefS: 14,
  checkpointNodeS: 15,
  intervalS: 16,
} as const;
/** Doubles per job in a {@link JobTable}. */
const JOB_FIELDS = 17;

/** The jobs of a run, in order, sharing one {@link JobTable} (slot = index). */
export function createJobs(specs: readonly JobSpec[]): Job[] {
  const table = new JobTable(specs.length);
  return specs.map((spec, i) => new Job(i, spec, table));
}

/** A job inside a run: its spec, where it went, and the times of its lifecycle (NaN = not yet). */
export class Job {
  status: JobStatus = JobStatus.Pending;
  centre = -1;
  partition = -1;
  /** Nodes occupied on the chosen partition. */
  nodes = 0;
  killed = false;
  rejectReason = '';
  /** Site the input was read from (a dataset replica or the data site); '' before dispatch. */
  dataSource = '';
  /** Times the dispatcher's chosen queue was full for this job (see `dispatch.retry`). */
  refusedAttempts = 0;
  /** Whether its temporal shift was decided (only with `dispatch.shift`). */
  shiftDecided = false;
  /** Times the job started (a failure that kills it may give it another attempt). */
  attempts = 0;
  /** The runs failures cut short, oldest first (null: none). */
  lostAttempts: LostAttempt[] | null = null;
  /** Input bytes moved for earlier dispatches of a job sent back to the dispatcher (see {@link returnJob}). */
  earlierStageInBytes = 0;
  /**
   * The nodes of its partition it held in its last run, as intervals flattened [start, end, …]
   * (ends exclusive); null without node placement (`RunOptions.placement`) or before it started.
   */
  nodeIds: Int32Array | null = null;
  /** While it runs on a partition whose running set is kept unordered: its entry there (see PartitionState). */
  runAt = -1;
  /** Position of the job in the run's submission order (the tie-break everywhere). */
  readonly index: number;
  /** Its row in the {@link JobTable}, and where the row's fields begin there. */
  readonly slot: number;
  private readonly at: number;
  readonly spec: JobSpec;
  private readonly table: JobTable;

  constructor(index: number, spec: JobSpec, table: JobTable) {
    this.index = index;
    this.spec = spec;
    this.table = table;
    this.slot = table.alloc(spec.walltimeS);
    this.at = this.slot * JOB_FIELDS;
  }

  /**
   * The walltime on the chosen partition, in seconds: the requested walltime (stated at the
   * reference speed 1.0) divided by the partition's speed, since the hub translates a request
   * when it sends a job to a slower or faster machine. Schedulers see this; the job is killed
   * when it reaches it. Equals the request until the job is dispatched.
   */
  get walltimeS(): number {
    return this.table.data[this.at + F.walltimeS] as number;
  }
  set walltimeS(value: number) {
    this.table.data[this.at + F.walltimeS] = value;
  }
  /** Runtime actually simulated on the chosen partition: min(runtime, walltime) / speed. */
  get runS(): number {
    return this.table.data[this.at + F.runS] as number;
  }
  set runS(value: number) {
    this.table.data[this.at + F.runS] = value;
  }
  get dispatchedS(): number {
    return this.table.data[this.at + F.dispatchedS] as number;
  }
  set dispatchedS(value: number) {
    this.table.data[this.at + F.dispatchedS] = value;
  }
  get queuedS(): number {
    return this.table.data[this.at + F.queuedS] as number;
  }
  set queuedS(value: number) {
    this.table.data[this.at + F.queuedS] = value;
  }
  get startS(): number {
    return this.table.data[this.at + F.startS] as number;
  }
  set startS(value: number) {
    this.table.data[this.at + F.startS] = value;
  }
  get endS(): number {
    return this.table.data[this.at + F.endS] as number;
  }
  set endS(value: number) {
    this.table.data[this.at + F.endS] = value;
  }
  get doneS(): number {
    return this.table.data[this.at + F.doneS] as number;
  }
  set doneS(value: number) {
    this.table.data[this.at + F.doneS] = value;
  }
  /** Input transfer time: queuedS − dispatchedS (NaN until the input arrived). */
  get stageInS(): number {
    return this.queuedS - this.dispatchedS;
  }
  /** Output transfer time: doneS − endS (NaN until the output arrived). */
  get stageOutS(): number {
    return this.doneS - this.endS;
  }
  /** Bytes actually moved between sites for the input (0 when already at the centre). */
  get stageInBytes(): number {
    return this.table.data[this.at + F.stageInBytes] as number;
  }
  set stageInBytes(value: number) {
    this.table.data[this.at + F.stageInBytes] = value;
  }
  /** Bytes actually moved back to the origin (0 when the centre is at the origin). */
  get stageOutBytes(): number {
    return this.table.data[this.at + F.stageOutBytes] as number;
  }
  set stageOutBytes(value: number) {
    this.table.data[this.at + F.stageOutBytes] = value;
  }

  /**
   * Relative speed of the job on its partition (NaN until dispatched): the speed-table entry for
   * its class and the partition's device model, else the partition's `speed`.
   */
  get speed(): number {
    return this.table.data[this.at + F.speed] as number;
  }
  set speed(value: number) {
    this.table.data[this.at + F.speed] = value;
  }

  /**
   * Boot time of switched-off nodes the job had to wait for, seconds: its nodes are allocated
   * from startS − wakeS (0 when none was off).
   */
  get wakeS(): number {
    return this.table.data[this.at + F.wakeS] as number;
  }
  set wakeS(value: number) {
    this.table.data[this.at + F.wakeS] = value;
  }
  /** Switched-off nodes the job woke up (each draws the partition's wake-up energy). */
  get wokenNodes(): number {
    return this.table.data[this.at + F.wokenNodes] as number;
  }
  set wokenNodes(value: number) {
    this.table.data[this.at + F.wokenNodes] = value;
  }
  /** How long the hub held the job for a cheaper or greener hour (temporal shifting), seconds. */
  get shiftS(): number {
    return this.table.data[this.at + F.shiftS] as number;
  }
  set shiftS(value: number) {
    this.table.data[this.at + F.shiftS] = value;
  }

  /** Node-seconds of the runs failures cut short: work thrown away (nodes × time held, wake-up included). */
  get lostNodeS(): number {
    return this.table.data[this.at + F.lostNodeS] as number;
  }
  set lostNodeS(value: number) {
    this.table.data[this.at + F.lostNodeS] = value;
  }

  /** Work at reference speed kept by completed checkpoints of runs failures cut short, seconds. */
  get savedRefS(): number {
    return this.table.data[this.at + F.savedRefS] as number;
  }
  set savedRefS(value: number) {
    this.table.data[this.at + F.savedRefS] = value;
  }
  /** Node-seconds spent writing checkpoints, over all runs. */
  get checkpointNodeS(): number {
    return this.table.data[this.at + F.checkpointNodeS] as number;
  }
  set checkpointNodeS(value: number) {
    this.table.data[this.at + F.checkpointNodeS] = value;
  }
  /** Work between checkpoints in the current run, seconds (NaN: no checkpoints). */
  get intervalS(): number {
    return this.table.data[this.at + F.intervalS] as number;
  }
  set intervalS(value: number) {
    this.table.data[this.at + F.intervalS] = value;
  }

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
    (to === JobStatus.Rejected && from === JobStatus.Pending) ||
    (to === JobStatus.Failed && from === JobStatus.Running) ||
    (to === from + 1 && to <= JobStatus.Done);
  if (!legal) {
    throw new Error(`job ${job.spec.id}: illegal transition ${statusNames[from]} → ${statusNames[to]}`);
  }
  job.status = to;
}

/**
 * The one way back in the lifecycle: a job handed back by an abrupt outage or killed by a
 * failure goes to the dispatcher again (`Pending`) or, killed, back into its partition's queue
 * (`Queued`). Its times of the interrupted attempt are cleared; `attempts` and the lost work stay.
 */
export function returnJob(job: Job, to: typeof JobStatus.Pending | typeof JobStatus.Queued): void {
  const from = job.status;
  const legal = to === JobStatus.Pending ? from >= JobStatus.Dispatched && from <= JobStatus.Running : from === JobStatus.Running;
  if (!legal) throw new Error(`job ${job.spec.id}: illegal return ${statusNames[from]} → ${statusNames[to]}`);
  job.status = to;
  job.startS = Number.NaN;
  job.runS = Number.NaN;
  job.endS = Number.NaN;
  job.wakeS = 0;
  job.wokenNodes = 0;
  if (to === JobStatus.Pending) {
    // Its input did reach the centre it leaves (it goes back only once it arrived): the bytes stay moved.
    job.earlierStageInBytes += job.stageInBytes;
    job.dispatchedS = Number.NaN;
    job.queuedS = Number.NaN;
    job.stageInBytes = 0;
  }
}

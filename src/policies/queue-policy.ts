/** What a queue policy may read of a job (waiting or running). */
export interface JobView {
  /** Position in the run's job list: the stable id to return in decisions. */
  readonly index: number;
  /** Nodes the job occupies on this partition. */
  readonly nodes: number;
  /** Requested walltime in seconds (the only duration a scheduler may use). */
  readonly walltimeS: number;
  /** When the job joined this queue (input arrived), seconds. */
  readonly queuedS: number;
  /** Start time (NaN while waiting). */
  readonly startS: number;
}

/** The state of one partition at a scheduling instant. Policies must not mutate it. */
export interface PartitionView {
  readonly totalNodes: number;
  readonly freeNodes: number;
  /** Waiting jobs in queue order (time of arrival at the centre, then arrival sequence). */
  readonly queue: readonly JobView[];
  /**
   * Running jobs ordered by estimated end (startS + walltimeS, ascending), then job index: the
   * order in which a reservation profile is built.
   */
  readonly running: readonly JobView[];
}

/**
 * A local batch scheduler. Called once per scheduling instant of its partition; it only decides.
 * The engine checks every decision (the job is waiting here, it fits in the free nodes, it is
 * not started twice) and applies it.
 */
export interface QueuePolicy {
  /** Pushes onto `starts` the `index` of each waiting job to start now, in start order. */
  decide(view: PartitionView, nowS: number, starts: number[]): void;
  /**
   * Set by a policy that decides every partition of an instant at once (an external decision
   * process): the engine calls it for each partition it will ask at `nowS`, in partition order,
   * before the first {@link decide} of the instant.
   */
  gather?(view: PartitionView, partition: number, nowS: number): void;
  /** The run is over (or failed): release what the policy holds (an external process). */
  close?(): void;
}

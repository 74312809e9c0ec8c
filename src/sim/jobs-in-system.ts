import { objectArray } from '../engine/arrays.js';
import { IntMap } from '../engine/int-map.js';
import { Job, type JobSpec, JobStatus, JobTable } from '../model/job.js';
import type { JobStream } from '../workload/job-stream.js';
import type { JobSink } from './job-sink.js';

/**
 * The jobs of a run from the moment they are taken from the source until they leave: their
 * numeric lifecycle fields (a {@link JobTable} slot each), the job of each slot (events name
 * jobs by slot), and the slot of each job index (queue policies name jobs by index). A streamed
 * run hands each leaving job to its sink and reuses the slot, so all three follow the jobs in
 * the system; without a sink every job is kept, with the order they left in.
 */
export class JobsInSystem {
  readonly table = new JobTable();
  /** The job of each slot of {@link table}. */
  readonly bySlot: Job[] = objectArray();
  /** Without a sink: every job, and the order they left in. */
  readonly kept: Job[] = objectArray();
  readonly retired: Job[] = objectArray();
  private readonly live = new IntMap();
  /** Jobs taken from the source so far (the next job's index). */
  private taken = 0;
  /** The spec of the last job taken (its submission order is checked). */
  private lastSpec: JobSpec | undefined;

  constructor(
    private readonly source: JobStream,
    private readonly sink: JobSink | null,
  ) {}

  /** Jobs taken from the source so far. */
  get created(): number {
    return this.taken;
  }

  /** Jobs in the system now. */
  get size(): number {
    return this.live.size;
  }

  /**
   * The next job of the source, made a job of the run (in the system from now on), or undefined
   * when there is none. Checks the submission order the event loop relies on.
   */
  next(): Job | undefined {
    const spec = this.source.next();
    if (spec === undefined) return undefined;
    const previous = this.lastSpec;
    if (previous !== undefined && spec.submitS < previous.submitS) {
      throw new Error(`jobs must be in submission order (job ${spec.id} before ${previous.id}); use mergeSources`);
    }
    this.lastSpec = spec;
    const job = new Job(this.taken++, spec, this.table);
    this.bySlot[job.slot] = job;
    this.live.set(job.index, job.slot);
    if (this.sink === null) this.kept.push(job);
    return job;
  }

  /** The job in the system with this index (any value: a policy's answer), or undefined. */
  byIndex(index: number): Job | undefined {
    const slot = this.live.get(index);
    return slot < 0 ? undefined : this.bySlot[slot];
  }

  /**
   * A job leaves the system (done, rejected, or still there when the run ended): the sink takes
   * its record, then the run forgets it; without a sink it is kept.
   */
  retire(job: Job): void {
    this.live.delete(job.index);
    if (this.sink === null) {
      this.retired.push(job);
      return;
    }
    this.sink.retire(job);
    this.table.release(job.slot);
  }

  /**
   * The end of a run at `endS`: the jobs still in the system, then those never taken (a run cut
   * short), leave in submission order. A job still waking its switched-off nodes at `endS` holds
   * them but has not started: it leaves as queued (its planned start, `startS`, and its wake-up
   * stay for the energy of the boot so far).
   */
  retireAll(endS: number): void {
    for (const index of this.live.keyList().sort((a, b) => a - b)) {
      const job = this.byIndex(index) as Job;
      if (job.status === JobStatus.Running && job.startS > endS) job.status = JobStatus.Queued;
      this.retire(job);
    }
    for (let job = this.next(); job !== undefined; job = this.next()) this.retire(job);
  }
}

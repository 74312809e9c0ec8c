import { clear, objectArray } from '../engine/arrays.js';
import { EventQueue } from '../engine/event-queue.js';
import { type InstantHandlers, runInstants } from '../engine/instant-loop.js';
import { createRng } from '../engine/rng.js';
import { InputError } from '../model/input-error.js';
import { advanceJob, type Job, JobStatus } from '../model/job.js';
import { centreRates } from '../model/energy-rates.js';
import type { Scenario } from '../model/scenario.js';
import type { TransferNetwork } from '../network/transfer-network.js';
import { PolicyDecisionError } from './policy-decision-error.js';
import { PartitionState } from './partition-state.js';
import type { DispatcherView } from './dispatcher-view.js';
import { type DownWindows, downAt } from '../model/centre.js';
import { EnergyOutlook } from './energy-outlook.js';
import { DataMover, type TransferListener } from './data-mover.js';
import { IdleNodes } from './idle-nodes.js';
import { NodePlacement } from './node-placement.js';
import { NodeFailures } from './node-failures.js';
import { LinkFailures } from './link-failures.js';
import { type FailureHost, FailureHandling } from './failure-handling.js';
import { type DispatchHost, NationalDispatcher } from './national-dispatcher.js';
import { InputCache } from './input-cache.js';
import { type JobSink, type JobSource, toJobStream } from './job-sink.js';
import { JobsInSystem } from './jobs-in-system.js';
import type { PolicyResolver, RunOptions, RunResult } from './run-types.js';

const ARRIVAL = 0;
const DISPATCH = 1;
const END = 3;
const SNAPSHOT = 5;
const PUBLISH = 6;
const FLOW_START = 7;
const FLOW_DONE = 8;
const LINK_CHANGE = 9;
const BATCH = 10;
const RETRY_HELD = 11;
const CENTRE_DOWN = 12;
const CENTRE_UP = 13;
const RETURN = 14;
const NODE_EVENT = 15;
const LINK_FAIL = 16;
const LINK_REPAIR = 17;

export type { PolicyResolver, RunOptions, RunResult } from './run-types.js';

/**
 * One simulation of a scenario: national dispatcher, stage-in, local queues, stage-out.
 *
 * State changes happen in event handlers; all decisions (dispatch, then local scheduling) are
 * taken once per instant after every state change of that instant (DESIGN §4).
 */
export class Simulation implements InstantHandlers, TransferListener, FailureHost, DispatchHost {
  private readonly queue = new EventQueue(4096);
  /** The jobs taken from the source and not yet gone (events and transfers name them by slot). */
  private readonly jobs: JobsInSystem;
  /** The same jobs by slot (read by every event: kept at hand). */
  private readonly slotJobs: Job[];
  private readonly sink: JobSink | null;
  /** No job may end past this (the sink's report windows end there). */
  private readonly latestEndS: number;
  private readonly partitions: PartitionState[] = objectArray();
  /** Per centre, the indices of its partitions in {@link partitions}. */
  private readonly centrePartitions: number[][] = objectArray();
  private readonly mover: DataMover;
  private readonly pendingDispatch: Job[] = objectArray();
  /** Jobs no centre can take now because of an outage or a centre not yet open. */
  private readonly held: Job[] = objectArray();
  /** Per centre, its input cache of datasets (null: none). */
  private readonly caches: (InputCache | null)[];
  /** Jobs waiting for the next batch instant (`dispatch.batchInterval`). */
  private readonly batch: Job[] = objectArray();
  private batchScheduled = false;
  private refusals = 0;
  /** Site index of each centre. */
  private readonly centreSite: Int32Array;
  /** Activity window of each centre (commissioning, decommissioning), in seconds. */
  private readonly activeFromS: Float64Array;
  private readonly activeUntilS: Float64Array;
  private readonly downS: DownWindows[];
  /** Random node failures of the partitions that have them (null: none). */
  private readonly failures: NodeFailures | null;
  /** Random failures of the links that have them (null: none). */
  private readonly linkFailures: LinkFailures | null;
  /** What failures kill, and what becomes of the killed jobs. */
  private readonly resilience: FailureHandling;
  /** The national dispatcher (candidates, the policy's choice, sending). */
  private readonly national: NationalDispatcher;
  /** What the dispatcher knows of each partition (its candidate views). */
  private readonly view: DispatcherView;
  private readonly rejections = new Map<string, number>();
  private readonly starts: number[] = [];
  private readonly dirty: PartitionState[] = objectArray();
  private snapshotDue = false;
  /** Events applied since the last decisions (a round of an instant). */
  private roundEvents = 0;
  private finished = 0;
  private events = 0;
  /** Event count at which `options.onProgress` is called next. */
  private nextProgress = Number.POSITIVE_INFINITY;
  private readonly seed: number;

  constructor(
    private readonly scenario: Scenario,
    jobs: JobSource,
    policies: PolicyResolver,
    private readonly options: RunOptions = {},
  ) {
    checkRunOptions(options);
    this.seed = options.seed ?? scenario.seed;
    // Loops over the jobs live in functions of their own: a loop in this constructor, run once per
    // run, would have the whole constructor compiled again by stack replacement in every run of
    // a sweep worker.
    this.sink = options.sink ?? null;
    this.latestEndS = this.sink?.latestEndS ?? Number.POSITIVE_INFINITY;
    this.jobs = new JobsInSystem(toJobStream(jobs), this.sink);
    this.slotJobs = this.jobs.bySlot;
    this.mover = new DataMover(
      scenario,
      1024,
      this.queue,
      { flowStart: FLOW_START, flowDone: FLOW_DONE, linkChange: LINK_CHANGE },
      this,
      // A run cut off before the report windows' reach never gets there.
      (options.untilS ?? Number.POSITIVE_INFINITY) <= this.latestEndS ? Number.POSITIVE_INFINITY : this.latestEndS,
    );
    scenario.centres.forEach((centre, c) => {
      const indices: number[] = [];
      const definition = policies.queue(centre.queue.policy);
      if (definition === undefined) throw new Error(`centre ${centre.id}: unknown queue policy '${centre.queue.policy}'`);
      centre.partitions.forEach((partition, p) => {
        const label = `${centre.id}/${partition.id}`;
        const policy = definition.instantiate(centre.queue.options, {
          rng: createRng(this.seed, `policy/${definition.name}/${label}`),
        });
        indices.push(this.partitions.length);
        this.partitions.push(new PartitionState(this.partitions.length, c, p, partition, policy, label, this.slotJobs));
      });
      this.centrePartitions.push(indices);
    });
    // Nodes that switch off are tracked one by one, idle (and on) from the first submission.
    const first = this.jobs.next();
    const firstSubmitS = first?.spec.submitS ?? 0;
    for (const p of this.partitions) if (p.spec.powerOff !== undefined) p.idle = new IdleNodes(p.spec.nodes, firstSubmitS);
    if (options.placement === true) for (const p of this.partitions) p.placement = new NodePlacement(p.spec.nodes);
    this.centreSite = Int32Array.from(scenario.centres, (c) => this.mover.siteIndex(c.siteId));
    this.caches = scenario.centres.map((c) => (c.inputCacheBytes === undefined ? null : new InputCache(c.inputCacheBytes)));
    this.activeFromS = Float64Array.from(scenario.centres, (c) => c.activeFromS ?? 0);
    this.activeUntilS = Float64Array.from(scenario.centres, (c) => c.activeUntilS ?? Number.POSITIVE_INFINITY);
    this.downS = scenario.centres.map((c) => c.downS);
    this.national = new NationalDispatcher(
      scenario,
      this.partitions,
      this.centrePartitions,
      this.mover,
      new EnergyOutlook(scenario, centreRates(scenario), this.activeUntilS, this.downS),
      { centreSite: this.centreSite, activeFromS: this.activeFromS, activeUntilS: this.activeUntilS, downS: this.downS, caches: this.caches },
      policies,
      this.seed,
      this,
    );
    this.view = this.national.view;
    this.failures = NodeFailures.of(this.partitions, this.seed);
    this.linkFailures = LinkFailures.of(scenario.links, this.seed);
    this.resilience = new FailureHandling(scenario, this.partitions, this.centrePartitions, this.view, this.queue, this.failures, this, RETURN);
  }

  /** Runs to completion (or to `untilS`) and returns the results. */
  run(): RunResult {
    const { infoPeriodS } = this.scenario.dispatch;
    const first = this.jobs.byIndex(0);
    if (first !== undefined) {
      this.queue.push(first.spec.submitS, ARRIVAL, first.slot);
      // Centres that open or come back later may take held jobs then; an abrupt outage stops its
      // centre at its start and lets it run again at its end.
      this.scenario.centres.forEach((c, i) => {
        if ((c.activeFromS ?? 0) > 0) this.queue.push(c.activeFromS ?? 0, RETRY_HELD, 0);
        for (const w of c.downS ?? []) {
          this.queue.push(w.toS, RETRY_HELD, 0);
          if (w.abrupt !== true) continue;
          this.queue.push(w.fromS, CENTRE_DOWN, i);
          this.queue.push(w.toS, CENTRE_UP, i);
        }
      });
      // Jobs held while the dispatcher itself is down go to it when it is back.
      for (const w of this.scenario.dispatch.downS) this.queue.push(w.toS, RETRY_HELD, 0);
      if (infoPeriodS > 0) {
        this.view.publishNow(0);
        this.queue.push(0, SNAPSHOT, 0);
      }
    }
    const failures = this.failures;
    if (first !== undefined && failures !== null) {
      failures.start((atS, partition) => {
        failures.pending++;
        this.queue.push(atS, NODE_EVENT, partition);
      });
    }
    const linkFailures = this.linkFailures;
    if (first !== undefined && linkFailures !== null) {
      linkFailures.start((atS, link) => {
        linkFailures.pending++;
        this.queue.push(atS, LINK_FAIL, link);
      });
    }
    this.nextProgress = this.options.onProgress === undefined ? Number.POSITIVE_INFINITY : (this.options.progressEvery ?? 200_000);
    const lastInstantS = runInstants(this.queue, this, this.options.untilS);
    // Cut short by untilS with events left: the run (its busy nodes, flows, idle nodes) lasted to untilS.
    const untilS = this.options.untilS;
    const endS = untilS !== undefined && this.queue.size > 0 && !this.over() ? untilS : lastInstantS;
    const lastS = Number.isFinite(endS) ? endS : 0;
    failures?.close(lastS);
    for (const p of this.partitions) p.idle?.close(lastS);
    this.sink?.stop(lastS);
    this.jobs.retireAll(lastS);
    return {
      scenario: this.scenario,
      seed: this.seed,
      jobs: this.jobs.kept,
      retired: this.jobs.retired,
      jobCount: this.jobs.created,
      partitions: this.partitions,
      network: this.finishNetwork(endS),
      waitingTransfers: this.mover.waitingTransfers,
      linkDownS: this.mover.downtimeS(lastS),
      linkFailures: this.linkFailures?.failures ?? new Float64Array(this.scenario.links.length),
      endS: Number.isFinite(endS) ? endS : 0,
      events: this.events,
      rejections: this.rejections,
      refusals: this.refusals,
    };
  }

  private apply(t: number, kind: number, target: number): void {
    switch (kind) {
      case ARRIVAL: {
        const job = this.slotJobs[target] as Job;
        const next = this.jobs.next();
        if (next !== undefined) this.queue.push(next.spec.submitS, ARRIVAL, next.slot);
        const latencyS = this.scenario.dispatch.latencyS;
        if (latencyS > 0) this.queue.push(t + latencyS, DISPATCH, target);
        else this.ready(job, t);
        return;
      }
      case DISPATCH:
        this.ready(this.slotJobs[target] as Job, t);
        return;
      case BATCH:
        this.batchScheduled = false;
        for (const job of this.batch) this.pendingDispatch.push(job);
        clear(this.batch);
        return;
      case END: {
        // A job killed by a failure leaves its end event behind: it no longer matches the job.
        const job = this.slotJobs[target] as Job;
        if (job.status === JobStatus.Running && t === job.startS + job.runS) this.end(job, t);
        return;
      }
      case CENTRE_DOWN:
        this.resilience.centreDown(target, t);
        return;
      case CENTRE_UP:
        for (const pi of this.centrePartitions[target] as number[]) {
          const p = this.partitions[pi] as PartitionState;
          p.down = false;
          this.markDirty(p);
        }
        return;
      case RETURN:
        this.resilience.returned(this.slotJobs[target] as Job, t);
        return;
      case LINK_FAIL:
      case LINK_REPAIR: {
        // A fibre cut, or its repair: the link's transfers move or wait (see DataMover.setDown).
        const failing = kind === LINK_FAIL;
        this.mover.setDown(target, failing, t);
        this.releaseHeld(t);
        this.queue.push((this.linkFailures as LinkFailures).change(target, failing, t), failing ? LINK_REPAIR : LINK_FAIL, target);
        return;
      }
      case NODE_EVENT: {
        // The partition's earliest node event: a failure of an up node, or a repair.
        const failures = this.failures as NodeFailures;
        const node = failures.top(target);
        const nextS = Number.isNaN(failures.failedAtS[node] as number) ? this.resilience.nodeFailed(node, t) : this.resilience.nodeRepaired(node, t);
        const earliestS = failures.reschedule(target, nextS);
        // A trace's last window is over: no more events for this partition.
        if (Number.isFinite(earliestS)) this.queue.push(earliestS, NODE_EVENT, target);
        else failures.pending--;
        return;
      }
      case FLOW_START:
        this.mover.onFlowStart(target, t);
        return;
      case FLOW_DONE:
        this.mover.onFlowDone(target, t);
        return;
      case LINK_CHANGE:
        this.mover.onLinkChange(target, t);
        this.releaseHeld(t);
        return;
      case RETRY_HELD:
        this.releaseHeld(t);
        return;
      case SNAPSHOT:
        this.snapshotDue = true;
        return;
      case PUBLISH:
        this.view.publishNext();
        return;
      default:
        throw new Error(`unknown event kind ${kind}`);
    }
  }

  /** The decisions of one instant: dispatch first, then every local scheduler that has news. */
  private decide(t: number): void {
    if (this.pendingDispatch.length > 0) {
      this.national.dispatchAll(this.pendingDispatch, t);
      clear(this.pendingDispatch);
    }
    if (this.dirty.length > 0) {
      // Partition order keeps the instant deterministic whatever order the events came in.
      if (this.dirty.length > 1) this.dirty.sort(byPartitionIndex);
      // An external scheduler hears of every partition it will decide for in one message.
      for (const p of this.dirty) if (p.policy.gather !== undefined && p.queue.length > 0 && !p.down) p.policy.gather(p, p.index, t);
      for (const p of this.dirty) {
        p.dirty = false;
        this.schedule(p, t);
      }
      clear(this.dirty);
    }
    if (this.snapshotDue) {
      this.snapshotDue = false;
      this.takeSnapshot(t);
    }
    // Last: flows started or ended at this instant get their new rates once.
    this.mover.settle(t);
    this.roundEvents = 0;
  }

  /** A job is ready for a decision: now, or at the next batch instant (public for {@link FailureHandling}). */
  ready(job: Job, t: number): void {
    const intervalS = this.scenario.dispatch.batchIntervalS;
    if (intervalS <= 0) {
      this.pendingDispatch.push(job);
      return;
    }
    this.batch.push(job);
    if (!this.batchScheduled) {
      this.batchScheduled = true;
      let atS = Math.ceil(t / intervalS) * intervalS;
      if (atS < t) atS += intervalS;
      this.queue.push(atS, BATCH, 0);
    }
  }

  /** One event's state change (the event loop's callback; see {@link transferDone}). */
  onEvent(t: number, kind: number, target: number): void {
    this.events++;
    this.roundEvents++;
    this.apply(t, kind, target);
    if (this.events >= this.nextProgress) {
      this.nextProgress += this.options.progressEvery ?? 200_000;
      this.options.onProgress?.(this.finished, this.jobs.created, t, this.events);
    }
  }

  /** The decisions of an instant, after its events (the event loop's callback). */
  onInstantEnd(t: number): void {
    this.decide(t);
  }

  /** The run is over when no job is left and only node and link failures and repairs are pending (the loop's callback). */
  over(): boolean {
    const pending = (this.failures?.pending ?? 0) + (this.linkFailures?.pending ?? 0);
    return pending > 0 && this.jobs.size === 0 && this.queue.size === pending;
  }

  /**
   * The event loop and the data mover call the simulation's methods ({@link onEvent},
   * {@link onInstantEnd}, {@link transferDone}) rather than closures made per run: a hot call
   * site that sees a new closure in every run of a sweep worker is recompiled every time.
   * They are public for those two callers only.
   */
  transferDone(slot: number, t: number): void {
    const job = this.slotJobs[slot] as Job;
    if (t > this.latestEndS && t <= (this.options.untilS ?? Number.POSITIVE_INFINITY)) this.arrivedTooLate(job, t);
    this.arrived(job, t);
  }

  /** A transfer slowed by the others on its links arrived past what the report windows reach. */
  private arrivedTooLate(job: Job, t: number): never {
    const input = job.status === JobStatus.Dispatched;
    const p = this.partitions[job.partition] as PartitionState;
    const [from, to] = input ? [job.dataSource, p.label] : [p.label, job.spec.origin];
    throw new InputError(this.scenario.name, [
      `job ${job.spec.id}'s ${input ? 'input' : 'output'} (${input ? job.stageInBytes : job.stageOutBytes} bytes, ${from} to ${to}) arrived at t=${t} s, past the ${this.latestEndS} s the report windows can reach (report.utilizationWindow ${this.scenario.report.utilizationWindowS} s): the links on its route are too slow for the bytes sent over them; check their bandwidth and the jobs' bytes, or raise report.utilizationWindow`,
    ]);
  }

  /** A job's transfer has delivered its last byte: input at the centre, or output at the origin. */
  private arrived(job: Job, t: number): void {
    if (job.status === JobStatus.Dispatched) {
      if (job.spec.dataset !== undefined) this.caches[job.centre]?.insert(job.spec.dataset, job.spec.inputBytes, t);
      const p = this.partitions[job.partition] as PartitionState;
      if (p.down) {
        // Its centre went down abruptly while the input was on its way: the dispatcher decides again.
        this.resilience.handBack(job, p, t);
        return;
      }
      this.enqueue(job, t);
    } else {
      this.done(job, t);
    }
  }

  private finishNetwork(endS: number): TransferNetwork {
    if (Number.isFinite(endS)) this.mover.network.finish(endS);
    return this.mover.network;
  }

  /** Whether some link is down or some centre is down or not yet open at `t`. */
  transientlyBlocked(t: number): boolean {
    if (this.mover.linksDown > 0) return true;
    for (let c = 0; c < this.scenario.centres.length; c++) {
      if (t < (this.activeFromS[c] as number) || this.isDown(c, t)) return true;
    }
    return false;
  }

  /** Sends the held jobs back to the dispatcher (at the end of this instant). */
  private releaseHeld(t: number): void {
    if (this.held.length === 0) return;
    // Held past the reach (an outage of years): the transfers that follow would be refused for
    // slow links, which is not the cause.
    if (t > this.latestEndS && t <= (this.options.untilS ?? Number.POSITIVE_INFINITY)) {
      throw new InputError(this.scenario.name, [
        `${this.held.length} job${this.held.length === 1 ? '' : 's'} (the first: ${this.held[0]?.spec.id}) held for want of a dispatcher or an active centre would be dispatched at t=${t} s, past the ${this.latestEndS} s the report windows can reach (report.utilizationWindow ${this.scenario.report.utilizationWindowS} s): end the outage sooner (dispatch.down, centres[].down, activeFrom), or cut the run short with --until`,
      ]);
    }
    for (const job of this.held) this.pendingDispatch.push(job);
    clear(this.held);
  }

  private isDown(c: number, t: number): boolean {
    return downAt(this.downS[c], t);
  }

  /** The chosen partition's queue is full: try again after the back-off, or reject. */
  refuse(job: Job, p: PartitionState, t: number): void {
    this.refusals++;
    const { retryBackoffS, maxAttempts } = this.scenario.dispatch;
    const attempts = ++job.refusedAttempts;
    if (attempts < maxAttempts && retryBackoffS > 0) {
      this.queue.push(t + retryBackoffS, DISPATCH, job.slot);
      return;
    }
    const limit = `${p.spec.maxQueuedJobs} waiting jobs`;
    this.reject(job, attempts > 1 ? `queue full (${limit}) at ${p.label}, ${attempts} attempts` : `queue full (${limit}) at ${p.label}`);
  }

  reject(job: Job, reason: string): void {
    advanceJob(job, JobStatus.Rejected);
    job.rejectReason = reason;
    // Counted per kind of reason: the job's shape, in parentheses, stays in jobs.csv only.
    const kind = reason.replace(/ \([^()]*\)$/, '');
    this.rejections.set(kind, (this.rejections.get(kind) ?? 0) + 1);
    this.finished++;
    this.jobs.retire(job);
  }

  enqueue(job: Job, t: number): void {
    advanceJob(job, JobStatus.Queued);
    job.queuedS = t;
    const p = this.partitions[job.partition] as PartitionState;
    p.queue.push(job);
    this.markDirty(p);
  }

  private schedule(p: PartitionState, t: number): void {
    if (p.queue.length === 0 || p.down) return;
    const starts = this.starts;
    clear(starts);
    p.policy.decide(p, t, starts);
    if (starts.length === 0) return;
    for (const index of starts) {
      const job = this.jobs.byIndex(index);
      if (job === undefined || job.status !== JobStatus.Queued || job.partition !== p.index) {
        throw new PolicyDecisionError(
          `queue policy '${this.scenario.centres[p.centre]?.queue.policy}' at ${p.label}, t=${t}s: asked to start job ${job?.spec.id ?? `#${index}`}, which is not waiting in this queue`,
        );
      }
      if (job.nodes > p.freeNodes) {
        throw new PolicyDecisionError(
          `queue policy '${this.scenario.centres[p.centre]?.queue.policy}' at ${p.label}, t=${t}s: job ${job.spec.id} needs ${job.nodes} nodes, only ${p.freeNodes} free`,
        );
      }
      this.start(job, p, t);
    }
    // Drop the started jobs from the queue, keeping the order of the others. Heads started
    // (the usual case) are cut off the front in one step: a pass over a backlog of 10^5 jobs
    // at every start made an overloaded run quadratic.
    const q = p.queue;
    let head = 0;
    while (head < q.length && (q[head] as Job).status !== JobStatus.Queued) head++;
    if (head === starts.length) {
      // A few heads one at a time: `shift` trims the array's front in place, where `splice`
      // allocates the array of what it removes and leaves a store too small for the next push
      // (about 200 bytes of garbage a job, 10x the time). Many at once: one native move.
      if (head <= 4) for (let k = 0; k < head; k++) q.shift();
      else q.splice(0, head);
      return;
    }
    let w = 0;
    for (let r = head; r < q.length; r++) {
      const job = q[r] as Job;
      if (job.status === JobStatus.Queued) q[w++] = job;
    }
    while (q.length > w) q.pop();
  }

  private start(job: Job, p: PartitionState, t: number): void {
    advanceJob(job, JobStatus.Running);
    job.attempts++;
    // Nodes that had switched off boot first: the job holds its nodes from t, runs from t + wake.
    let wakeS = 0;
    const powerOff = p.spec.powerOff;
    if (p.idle !== null && powerOff !== undefined) {
      const woken = p.idle.take(job.nodes, t, powerOff.afterS);
      if (woken > 0) {
        wakeS = powerOff.wakeUpS;
        job.wokenNodes = woken;
        job.wakeS = wakeS;
      }
    }
    const startS = t + wakeS;
    job.startS = startS;
    this.resilience.plan(job, p);
    p.freeNodes -= job.nodes;
    if (p.placement !== null) job.nodeIds = p.placement.take(job.nodes, p.label);
    p.startedJobs++;
    p.startedNodes += job.nodes;
    p.startedNodeSeconds += job.nodes * job.walltimeS;
    p.runningEndNodeSeconds += job.nodes * (startS + job.walltimeS);
    // After every counter: a live view must not count the job both running and queued.
    this.view.changed(p, t);
    p.addRunning(job);
    const endS = startS + job.runS;
    // A run cut off at untilS accounts for the job only up to there.
    if (Math.min(endS, this.options.untilS ?? Number.POSITIVE_INFINITY) > this.latestEndS) {
      throw new InputError(this.scenario.name, [
        `job ${job.spec.id} would run until ${endS} s (${job.runS} s from ${startS} s on ${p.label}), past the ${this.latestEndS} s the report windows can reach (report.utilizationWindow ${this.scenario.report.utilizationWindowS} s): check the job's run time and walltime, or raise report.utilizationWindow`,
      ]);
    }
    this.queue.push(endS, END, job.slot);
  }

  private end(job: Job, t: number): void {
    advanceJob(job, JobStatus.Ended);
    job.endS = t;
    const p = this.partitions[job.partition] as PartitionState;
    if (!Number.isNaN(job.intervalS)) this.resilience.checkpointed(job, t - job.startS);
    p.release(job, t);
    this.view.changed(p, t);
    if (p.queue.length > 0) this.markDirty(p);
    const from = this.centreSite[p.centre] as number;
    const to = this.mover.siteIndex(job.spec.origin);
    job.stageOutBytes = from === to ? 0 : job.spec.outputBytes;
    if (!this.mover.startTransfer(job.slot, from, to, job.spec.outputBytes, t, job.spec.id)) {
      this.done(job, t);
    }
  }

  /** No centre can take the job now: the hub keeps it until a link comes back or a centre opens (for {@link NationalDispatcher}). */
  hold(job: Job): void {
    this.held.push(job);
  }

  /** The dispatcher decides about the job again at `atS` (for {@link NationalDispatcher}). */
  dispatchAt(job: Job, atS: number): void {
    this.queue.push(atS, DISPATCH, job.slot);
  }

  /** A job goes to the dispatcher at the end of this instant (for {@link FailureHandling}). */
  toDispatcher(job: Job): void {
    this.pendingDispatch.push(job);
  }

  /** A job failed for good (for {@link FailureHandling}). */
  failed(job: Job): void {
    this.finished++;
    this.jobs.retire(job);
  }

  private done(job: Job, t: number): void {
    advanceJob(job, JobStatus.Done);
    job.doneS = t;
    this.finished++;
    this.jobs.retire(job);
  }

  /** The partition's scheduler runs at the end of this instant (public for {@link FailureHandling}). */
  markDirty(p: PartitionState): void {
    if (!p.dirty) {
      p.dirty = true;
      this.dirty.push(p);
    }
  }

  private takeSnapshot(t: number): void {
    const { infoDelayS, infoPeriodS } = this.scenario.dispatch;
    if (this.view.takeSnapshot(t)) this.queue.push(t + infoDelayS, PUBLISH, 0);
    // Keep refreshing only while some job is still to come or in the system.
    // When nothing else is pending, the remaining jobs are stuck and refreshing would loop forever.
    if (this.jobs.size === 0 || this.queue.size === 0) return;
    let nextS = t + infoPeriodS;
    if (this.roundEvents === 1 && infoDelayS === 0) {
      // Nothing but this snapshot happened now, so nothing changes before the next event: the
      // snapshots until then would all be this one, each published at once over the last, and
      // only the last of them can be read. It alone is taken (with its time, reached by the same
      // additions): a transfer of centuries no longer costs a snapshot event a minute.
      const nextEventS = this.queue.peekTime();
      // (Past 2^20 periods of silence, a multiplication: a run that long is about to stop at
      // the reach of its report windows anyway, and additions would take minutes.)
      for (let k = 0; nextS + infoPeriodS < nextEventS; k++) {
        if (k === 1 << 20) nextS += infoPeriodS * Math.max(0, Math.floor((nextEventS - nextS) / infoPeriodS) - 1);
        else nextS += infoPeriodS;
      }
    }
    this.queue.push(nextS, SNAPSHOT, 0);
  }
}

function byPartitionIndex(a: PartitionState, b: PartitionState): number {
  return a.index - b.index;
}

/** The options a caller of the API may get wrong, said as the CLI says them (InputError: exit 2). */
function checkRunOptions(options: RunOptions): void {
  const problems: string[] = [];
  const { seed, untilS } = options as { seed?: unknown; untilS?: unknown };
  if (seed !== undefined && !(typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0)) {
    problems.push(`seed: expected a whole number from 0 to 2^53 − 1, got ${typeof seed === 'string' ? `'${seed}'` : String(seed)}`);
  }
  if (untilS !== undefined && !(typeof untilS === 'number' && untilS >= 0)) {
    problems.push(`untilS: expected a time in seconds ≥ 0, got ${typeof untilS === 'string' ? `'${untilS}'` : String(untilS)}`);
  }
  if (problems.length > 0) throw new InputError('run options', problems);
}

import { clear, objectArray } from '../engine/arrays.js';
import { EventQueue } from '../engine/event-queue.js';
import { type InstantHandlers, runInstants } from '../engine/instant-loop.js';
import { createRng } from '../engine/rng.js';
import { advanceJob, Job, JobStatus, type JobSpec, JobTable, returnJob } from '../model/job.js';
import { centreRates } from '../model/energy-rates.js';
import { ELIGIBILITY_CHECKS, failedCheck, jobPowerW, meetsConstraints, nodesNeeded } from '../model/partition.js';
import type { Scenario } from '../model/scenario.js';
import type { FlowNetwork } from '../network/flow-network.js';
import type { CandidateView, DispatchPolicy } from '../policies/dispatch-policy.js';
import type { DispatchPolicyDefinition, QueuePolicyDefinition } from '../policies/define-policy.js';
import { PolicyDecisionError } from './policy-decision-error.js';
import { PartitionState } from './partition-state.js';
import { DispatcherView } from './dispatcher-view.js';
import { type DownWindows, downAt, EnergyOutlook } from './energy-outlook.js';
import { DataMover, type StageInEstimate, type TransferListener } from './data-mover.js';
import { IdleNodes } from './idle-nodes.js';
import { NodeFailures } from './node-failures.js';
import { LinkFailures } from './link-failures.js';
import { type FailureHost, FailureHandling } from './failure-handling.js';
import { InputCache } from './input-cache.js';
import { type JobSink, type JobSource, toJobStream } from './job-sink.js';

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
  readonly network: FlowNetwork;
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

/**
 * One simulation of a scenario: national dispatcher, stage-in, local queues, stage-out.
 *
 * State changes happen in event handlers; all decisions (dispatch, then local scheduling) are
 * taken once per instant after every state change of that instant (DESIGN §4).
 */
export class Simulation implements InstantHandlers, TransferListener, FailureHost {
  private readonly queue = new EventQueue(4096);
  /** Where the jobs come from, in submission order. */
  private readonly source: ReturnType<typeof toJobStream>;
  private readonly table = new JobTable();
  /** The job of each slot of {@link table} (events and transfers name jobs by slot). */
  private readonly slotJobs: Job[] = objectArray();
  /** Jobs in the system by index, in submission order (for the queue policies' starts and the end of the run). */
  private readonly live = new Map<number, Job>();
  /** Jobs created so far (the next job's index). */
  private created = 0;
  private readonly sink: JobSink | null;
  /** Without a sink: every job, and the order they left in. */
  private readonly keptJobs: Job[] = objectArray();
  private readonly retiredJobs: Job[] = objectArray();
  private readonly partitions: PartitionState[] = objectArray();
  /** Per centre, the indices of its partitions in {@link partitions}. */
  private readonly centrePartitions: number[][] = objectArray();
  private readonly mover: DataMover;
  private readonly estimate: StageInEstimate = { source: -1, seconds: 0 };
  private readonly dispatcher: DispatchPolicy;
  /** Names the policy (and its module, for a plug-in) in error messages. */
  private readonly dispatchLabel: string;
  /** Whether the dispatch policy is a user's plug-in module (its faults are exit 2, not a bug). */
  private readonly dispatchIsPlugin: boolean;
  private readonly pendingDispatch: Job[] = objectArray();
  /** Jobs no centre can take now because of an outage or a centre not yet open. */
  private readonly held: Job[] = objectArray();
  /** Per partition: the input source found for the job being dispatched. */
  private readonly candidateSource: Int32Array;
  /** Whether the dispatch policy reads the energy estimates (computed only then). */
  private readonly wantsEnergy: boolean;
  /** Energy estimates of candidates and the release times of jobs with slack. */
  private readonly outlook: EnergyOutlook;
  /** Per centre, its input cache of datasets (null: none). */
  private readonly caches: (InputCache | null)[];
  /** Jobs waiting for the next batch instant (`dispatch.batchInterval`). */
  private readonly batch: Job[] = objectArray();
  private batchScheduled = false;
  /** Relative speed per partition for each job class of the speed table, and for the others. */
  private readonly speedRows = new Map<string, Float64Array>();
  private readonly defaultSpeeds: Float64Array;
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
  /** What the dispatcher knows of each partition (its candidate views). */
  private readonly view: DispatcherView;
  /** The candidate list handed to the dispatch policy (reused). */
  private readonly candidates: CandidateView[] = objectArray();
  private readonly rejections = new Map<string, number>();
  private readonly starts: number[] = [];
  private readonly dirty: PartitionState[] = objectArray();
  private snapshotDue = false;
  private finished = 0;
  /** The spec of the last job taken from the source (its submission order is checked). */
  private lastSpec: JobSpec | undefined;
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
    this.seed = options.seed ?? scenario.seed;
    // Loops over the jobs live in functions of their own: a loop in this constructor, run once per
    // run, would have the whole constructor compiled again by stack replacement in every run of
    // a sweep worker.
    this.source = toJobStream(jobs);
    this.sink = options.sink ?? null;
    this.mover = new DataMover(
      scenario,
      1024,
      this.queue,
      { flowStart: FLOW_START, flowDone: FLOW_DONE, linkChange: LINK_CHANGE },
      this,
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
        this.partitions.push(new PartitionState(this.partitions.length, c, p, partition, policy, label));
      });
      this.centrePartitions.push(indices);
    });
    // Nodes that switch off are tracked one by one, idle (and on) from the first submission.
    const first = this.nextJob();
    const firstSubmitS = first?.spec.submitS ?? 0;
    for (const p of this.partitions) if (p.spec.powerOff !== undefined) p.idle = new IdleNodes(p.spec.nodes, firstSubmitS);
    this.centreSite = Int32Array.from(scenario.centres, (c) => this.mover.siteIndex(c.siteId));
    this.candidateSource = new Int32Array(this.partitions.length);
    this.caches = scenario.centres.map((c) => (c.inputCacheBytes === undefined ? null : new InputCache(c.inputCacheBytes)));
    this.activeFromS = Float64Array.from(scenario.centres, (c) => c.activeFromS ?? 0);
    this.activeUntilS = Float64Array.from(scenario.centres, (c) => c.activeUntilS ?? Number.POSITIVE_INFINITY);
    this.downS = scenario.centres.map((c) => c.downS);
    this.outlook = new EnergyOutlook(scenario, centreRates(scenario), this.activeUntilS, this.downS);
    this.defaultSpeeds = this.speedRow(scenario.speeds['*']);
    for (const [jobClass, row] of Object.entries(scenario.speeds)) {
      if (jobClass !== '*') this.speedRows.set(jobClass, this.speedRow({ ...scenario.speeds['*'], ...row }));
    }
    const { module } = scenario.dispatch;
    const dispatchDefinition = module === '' ? policies.dispatch(scenario.dispatch.policy) : policies.dispatchModule?.(module);
    if (dispatchDefinition === undefined) {
      throw new Error(module === '' ? `unknown dispatch policy '${scenario.dispatch.policy}'` : `dispatch plug-in ${module} was not loaded by the runner`);
    }
    this.dispatchLabel = module === '' ? `dispatch policy '${dispatchDefinition.name}'` : `dispatch plug-in '${dispatchDefinition.name}' (${module})`;
    this.dispatchIsPlugin = module !== '';
    this.dispatcher = dispatchDefinition.instantiate(scenario.dispatch.options, {
      rng: createRng(this.seed, `policy/${dispatchDefinition.name}/dispatch`),
    });
    this.view = new DispatcherView(scenario, this.partitions, this.dispatcher.needsQueueSnapshots === true);
    this.failures = NodeFailures.of(this.partitions, this.seed);
    this.linkFailures = LinkFailures.of(scenario.links, this.seed);
    this.resilience = new FailureHandling(scenario, this.partitions, this.centrePartitions, this.view, this.queue, this.failures, this, RETURN);
    this.wantsEnergy = this.dispatcher.needsEnergy === true;
  }

  /** Speed of each partition from a speed-table row (device model → speed), else its own speed. */
  private speedRow(row: Readonly<Record<string, number>> | undefined): Float64Array {
    return Float64Array.from(this.partitions, (p) => {
      const model = p.hasGpus ? p.spec.gpuModel : p.spec.cpuModel;
      return (model === '' ? undefined : row?.[model]) ?? p.spec.speed;
    });
  }

  /** Runs to completion (or to `untilS`) and returns the results. */
  run(): RunResult {
    const { infoPeriodS } = this.scenario.dispatch;
    const first = this.slotJobs.length > 0 ? (this.live.get(0) as Job) : undefined;
    if (first !== undefined) {
      this.queue.push(first.spec.submitS, ARRIVAL, first.slot);
      // Centres that open or come back later may take held jobs then.
      for (const c of this.scenario.centres) {
        if ((c.activeFromS ?? 0) > 0) this.queue.push(c.activeFromS ?? 0, RETRY_HELD, 0);
        for (const w of c.downS ?? []) this.queue.push(w.toS, RETRY_HELD, 0);
      }
      // Jobs held while the dispatcher itself is down go to it when it is back.
      for (const w of this.scenario.dispatch.downS) this.queue.push(w.toS, RETRY_HELD, 0);
      this.scenario.centres.forEach((c, i) => {
        for (const w of c.downS ?? []) {
          if (w.abrupt !== true) continue;
          this.queue.push(w.fromS, CENTRE_DOWN, i);
          this.queue.push(w.toS, CENTRE_UP, i);
        }
      });
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
    this.sink?.stop(Number.isFinite(endS) ? endS : 0);
    // The jobs still in the system, then those never submitted (a run cut short), in submission order.
    for (const job of this.live.values()) this.retire(job);
    for (let job = this.nextJob(); job !== undefined; job = this.nextJob()) this.retire(job);
    return {
      scenario: this.scenario,
      seed: this.seed,
      jobs: this.keptJobs,
      retired: this.retiredJobs,
      jobCount: this.created,
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
        const next = this.nextJob();
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
        const links = this.linkFailures as LinkFailures;
        const failing = kind === LINK_FAIL;
        if (failing) links.failures[target] = (links.failures[target] as number) + 1;
        this.mover.setDown(target, failing, t);
        this.releaseHeld();
        this.queue.push(t + (failing ? links.timeToRepair(target) : links.timeToFailure(target)), failing ? LINK_REPAIR : LINK_FAIL, target);
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
        this.releaseHeld();
        return;
      case RETRY_HELD:
        this.releaseHeld();
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
      for (const job of this.pendingDispatch) this.dispatch(job, t);
      clear(this.pendingDispatch);
    }
    if (this.dirty.length > 0) {
      // Partition order keeps the instant deterministic whatever order the events came in.
      if (this.dirty.length > 1) this.dirty.sort(byPartitionIndex);
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

  private dispatch(job: Job, t: number): void {
    const spec = job.spec;
    const mover = this.mover;
    const origin = mover.siteIndex(spec.origin);
    // The dispatcher itself is down: hold the job, or let the origin's own centres take it.
    const fallback = this.scenario.dispatch.downS.length > 0 && downAt(this.scenario.dispatch.downS, t);
    if (fallback && this.scenario.dispatch.fallback === 'hold') {
      this.held.push(job);
      return;
    }
    const estimate = this.estimate;
    const sources = mover.sourcesOf(spec);
    const speeds = this.speedRows.get(spec.jobClass) ?? this.defaultSpeeds;
    const constrained = spec.gpuModels !== undefined || spec.minMemoryPerNodeBytes !== undefined || spec.software !== undefined;
    const wantsGpus = spec.gpus > 0;
    // Candidate views are pooled (one per partition) and kept current as the dispatcher's view
    // changes (see refreshView); only the job-dependent fields are written here, so a million
    // dispatches allocate nothing.
    const candidates = this.candidates;
    clear(candidates);
    const centres = this.scenario.centres;
    const maxLatencyS = spec.maxLatencyS ?? Number.POSITIVE_INFINITY;
    for (let c = 0; c < centres.length; c++) {
      // An inactive centre (not yet commissioned, or decommissioned) takes no new jobs.
      if (t < (this.activeFromS[c] as number) || t >= (this.activeUntilS[c] as number) || this.isDown(c, t)) continue;
      const centreSite = this.centreSite[c] as number;
      if (fallback && centreSite !== origin) continue;
      const back = mover.routeAt(centreSite, origin);
      if (back === null || back.latencyS > maxLatencyS) continue;
      if (spec.dataset !== undefined && this.caches[c]?.has(spec.dataset) === true) {
        // The dataset is in this centre's input cache: nothing to move.
        estimate.source = centreSite;
        estimate.seconds = 0;
      } else if (mover.estimateStageIn(sources, spec.inputBytes, centreSite, estimate) === null) continue;
      const stageInS = estimate.seconds;
      const bytesToMove = (estimate.source === centreSite ? 0 : spec.inputBytes) + (origin === centreSite ? 0 : spec.outputBytes);
      const originLatencyS = origin === centreSite ? 0 : back.latencyS;
      for (const pi of this.centrePartitions[c] as number[]) {
        const p = this.partitions[pi] as PartitionState;
        if (wantsGpus !== p.hasGpus) continue;
        if (constrained && !meetsConstraints(p.spec, spec)) continue;
        const nodes = nodesNeeded(p.spec, spec.cores, spec.gpus);
        if (nodes > p.totalNodes) continue;
        const view = this.view.viewFor(p, t);
        const speed = speeds[pi] as number;
        view.nodesNeeded = nodes;
        view.speed = speed;
        view.walltimeS = spec.walltimeS / speed;
        view.stageInS = stageInS;
        this.candidateSource[pi] = estimate.source;
        view.bytesToMove = bytesToMove;
        view.originLatencyS = originLatencyS;
        view.expectedWaitS =
          view.freeNodes - view.queuedNodes >= nodes
            ? 0
            : Math.max(0, (view.runningNodeSeconds + view.queuedNodeSeconds) / view.totalNodes - (t - view.viewTakenS));
        view.powerW = jobPowerW(p.spec, nodes, spec.cores, spec.gpus);
        if (this.wantsEnergy) this.outlook.estimate(view, t);
        candidates.push(view);
      }
    }
    if (candidates.length === 0) {
      // Blocked only by an outage or a centre not yet open: the hub holds the job and tries
      // again when a link comes back or a centre opens, instead of refusing it for good.
      if (fallback || this.transientlyBlocked(t)) this.held.push(job);
      else this.reject(job, this.rejectionReason(spec));
      return;
    }
    if (fallback) {
      // The origin's centres decide locally: the partition with the least expected wait.
      let best = 0;
      for (let i = 1; i < candidates.length; i++) if ((candidates[i] as CandidateView).expectedWaitS < (candidates[best] as CandidateView).expectedWaitS) best = i;
      this.send(job, candidates[best] as CandidateView, t);
      return;
    }
    if (this.scenario.dispatch.shift !== 'none' && (spec.slackS ?? 0) > 0 && !job.shiftDecided) {
      // Temporal shifting is decided once, at the first decision: hold for a better hour or go now.
      job.shiftDecided = true;
      const releaseS = this.outlook.bestReleaseS(spec, candidates, t);
      if (releaseS > t) {
        job.shiftS = releaseS - t;
        this.queue.push(releaseS, DISPATCH, job.slot);
        return;
      }
    }
    let choice: number;
    try {
      choice = this.dispatcher.choose(spec, candidates, t);
    } catch (error) {
      throw new PolicyDecisionError(
        `${this.dispatchLabel} threw while dispatching job ${spec.id} at t=${t}s (${candidates.length} candidates): ${error instanceof Error ? error.message : String(error)}`,
        { cause: error, byPlugin: this.dispatchIsPlugin },
      );
    }
    const chosen = Number.isInteger(choice) ? candidates[choice] : undefined;
    if (chosen === undefined) {
      throw new PolicyDecisionError(
        `${this.dispatchLabel} returned ${typeof choice === 'number' ? String(choice) : JSON.stringify(choice) ?? String(choice)} for job ${spec.id} at t=${t}s; expected an integer in [0, ${candidates.length - 1}] (a position in the candidate list)`,
        { byPlugin: this.dispatchIsPlugin },
      );
    }
    this.send(job, chosen, t);
  }

  /** Sends a job to the candidate chosen for it (or has it refused by a full queue). */
  private send(job: Job, chosen: CandidateView, t: number): void {
    const spec = job.spec;
    const mover = this.mover;
    const p = this.partitions[chosen.index] as PartitionState;
    if (p.sentJobs - p.startedJobs >= p.spec.maxQueuedJobs) {
      this.refuse(job, p, t);
      return;
    }
    advanceJob(job, JobStatus.Dispatched);
    job.dispatchedS = t;
    job.centre = chosen.centre;
    job.partition = p.index;
    job.nodes = chosen.nodesNeeded;
    job.speed = chosen.speed;
    job.walltimeS = chosen.walltimeS;
    p.sentJobs++;
    p.sentNodes += job.nodes;
    p.sentNodeSeconds += job.nodes * job.walltimeS;
    this.view.sent(p, job, t);
    const centreSite = this.centreSite[chosen.centre] as number;
    const cache = spec.dataset === undefined ? null : this.caches[chosen.centre];
    if (cache?.has(spec.dataset as string) === true) {
      cache.use(spec.dataset as string, t);
      job.dataSource = 'cache';
      job.stageInBytes = 0;
      this.enqueue(job, t);
      return;
    }
    // The source chosen while the candidates were built (rates have not changed since).
    const source = this.candidateSource[p.index] as number;
    job.dataSource = this.scenario.sites[source]?.id ?? spec.dataSite;
    job.stageInBytes = source === centreSite ? 0 : spec.inputBytes;
    if (!mover.startTransfer(job.slot, source, centreSite, spec.inputBytes, t)) {
      this.enqueue(job, t);
    }
  }

  /** One event's state change (the event loop's callback; see {@link transferDone}). */
  onEvent(t: number, kind: number, target: number): void {
    this.events++;
    this.apply(t, kind, target);
    if (this.events >= this.nextProgress) {
      this.nextProgress += this.options.progressEvery ?? 200_000;
      this.options.onProgress?.(this.finished, this.created, t, this.events);
    }
  }

  /** The decisions of an instant, after its events (the event loop's callback). */
  onInstantEnd(t: number): void {
    this.decide(t);
  }

  /** The run is over when no job is left and only node and link failures and repairs are pending (the loop's callback). */
  over(): boolean {
    const pending = (this.failures?.pending ?? 0) + (this.linkFailures?.pending ?? 0);
    return pending > 0 && this.live.size === 0 && this.queue.size === pending;
  }

  /**
   * The event loop and the data mover call the simulation's methods ({@link onEvent},
   * {@link onInstantEnd}, {@link transferDone}) rather than closures made per run: a hot call
   * site that sees a new closure in every run of a sweep worker is recompiled every time.
   * They are public for those two callers only.
   */
  transferDone(slot: number, t: number): void {
    this.arrived(this.slotJobs[slot] as Job, t);
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

  private finishNetwork(endS: number): FlowNetwork {
    if (Number.isFinite(endS)) this.mover.network.finish(endS);
    return this.mover.network;
  }

  /** Whether some link is down or some centre is down or not yet open at `t`. */
  private transientlyBlocked(t: number): boolean {
    if (this.mover.linksDown > 0) return true;
    for (let c = 0; c < this.scenario.centres.length; c++) {
      if (t < (this.activeFromS[c] as number) || this.isDown(c, t)) return true;
    }
    return false;
  }

  /** Sends the held jobs back to the dispatcher (at the end of this instant). */
  private releaseHeld(): void {
    if (this.held.length === 0) return;
    for (const job of this.held) this.pendingDispatch.push(job);
    clear(this.held);
  }

  private isDown(c: number, t: number): boolean {
    return downAt(this.downS[c], t);
  }

  /** The chosen partition's queue is full: try again after the back-off, or reject. */
  private refuse(job: Job, p: PartitionState, t: number): void {
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

  private reject(job: Job, reason: string): void {
    advanceJob(job, JobStatus.Rejected);
    job.rejectReason = reason;
    // Counted per kind of reason: the job's shape, in parentheses, stays in jobs.csv only.
    const kind = reason.replace(/ \([^()]*\)$/, '');
    this.rejections.set(kind, (this.rejections.get(kind) ?? 0) + 1);
    this.finished++;
    this.retire(job);
  }

  /**
   * Why no partition could take a job (computed only for rejected jobs): the check that failed
   * on the partitions that came closest (kind, GPU model, memory, software, size, in that order),
   * then distance to the origin (maxLatency), then the centres' activity windows.
   */
  private rejectionReason(spec: JobSpec): string {
    const shape = `${spec.cores} cores, ${spec.gpus} GPUs`;
    const maxLatencyS = spec.maxLatencyS ?? Number.POSITIVE_INFINITY;
    let routed = false;
    let deepest = -1;
    let near = false;
    for (let c = 0; c < this.scenario.centres.length; c++) {
      const centreSite = this.centreSite[c] as number;
      const back = this.mover.routeAt(centreSite, this.mover.siteIndex(spec.origin));
      if (back === null || this.mover.estimateStageIn(this.mover.sourcesOf(spec), spec.inputBytes, centreSite, this.estimate) === null) continue;
      routed = true;
      for (const pi of this.centrePartitions[c] as number[]) {
        const failed = failedCheck((this.partitions[pi] as PartitionState).spec, spec);
        deepest = Math.max(deepest, failed === null ? ELIGIBILITY_CHECKS.length : ELIGIBILITY_CHECKS.indexOf(failed));
        if (failed === null && back.latencyS <= maxLatencyS) near = true;
      }
    }
    if (!routed) {
      const from = spec.dataset === undefined ? `data site ${spec.dataSite}` : `any replica of dataset ${spec.dataset}`;
      return `no route from ${from} to a centre and back to ${spec.origin}`;
    }
    switch (ELIGIBILITY_CHECKS[deepest]) {
      case 'kind':
        return spec.gpus > 0 ? `no GPU partition (${shape})` : `no CPU partition (${shape})`;
      case 'gpu-model':
        return `no partition with GPU model ${(spec.gpuModels ?? []).join(' or ')} (${shape})`;
      case 'memory':
        return `no partition with memory per node ≥ ${spec.minMemoryPerNodeBytes} bytes (${shape})`;
      case 'software':
        return `no partition offering software ${(spec.software ?? []).join(', ')} (${shape})`;
      case 'size':
        return `no partition large enough (${shape})`;
      default:
        break;
    }
    if (!near) return `no centre within ${(maxLatencyS * 1e3).toFixed(3).replace(/\.?0+$/, '')} ms of ${spec.origin} can run it (${shape})`;
    return `no active centre can run it (${shape}; the others are not commissioned yet, decommissioned or down)`;
  }

  private enqueue(job: Job, t: number): void {
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
      const job = this.live.get(index);
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
    // Drop the started jobs from the queue in one pass, keeping the order of the others.
    let w = 0;
    const q = p.queue;
    for (let r = 0; r < q.length; r++) {
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
    p.startedJobs++;
    p.startedNodes += job.nodes;
    p.startedNodeSeconds += job.nodes * job.walltimeS;
    p.runningEndNodeSeconds += job.nodes * (startS + job.walltimeS);
    // After every counter: a live view must not count the job both running and queued.
    this.view.changed(p, t);
    p.addRunning(job);
    this.queue.push(startS + job.runS, END, job.slot);
  }

  private end(job: Job, t: number): void {
    advanceJob(job, JobStatus.Ended);
    job.endS = t;
    const p = this.partitions[job.partition] as PartitionState;
    if (!Number.isNaN(job.intervalS)) this.resilience.checkpointed(job, t - job.startS);
    p.freeNodes += job.nodes;
    p.idle?.release(job.nodes, t);
    p.runningEndNodeSeconds -= job.nodes * (job.startS + job.walltimeS);
    this.view.changed(p, t);
    p.removeRunning(job);
    if (p.queue.length > 0) this.markDirty(p);
    const from = this.centreSite[p.centre] as number;
    const to = this.mover.siteIndex(job.spec.origin);
    job.stageOutBytes = from === to ? 0 : job.spec.outputBytes;
    if (!this.mover.startTransfer(job.slot, from, to, job.spec.outputBytes, t)) {
      this.done(job, t);
    }
  }

  /** A job goes to the dispatcher at the end of this instant (for {@link FailureHandling}). */
  toDispatcher(job: Job): void {
    this.pendingDispatch.push(job);
  }

  /** A job failed for good (for {@link FailureHandling}). */
  failed(job: Job): void {
    this.finished++;
    this.retire(job);
  }

  private done(job: Job, t: number): void {
    advanceJob(job, JobStatus.Done);
    job.doneS = t;
    this.finished++;
    this.retire(job);
  }

  /**
   * The next job of the source, made a job of the run (in the system from now on), or undefined
   * when there is none. Checks the submission order the event loop relies on.
   */
  private nextJob(): Job | undefined {
    const spec = this.source.next();
    if (spec === undefined) return undefined;
    const previous = this.lastSpec;
    if (previous !== undefined && spec.submitS < previous.submitS) {
      throw new Error(`jobs must be in submission order (job ${spec.id} before ${previous.id}); use mergeSources`);
    }
    this.lastSpec = spec;
    const job = new Job(this.created++, spec, this.table);
    this.slotJobs[job.slot] = job;
    this.live.set(job.index, job);
    if (this.sink === null) this.keptJobs.push(job);
    return job;
  }

  /**
   * A job leaves the system (done, rejected, or still there when the run ended): the sink takes
   * its record, then the run forgets it; without a sink it is kept.
   */
  private retire(job: Job): void {
    this.live.delete(job.index);
    if (this.sink === null) {
      this.retiredJobs.push(job);
      return;
    }
    this.sink.retire(job);
    this.table.release(job.slot);
  }

  /** The partition's scheduler runs at the end of this instant (public for {@link FailureHandling}). */
  markDirty(p: PartitionState): void {
    if (!p.dirty) {
      p.dirty = true;
      this.dirty.push(p);
    }
  }

  private takeSnapshot(t: number): void {
    if (this.view.takeSnapshot(t)) this.queue.push(t + this.scenario.dispatch.infoDelayS, PUBLISH, 0);
    // Keep refreshing only while some job is still to come or in the system.
    // When nothing else is pending, the remaining jobs are stuck and refreshing would loop forever.
    if (this.live.size > 0 && this.queue.size > 0) this.queue.push(t + this.scenario.dispatch.infoPeriodS, SNAPSHOT, 0);
  }
}

function byPartitionIndex(a: PartitionState, b: PartitionState): number {
  return a.index - b.index;
}

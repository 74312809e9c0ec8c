import { clear, objectArray } from '../engine/arrays.js';
import { createRng } from '../engine/rng.js';
import { advanceJob, type Job, JobStatus, type JobSpec } from '../model/job.js';
import { ELIGIBILITY_CHECKS, failedCheck, hasConstraints, jobPowerW, meetsConstraints, nodesNeeded } from '../model/partition.js';
import type { Scenario } from '../model/scenario.js';
import { ownValue } from '../model/own-key.js';
import type { CandidateView, DispatchPolicy } from '../policies/dispatch-policy.js';
import type { DataMover, StageInEstimate } from './data-mover.js';
import { DispatcherView, type PooledCandidate } from './dispatcher-view.js';
import { type DownWindows, downAt } from '../model/centre.js';
import { EligibilityCache } from './eligibility-cache.js';
import type { EnergyOutlook } from './energy-outlook.js';
import type { InputCache } from './input-cache.js';
import type { PartitionState } from './partition-state.js';
import { PolicyDecisionError } from './policy-decision-error.js';
import { isExternalPolicy } from '../policies/external-policy.js';
import { smallInteger } from '../workload/small-integer.js';
import type { PolicyResolver } from './simulation.js';

/** {@link NationalDispatcher.dispatch}: ask the policy now. */
const ASK = -1;
/** {@link NationalDispatcher.dispatch}: hand the candidates to a gathering policy (decided later for the whole instant). */
const GATHER = -2;

/** What the national dispatcher asks of the simulation. */
export interface DispatchHost {
  /** No centre can take the job now (an outage, a centre not open yet): keep it for later. */
  hold(job: Job): void;
  reject(job: Job, reason: string): void;
  /** The chosen partition's queue is full. */
  refuse(job: Job, p: PartitionState, t: number): void;
  /** The job joins its partition's queue (its input is there). */
  enqueue(job: Job, t: number): void;
  /** Decide again at `atS` (a job held for a cheaper or greener hour). */
  dispatchAt(job: Job, atS: number): void;
  /** Whether some link or centre is down, or a centre not open yet, at `t`. */
  transientlyBlocked(t: number): boolean;
}

/** Where each centre is, whether it is open and up, and what it caches: the simulation's, read here. */
export interface CentreState {
  readonly centreSite: Int32Array;
  readonly activeFromS: Float64Array;
  readonly activeUntilS: Float64Array;
  readonly downS: readonly DownWindows[];
  readonly caches: readonly (InputCache | null)[];
}

/**
 * The national dispatcher: for each ready job, the candidate partitions (eligible, reachable,
 * open, with the stage-in estimate and what the dispatcher's view says of their load), the
 * policy's choice (checked), temporal shifting, the dispatcher's own outage (`dispatch.down`),
 * then sending the job: its stage-in, or straight into the queue.
 */
export class NationalDispatcher {
  /** The dispatch policy, its name in messages, and whether it is a user's plug-in (its faults are exit 2, not a bug). */
  readonly policy: DispatchPolicy;
  private readonly label: string;
  private readonly isPlugin: boolean;
  /**
   * A plug-in's code runs in this process: it is shown the job's spec frozen and frozen copies
   * of the candidates, so that an assignment to them fails (a TypeError in a module, reported as
   * the plug-in's error) instead of changing the job or the partition the simulation then uses.
   * Built-in policies decide and never write; an external process gets copies by its nature.
   */
  private readonly guarded: boolean;
  /** Whether the dispatch policy reads the energy estimates (computed only then). */
  private readonly wantsEnergy: boolean;
  /**
   * Whether each candidate's job estimates (stage-in, bytes to move, origin latency, expected
   * wait, power) are computed: unless the policy says it reads none of them and nothing else
   * does (energy estimates and temporal shifting start from them). A policy that reads only the
   * view's loads, such as least-loaded, then costs the dispatcher its eligibility checks alone.
   */
  private readonly estimates: boolean;
  private readonly estimate: StageInEstimate = { source: -1, seconds: 0 };
  /** Per partition: the input source found for the job being dispatched. */
  private readonly candidateSource: Int32Array;
  /** Per centre, its partitions that run CPU jobs and those that run GPU jobs (indices, in order). */
  private readonly cpuPartitions: number[][] = objectArray();
  private readonly gpuPartitions: number[][] = objectArray();
  /** Per partition: nodes the job being dispatched needs there, 0 when it cannot run there. */
  private readonly nodesFor: Float64Array;
  /** The candidate list handed to the dispatch policy (reused). */
  private readonly candidates: CandidateView[] = objectArray();
  /** Relative speed per partition for each job class of the speed table, and for the others. */
  private readonly speedRows = new Map<string, Float64Array>();
  private readonly defaultSpeeds: Float64Array;
  private readonly centreSite: Int32Array;
  private readonly activeFromS: Float64Array;
  private readonly activeUntilS: Float64Array;
  private readonly downS: readonly DownWindows[];
  private readonly caches: readonly (InputCache | null)[];
  /** What the dispatcher knows of each partition: the candidate views. */
  readonly view: DispatcherView;
  /** The jobs of the instant a gathering policy was asked about (reused). */
  private readonly asked: Job[] = objectArray();
  /**
   * The candidates of each job shape while they hold, when the policy reads no estimate and no
   * queue snapshot (null otherwise): a job's own fields are all that is left to write.
   */
  private readonly eligibility: EligibilityCache | null;

  constructor(
    private readonly scenario: Scenario,
    private readonly partitions: readonly PartitionState[],
    private readonly centrePartitions: readonly (readonly number[])[],
    private readonly mover: DataMover,
    private readonly outlook: EnergyOutlook,
    centres: CentreState,
    policies: PolicyResolver,
    seed: number,
    private readonly host: DispatchHost,
  ) {
    this.centreSite = centres.centreSite;
    this.activeFromS = centres.activeFromS;
    this.activeUntilS = centres.activeUntilS;
    this.downS = centres.downS;
    this.caches = centres.caches;
    this.candidateSource = new Int32Array(partitions.length);
    this.nodesFor = new Float64Array(partitions.length);
    for (const indices of centrePartitions) {
      this.cpuPartitions.push(indices.filter((pi) => !(partitions[pi] as PartitionState).hasGpus));
      this.gpuPartitions.push(indices.filter((pi) => (partitions[pi] as PartitionState).hasGpus));
    }
    this.defaultSpeeds = this.speedRow(scenario.speeds['*']);
    for (const [jobClass, row] of Object.entries(scenario.speeds)) {
      if (jobClass !== '*') this.speedRows.set(jobClass, this.speedRow({ ...scenario.speeds['*'], ...row }));
    }
    const { module } = scenario.dispatch;
    const definition = module === '' ? policies.dispatch(scenario.dispatch.policy) : policies.dispatchModule?.(module);
    if (definition === undefined) {
      throw new Error(module === '' ? `unknown dispatch policy '${scenario.dispatch.policy}'` : `dispatch plug-in ${module} was not loaded by the runner`);
    }
    this.label = module === '' ? `dispatch policy '${definition.name}'` : `dispatch plug-in '${definition.name}' (${module})`;
    // A plug-in's or an external process's faults are the user's to fix (exit 2), not cnsim bugs.
    this.isPlugin = module !== '' || isExternalPolicy(scenario.dispatch.policy);
    this.guarded = module !== '';
    this.policy = this.created(() => definition.instantiate(scenario.dispatch.options, { rng: createRng(seed, `policy/${definition.name}/dispatch`) }));
    this.wantsEnergy = this.policy.needsEnergy === true;
    this.estimates = this.policy.needsEstimates !== false || this.wantsEnergy || scenario.dispatch.shift !== 'none';
    this.view = new DispatcherView(scenario, partitions, this.policy.needsQueueSnapshots === true);
    if (!this.estimates) this.view.withoutEstimates();
    const windowsS = [...this.activeFromS, ...this.activeUntilS, ...this.downS.flatMap((w) => (w ?? []).flatMap((d) => [d.fromS, d.toS]))];
    this.eligibility = this.estimates || this.view.wantsQueues ? null : new EligibilityCache(windowsS, scenario.sites.length);
  }

  /**
   * The policy instance, checked: a plug-in's `create` that throws or returns no policy is the
   * plug-in's fault (exit 2, naming it), not a crash of the run.
   */
  private created(create: () => DispatchPolicy): DispatchPolicy {
    let policy: DispatchPolicy;
    try {
      policy = create();
    } catch (error) {
      if (!this.isPlugin || error instanceof PolicyDecisionError) throw error;
      throw new PolicyDecisionError(`${this.label} failed in create(): ${error instanceof Error ? error.message : String(error)}`, { cause: error, byPlugin: true });
    }
    if (policy === null || typeof policy !== 'object' || typeof policy.choose !== 'function') {
      throw new PolicyDecisionError(`${this.label}: create() returned ${policy === null || typeof policy !== 'object' ? String(policy) : 'an object without a choose method'}; expected an object with choose(job, candidates, t)`, {
        byPlugin: this.isPlugin,
      });
    }
    return policy;
  }

  /** Speed of each partition from a speed-table row (device model → speed), else its own speed. */
  private speedRow(row: Readonly<Record<string, number>> | undefined): Float64Array {
    return Float64Array.from(this.partitions, (p) => {
      const model = p.hasGpus ? p.spec.gpuModel : p.spec.cpuModel;
      return (model === '' ? undefined : ownValue(row, model)) ?? p.spec.speed;
    });
  }

  /**
   * Decides where each ready job of the instant goes, in order. A policy that gathers (an
   * external process) sees every job's candidates as they are before any of them is sent, and
   * answers once; its choices are then applied in order, each checked as {@link dispatch} does.
   */
  dispatchAll(jobs: readonly Job[], t: number): void {
    const policy = this.policy;
    if (policy.gather === undefined || policy.decideGathered === undefined) {
      for (const job of jobs) this.dispatch(job, t);
      return;
    }
    const asked = this.asked;
    asked.length = 0;
    for (const job of jobs) if (this.dispatch(job, t, GATHER)) asked.push(job);
    if (asked.length === 0) return;
    let choices: readonly number[];
    try {
      choices = policy.decideGathered(t);
    } catch (error) {
      throw this.policyError(error, `deciding ${asked.length} job${asked.length === 1 ? '' : 's'} at t=${t}s (${asked.map((j) => j.spec.id).join(', ')})`);
    }
    if (!Array.isArray(choices) || choices.length !== asked.length) {
      throw new PolicyDecisionError(
        `${this.label} returned ${Array.isArray(choices) ? `${choices.length} choices` : JSON.stringify(choices)} for the ${asked.length} jobs of t=${t}s (${asked.map((j) => j.spec.id).join(', ')}); expected one position per job`,
        { byPlugin: this.isPlugin },
      );
    }
    // Each choice is a position in the candidate list the job was shown: sends of earlier jobs
    // of the instant change loads, not which partitions are candidates.
    asked.forEach((job, k) => {
      const choice = choices[k];
      // Negative numbers are this class's own modes: a reply cannot select them.
      this.dispatch(job, t, typeof choice === 'number' && choice >= 0 ? choice : Number.NaN);
    });
  }

  private policyError(error: unknown, what: string): PolicyDecisionError {
    if (error instanceof PolicyDecisionError) return error;
    return new PolicyDecisionError(`${this.label} failed ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error, byPlugin: this.isPlugin });
  }

  /**
   * Decides where a ready job goes (or holds, shifts, refuses or rejects it), and sends it there.
   * @param decided the policy's choice already made (a position in the candidates), or {@link ASK}
   *   the policy now, or {@link GATHER}: hand the candidates to a gathering policy and stop
   * @returns whether the job reached the policy (false: held, shifted, rejected or sent by the fallback)
   */
  dispatch(job: Job, t: number, decided: number = ASK): boolean {
    const spec = job.spec;
    const mover = this.mover;
    const origin = mover.siteIndex(spec.origin);
    // The dispatcher itself is down: hold the job, or let the origin's own centres take it.
    const fallback = downAt(this.scenario.dispatch.downS, t);
    if (fallback && this.scenario.dispatch.fallback === 'hold') {
      this.host.hold(job);
      return false;
    }
    this.collectCandidates(spec, t, origin, fallback);
    const candidates = this.candidates;
    if (candidates.length === 0) {
      // Blocked only by an outage or a centre not yet open: the hub holds the job and tries
      // again when a link comes back or a centre opens, instead of refusing it for good.
      if (fallback || this.host.transientlyBlocked(t)) this.host.hold(job);
      else this.host.reject(job, this.rejectionReason(spec));
      return false;
    }
    if (fallback) {
      // The origin's centres decide locally: the partition with the least expected wait.
      let best = 0;
      let bestWaitS = expectedWaitS(candidates[0] as CandidateView, t);
      for (let i = 1; i < candidates.length; i++) {
        const waitS = expectedWaitS(candidates[i] as CandidateView, t);
        if (waitS < bestWaitS) {
          best = i;
          bestWaitS = waitS;
        }
      }
      this.send(job, candidates[best] as CandidateView, t);
      return false;
    }
    if (this.scenario.dispatch.shift !== 'none' && (spec.slackS ?? 0) > 0 && !job.shiftDecided) {
      // Temporal shifting is decided once, at the first decision: hold for a better hour or go now.
      job.shiftDecided = true;
      const releaseS = this.outlook.bestReleaseS(spec, candidates, t);
      if (releaseS > t) {
        job.shiftS = releaseS - t;
        this.host.dispatchAt(job, releaseS);
        return false;
      }
    }
    if (decided === GATHER) {
      (this.policy.gather as NonNullable<DispatchPolicy['gather']>)(this.guarded ? Object.freeze(spec) : spec, this.guarded ? frozenCopies(candidates) : candidates, t);
      return true;
    }
    let choice = decided;
    if (decided === ASK) {
      try {
        choice = this.guarded ? this.policy.choose(Object.freeze(spec), frozenCopies(candidates), t) : this.policy.choose(spec, candidates, t);
      } catch (error) {
        throw new PolicyDecisionError(
          `${this.label} threw while dispatching job ${spec.id} at t=${t}s (${candidates.length} candidates): ${error instanceof Error ? error.message : String(error)}`,
          { cause: error, byPlugin: this.isPlugin },
        );
      }
    }
    const chosen = Number.isInteger(choice) ? candidates[choice] : undefined;
    if (chosen === undefined) {
      throw new PolicyDecisionError(
        `${this.label} returned ${typeof choice === 'number' ? String(choice) : JSON.stringify(choice) ?? String(choice)} for job ${spec.id} at t=${t}s; expected an integer in [0, ${candidates.length - 1}] (a position in the candidate list)`,
        { byPlugin: this.isPlugin },
      );
    }
    this.send(job, chosen, t);
    return true;
  }

  /**
   * Fills {@link candidates} for a job at `t`: the candidates remembered for its shape when the
   * policy reads no estimate (see {@link EligibilityCache}), else every centre checked.
   */
  private collectCandidates(spec: JobSpec, t: number, origin: number, fallback: boolean): void {
    const shapes = this.eligibility;
    if (shapes === null || fallback || spec.dataset !== undefined || hasConstraints(spec)) {
      this.checkCandidates(spec, t, origin, fallback);
      return;
    }
    // "Has input" as the route check reads it (DataMover.reachesFrom: bytes <= 0 needs no route).
    const key = shapes.key(spec.cores, spec.gpus, origin, this.mover.siteIndex(spec.dataSite), !(spec.inputBytes <= 0));
    const maxLatencyS = spec.maxLatencyS ?? Number.POSITIVE_INFINITY;
    const known = key < 0 ? undefined : shapes.get(spec.jobClass, key, maxLatencyS, t, this.mover.routesVersion);
    if (known === undefined) {
      this.checkCandidates(spec, t, origin, fallback);
      if (key >= 0) shapes.set(spec.jobClass, key, maxLatencyS, Float64Array.from(this.candidates.flatMap((c) => [c.index, c.nodesNeeded, c.speed])));
      return;
    }
    // The job's own fields, as checkCandidates writes them when no estimate is wanted.
    const candidates = this.candidates;
    clear(candidates);
    const pool = this.view.pool;
    for (let k = 0; k < known.length; k += 3) {
      const view = pool[known[k] as number] as PooledCandidate;
      const speed = known[k + 2] as number;
      view.nodesNeeded = known[k + 1] as number;
      view.speed = speed;
      view.walltimeS = spec.walltimeS / speed;
      candidates.push(view);
    }
  }

  /**
   * Fills {@link candidates} for a job at `t` by checking every centre: a method of its own,
   * apart from the policy's call and the checks, so that V8 inlines the small functions of this
   * loop (node counts, power, the route reads) instead of calling them with boxed numbers for
   * every candidate.
   */
  private checkCandidates(spec: JobSpec, t: number, origin: number, fallback: boolean): void {
    const mover = this.mover;
    const estimate = this.estimate;
    const sources = mover.sourcesOf(spec);
    const speeds = this.speedRows.get(spec.jobClass) ?? this.defaultSpeeds;
    const constrained = hasConstraints(spec);
    const wantsGpus = spec.gpus > 0;
    // Candidate views are pooled (one per partition) and kept current as the dispatcher's view
    // changes (see DispatcherView); only the job-dependent fields are written here, so a million
    // dispatches allocate nothing.
    const candidates = this.candidates;
    clear(candidates);
    const centres = this.scenario.centres;
    const maxLatencyS = spec.maxLatencyS ?? Number.POSITIVE_INFINITY;
    const nodesFor = this.nodesFor;
    const pool = this.view.pool;
    const liveQueues = this.view.wantsQueues && this.view.live;
    const estimates = this.estimates;
    // Only the partitions of the job's kind; a centre without one is skipped before any other check.
    const kindPartitions = wantsGpus ? this.gpuPartitions : this.cpuPartitions;
    for (let c = 0; c < centres.length; c++) {
      const partitions = kindPartitions[c] as number[];
      if (partitions.length === 0) continue;
      // An inactive centre (not yet commissioned, or decommissioned) takes no new jobs.
      if (t < (this.activeFromS[c] as number) || t >= (this.activeUntilS[c] as number) || downAt(this.downS[c], t)) continue;
      const centreSite = this.centreSite[c] as number;
      if (fallback && centreSite !== origin) continue;
      const backLatencyS = mover.latencyAt(centreSite, origin);
      if (Number.isNaN(backLatencyS) || backLatencyS > maxLatencyS) continue;
      // The partitions that can run the job, before the stage-in estimate (a route's worth of
      // work per centre): nodes it needs on each, 0 where it cannot run.
      let eligible = 0;
      for (let i = 0; i < partitions.length; i++) {
        const pi = partitions[i] as number;
        const p = this.partitions[pi] as PartitionState;
        let nodes = 0;
        if (!constrained || meetsConstraints(p.spec, spec)) {
          nodes = nodesNeeded(p.spec, spec.cores, spec.gpus);
          if (nodes > p.totalNodes) nodes = 0;
          else eligible++;
        }
        nodesFor[pi] = nodes;
      }
      if (eligible === 0) continue;
      const cached = spec.dataset !== undefined && this.caches[c]?.has(spec.dataset) === true;
      if (!estimates) {
        // The policy reads no estimate: the source is found for the chosen partition only (in send).
        if (!cached && !mover.reachesFrom(sources, spec.inputBytes, centreSite)) continue;
      } else if (cached) {
        // The dataset is in this centre's input cache: nothing to move.
        estimate.source = centreSite;
        estimate.seconds = 0;
      } else if (mover.estimateStageIn(sources, spec.inputBytes, centreSite, estimate) === null) continue;
      const bytesToMove = (estimate.source === centreSite ? 0 : spec.inputBytes) + (origin === centreSite ? 0 : spec.outputBytes);
      const originLatencyS = origin === centreSite ? 0 : backLatencyS;
      for (let i = 0; i < partitions.length; i++) {
        const pi = partitions[i] as number;
        const nodes = nodesFor[pi] as number;
        if (nodes === 0) continue;
        const p = this.partitions[pi] as PartitionState;
        const view = liveQueues ? this.view.viewFor(p, t) : (pool[pi] as PooledCandidate);
        const speed = speeds[pi] as number;
        view.nodesNeeded = nodes;
        view.speed = speed;
        view.walltimeS = spec.walltimeS / speed;
        if (estimates) {
          view.stageInS = estimate.seconds;
          this.candidateSource[pi] = estimate.source;
          view.bytesToMove = bytesToMove;
          view.originLatencyS = originLatencyS;
          view.expectedWaitS = expectedWaitS(view, t);
          view.powerW = jobPowerW(p.spec, nodes, spec.cores, spec.gpus);
          if (this.wantsEnergy) this.outlook.estimate(view, t);
        }
        candidates.push(view);
      }
    }
  }

  /** Sends a job to the candidate chosen for it (or has it refused by a full queue). */
  private send(job: Job, chosen: CandidateView, t: number): void {
    const spec = job.spec;
    const mover = this.mover;
    const p = this.partitions[chosen.index] as PartitionState;
    if (p.sentJobs - p.startedJobs >= p.spec.maxQueuedJobs) {
      this.host.refuse(job, p, t);
      return;
    }
    advanceJob(job, JobStatus.Dispatched);
    job.dispatchedS = t;
    job.centre = chosen.centre;
    job.partition = p.index;
    // A small integer, not a heap number: one box fewer per job (see smallInteger).
    job.nodes = smallInteger(chosen.nodesNeeded);
    job.speed = chosen.speed;
    job.walltimeS = chosen.walltimeS;
    p.sent(job);
    this.view.sent(p, job, t);
    const centreSite = this.centreSite[chosen.centre] as number;
    const cache = spec.dataset === undefined ? null : this.caches[chosen.centre];
    if (cache?.has(spec.dataset as string) === true) {
      cache.use(spec.dataset as string, t);
      job.dataSource = 'cache';
      job.stageInBytes = 0;
      this.host.enqueue(job, t);
      return;
    }
    // The source chosen while the candidates were built (rates have not changed since), or
    // found now when the policy read no estimate.
    const source = this.estimates ? (this.candidateSource[p.index] as number) : (mover.estimateStageIn(mover.sourcesOf(spec), spec.inputBytes, centreSite, this.estimate) as StageInEstimate).source;
    job.dataSource = this.scenario.sites[source]?.id ?? spec.dataSite;
    job.stageInBytes = source === centreSite ? 0 : spec.inputBytes;
    if (!mover.startTransfer(job.slot, source, centreSite, spec.inputBytes, t, spec.id)) {
      this.host.enqueue(job, t);
    }
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
}

/**
 * The wait the dispatcher's view suggests for a job of `nodesNeeded` nodes at `t`: none when
 * the free nodes not claimed by the queue suffice, else the running and queued node-seconds
 * spread over the partition, less the time since the view was taken.
 */
function expectedWaitS(view: CandidateView, t: number): number {
  return view.freeNodes - view.queuedNodes >= view.nodesNeeded ? 0 : Math.max(0, (view.runningNodeSeconds + view.queuedNodeSeconds) / view.totalNodes - (t - view.viewTakenS));
}

/** Frozen copies of the candidates, in a frozen array: what a plug-in's code is shown (see `guarded`). */
function frozenCopies(candidates: readonly CandidateView[]): readonly CandidateView[] {
  const copies: CandidateView[] = [];
  for (const c of candidates) copies.push(Object.freeze({ ...c }));
  return Object.freeze(copies);
}

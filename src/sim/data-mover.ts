import type { EventQueue } from '../engine/event-queue.js';
import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import type { Link } from '../model/link.js';
import { NETWORK_MODEL_DEFAULTS } from '../model/network-model.js';
import type { Scenario } from '../model/scenario.js';
import { type CompletionScheduler, FlowNetwork } from '../network/flow-network.js';
import { type Route, RouteTable } from '../network/routes.js';
import type { TransferNetwork } from '../network/transfer-network.js';
import { WeightedFlowNetwork } from '../network/weighted-flow-network.js';

/** Event kinds the data mover schedules (numbers chosen by the simulation). */
export interface DataMoverEvents {
  readonly flowStart: number;
  readonly flowDone: number;
  readonly linkChange: number;
}

/** A change of a link at a time: a new scheduled bandwidth, or the start or end of an outage. */
interface LinkChange {
  readonly atS: number;
  readonly link: number;
  readonly kind: 'capacity' | 'down' | 'up';
  readonly bandwidthBps: number;
}

/** Where a job's input comes from and how long moving it would take now. */
export interface StageInEstimate {
  /** Site index of the source (a replica of the job's dataset, or its data site). */
  source: number;
  seconds: number;
}

/** Told when a job's transfer has arrived (a method, not a callback: see `CompletionScheduler`). */
export interface TransferListener {
  transferDone(job: number, nowS: number): void;
}

/**
 * Moves job data over the network: stage-in from the data site (or the best replica of a
 * dataset) to the centre, stage-out back to the origin.
 *
 * A transfer first waits its route latency (× the model's latency factor), then joins the
 * flow-level network as a flow that shares bandwidth until its last byte is sent: max-min fairly
 * (`maxmin`, {@link FlowNetwork}), or as SimGrid's CM02 and LV08 share it (`cm02`, `lv08`, and
 * `maxmin` over shared links: {@link WeightedFlowNetwork}). Links may
 * change capacity over time and go down: flows on a failed link move to another route when one
 * exists, otherwise they wait, and new transfers without a route wait too; nothing is lost.
 * Each job has at most one transfer in flight, so transfers are identified by job index.
 */
export class DataMover implements CompletionScheduler {
  readonly network: TransferNetwork;
  /** Multiplies a route's latency before a transfer's bytes flow (1 under maxmin). */
  private readonly latencyFactor: number;
  /** The network takes each flow's back route (cross-traffic of the TCP models). */
  private readonly needsBackRoute: boolean;
  private routes: RouteTable;
  /** Times the routes were rebuilt (a link went down or came back): what depends on them checks it. */
  routesVersion = 0;
  private readonly siteIds: readonly string[];
  private readonly scenarioName: string;
  private readonly links: readonly Link[];
  private readonly up: Uint8Array;
  /** Per link: why it is down (scheduled windows and failures at once), since when, and the downtime so far. */
  private readonly downReasons: Uint8Array;
  private readonly downSinceS: Float64Array;
  private readonly downS: Float64Array;
  private readonly scheduledBps: Float64Array;
  private readonly changes: LinkChange[];
  /** Per job: source and destination site of its transfer in flight, and its bytes. */
  private from: Int32Array;
  private to: Int32Array;
  private sizeBytes: Float64Array;
  /** Transfers waiting for a route (job slots), with the bytes they still have to send. */
  private readonly waiting = new Map<number, number>();
  private readonly completed: number[] = [];
  private readonly datasets: ReadonlyMap<string, readonly number[]>;
  private readonly explicit: Scenario['routes'];
  /** [site] for each site index, so that a job without a dataset needs no array of its own. */
  private readonly singleSource: readonly (readonly number[])[];
  /** Per link: the most bandwidth it ever has (its scheduled changes included), bit/s. */
  private readonly peakBps: Float64Array;
  /** The most any link ever has: a transfer that arrives in time even at this rate needs no route check. */
  private readonly maxPeakBps: number;
  /** Per link: from when its bandwidth is 0 for good (its capacity schedule ends at 0), else Infinity. */
  private readonly zeroFromS: Float64Array;
  /** Whether any link ends at 0: only then is a route's every link looked at when a transfer starts. */
  private readonly anyZeroLink: boolean;

  constructor(
    scenario: Scenario,
    jobCapacity: number,
    private readonly queue: EventQueue,
    private readonly kinds: DataMoverEvents,
    private readonly listener: TransferListener,
    /**
     * No transfer may arrive later (the reach of the report windows, seconds): one that could not
     * arrive before it even alone on its route at the route's best bandwidth is refused at once
     * (an InputError naming it), instead of being simulated for centuries first.
     */
    private readonly latestArrivalS = Number.POSITIVE_INFINITY,
  ) {
    this.scenarioName = scenario.name;
    this.siteIds = scenario.sites.map((s) => s.id);
    this.links = scenario.links;
    this.up = new Uint8Array(this.links.length).fill(1);
    this.downReasons = new Uint8Array(this.links.length);
    this.downSinceS = new Float64Array(this.links.length);
    this.downS = new Float64Array(this.links.length);
    this.scheduledBps = Float64Array.from(this.links, (l) => l.bandwidthBps);
    this.peakBps = Float64Array.from(this.links, (l) => Math.max(l.bandwidthBps, ...l.capacitySchedule.map((c) => c.bandwidthBps)));
    this.maxPeakBps = this.peakBps.reduce((a, b) => Math.max(a, b), 0);
    this.zeroFromS = Float64Array.from(this.links, (l) => {
      const last = l.capacitySchedule.at(-1);
      return last !== undefined && last.bandwidthBps === 0 ? last.atS : Number.POSITIVE_INFINITY;
    });
    this.anyZeroLink = this.zeroFromS.some((t) => Number.isFinite(t));
    this.explicit = scenario.routes;
    this.routes = this.buildRoutes();
    const model = scenario.networkModel;
    this.latencyFactor = model?.latencyFactor ?? 1;
    this.needsBackRoute = model?.crossTraffic ?? false;
    if (model === undefined && this.links.every((l) => l.sharing === undefined)) {
      // Plain max-min over split-duplex links: the original solver, unchanged.
      const capacity = new Float64Array(2 * this.links.length);
      this.links.forEach((l, i) => {
        capacity[2 * i] = l.bandwidthBps;
        capacity[2 * i + 1] = l.bandwidthBps;
      });
      this.network = new FlowNetwork(capacity, scenario.flowCapBps, scenario.report.utilizationWindowS);
    } else {
      this.network = new WeightedFlowNetwork(this.links, model ?? NETWORK_MODEL_DEFAULTS.maxmin, scenario.flowCapBps, scenario.report.utilizationWindowS);
    }
    // Per job slot (grown as the jobs in the system grow, see startTransfer).
    const slots = Math.max(1, jobCapacity);
    this.from = new Int32Array(slots);
    this.to = new Int32Array(slots);
    this.sizeBytes = new Float64Array(slots);
    this.singleSource = this.siteIds.map((_, i) => [i]);
    this.datasets = new Map(scenario.datasets.map((d) => [d.id, d.replicas.map((r) => this.routes.siteIndex(r))]));
    this.changes = [];
    this.links.forEach((l, i) => {
      for (const c of l.capacitySchedule) this.changes.push({ atS: c.atS, link: i, kind: 'capacity', bandwidthBps: c.bandwidthBps });
      for (const d of l.down) {
        this.changes.push({ atS: d.fromS, link: i, kind: 'down', bandwidthBps: 0 });
        this.changes.push({ atS: d.toS, link: i, kind: 'up', bandwidthBps: 0 });
      }
    });
    // Stable order: by time, then link, then the order written in the scenario.
    this.changes = this.changes.map((c, k) => ({ c, k })).sort((x, y) => x.c.atS - y.c.atS || x.c.link - y.c.link || x.k - y.k).map((x) => x.c);
    this.changes.forEach((c, k) => this.queue.push(c.atS, this.kinds.linkChange, k));
  }

  /** Index of a site id. */
  siteIndex(id: string): number {
    return this.routes.siteIndex(id);
  }

  /** The current route between two sites (null when none is up). */
  routeAt(from: number, to: number): Route | null {
    return this.routes.routeAt(from, to);
  }

  /** Latency of the current route between two sites, seconds (NaN when none is up). */
  latencyAt(from: number, to: number): number {
    const routes = this.routes;
    return routes.latencyS[from * routes.siteCount + to] as number;
  }

  /** The sites a job's input can come from: its dataset's replicas, or its data site. */
  sourcesOf(spec: JobSpec): readonly number[] {
    const replicas = spec.dataset === undefined ? undefined : this.datasets.get(spec.dataset);
    return replicas ?? (this.singleSource[this.routes.siteIndex(spec.dataSite)] as readonly number[]);
  }

  /**
   * The source a job's input would come from if it ran at `centreSite`, and the stage-in time
   * at current rates: route latency + bytes / the rate a new flow would get (the fastest of
   * `sources`, ties to the first listed). Null when no source can reach the centre.
   */
  estimateStageIn(sources: readonly number[], bytes: number, centreSite: number, out: StageInEstimate): StageInEstimate | null {
    let bestS = Number.POSITIVE_INFINITY;
    let bestSource = -1;
    for (let i = 0; i < sources.length; i++) {
      const r = sources[i] as number;
      // An infinite estimate (a link at capacity 0) still counts: the flow will wait for it.
      if (this.estimateFrom(r, centreSite, bytes, out) !== null && (bestSource < 0 || out.seconds < bestS)) {
        bestS = out.seconds;
        bestSource = r;
      }
    }
    if (bestSource < 0) return null;
    out.source = bestSource;
    out.seconds = bestS;
    return out;
  }

  /**
   * Whether some source of `sources` can deliver `bytes` to `centreSite`: what
   * {@link estimateStageIn} answers with a non-null estimate, without the estimate.
   */
  reachesFrom(sources: readonly number[], bytes: number, centreSite: number): boolean {
    if (bytes <= 0) return true;
    const routes = this.routes;
    for (let i = 0; i < sources.length; i++) {
      const r = sources[i] as number;
      if (r === centreSite || !Number.isNaN(routes.latencyS[r * routes.siteCount + centreSite] as number)) return true;
    }
    return false;
  }

  private estimateFrom(source: number, dest: number, bytes: number, out: StageInEstimate): StageInEstimate | null {
    out.source = source;
    if (source === dest || bytes <= 0) {
      out.seconds = 0;
      return out;
    }
    // The route as numbers (see RouteTable.latencyS): this runs for every centre of every dispatch.
    const routes = this.routes;
    const k = source * routes.siteCount + dest;
    const latencyS = routes.latencyS[k] as number;
    if (Number.isNaN(latencyS)) return null;
    out.seconds = latencyS * this.latencyFactor + (8 * bytes) / this.network.estimateRateOnBps(routes.hopDirs, routes.hopStart[k] as number, routes.hopStart[k + 1] as number);
    return out;
  }

  /**
   * Starts moving `bytes` for job `job` from one site to another at `nowS`.
   * @returns false when nothing has to move (same site or no bytes): the caller goes on at once
   */
  startTransfer(job: number, from: number, to: number, bytes: number, nowS: number, jobId = ''): boolean {
    if (from === to || bytes <= 0) return false;
    if (job >= this.from.length) this.grow(Math.max(job + 1, 2 * this.from.length));
    this.from[job] = from;
    this.to[job] = to;
    this.sizeBytes[job] = bytes;
    const route = this.routes.routeAt(from, to);
    if (route === null) this.waiting.set(job, bytes);
    else {
      const startS = nowS + route.latencyS * this.latencyFactor;
      // The route's own peak is looked up only when even the fastest link could not make it.
      if (startS + (8 * bytes) / this.maxPeakBps > this.latestArrivalS) this.checkArrival(route, from, to, bytes, startS, jobId);
      if (this.anyZeroLink) this.checkZeroLinks(route, from, to, bytes, startS, jobId);
      this.queue.push(startS, this.kinds.flowStart, job);
    }
    return true;
  }

  /**
   * Refuses a transfer that cannot arrive before {@link latestArrivalS} even alone on its route
   * at the peak of its slowest link, naming the job, the sites and that link.
   */
  private checkArrival(route: Route, from: number, to: number, bytes: number, startS: number, jobId: string): void {
    let slowest = -1;
    for (const dir of route.linkDirs) if (slowest < 0 || (this.peakBps[dir >> 1] as number) < (this.peakBps[slowest] as number)) slowest = dir >> 1;
    const earliestS = startS + (8 * bytes) / (this.peakBps[slowest] as number);
    if (earliestS <= this.latestArrivalS) return;
    throw new InputError(this.scenarioName, [
      `links: ${bytes} bytes${jobId === '' ? '' : ` of job ${jobId}`} from ${this.siteIds[from]} to ${this.siteIds[to]} (route latency ${route.latencyS} s; slowest link ${this.links[slowest]?.id ?? '?'}, ${this.peakBps[slowest]} bit/s at most) could not arrive before t=${earliestS} s, past the ${this.latestArrivalS} s the report windows can reach: check the links' bandwidth and latency and the job's bytes, or raise report.utilizationWindow`,
    ]);
  }

  /**
   * Refuses a transfer over a link whose bandwidth drops to 0 for good before the transfer could
   * be through it even at the link's peak: it would never arrive, and its job would stay in the
   * system to the end of a run that otherwise looks finished.
   */
  private checkZeroLinks(route: Route, from: number, to: number, bytes: number, startS: number, jobId: string): void {
    for (const dir of route.linkDirs) {
      const link = dir >> 1;
      const zeroS = this.zeroFromS[link] as number;
      if (!(startS + (8 * bytes) / (this.peakBps[link] as number) > zeroS)) continue;
      throw new InputError(this.scenarioName, [
        `links: ${bytes} bytes${jobId === '' ? '' : ` of job ${jobId}`} from ${this.siteIds[from]} to ${this.siteIds[to]} would never arrive: link ${this.links[link]?.id ?? '?'} on its route has bandwidth 0 from t=${zeroS} s on (the last entry of its capacity schedule): end the schedule above 0, or give the link down windows instead (a down link's transfers take another route or wait for its repair)`,
      ]);
    }
  }

  private grow(size: number): void {
    const from = new Int32Array(size);
    from.set(this.from);
    this.from = from;
    const to = new Int32Array(size);
    to.set(this.to);
    this.to = to;
    const sizeBytes = new Float64Array(size);
    sizeBytes.set(this.sizeBytes);
    this.sizeBytes = sizeBytes;
  }

  /** A transfer's latency has elapsed: its bytes join the network (or wait for a route). */
  onFlowStart(job: number, nowS: number): void {
    this.addFlow(job, this.sizeBytes[job] as number, nowS);
  }

  /** A route class's next flows complete at `nowS` (stale events do nothing). */
  onFlowDone(classId: number, nowS: number): void {
    const done = this.completed;
    this.network.complete(classId, nowS, done);
    for (const job of done) this.listener.transferDone(job, nowS);
    while (done.length > 0) done.pop();
  }

  /** Applies the `index`-th link change. */
  onLinkChange(index: number, nowS: number): void {
    const change = this.changes[index] as LinkChange;
    const l = change.link;
    if (change.kind === 'capacity') {
      this.scheduledBps[l] = change.bandwidthBps;
      if (this.up[l] === 1) this.setLinkCapacity(l, change.bandwidthBps, nowS);
      return;
    }
    this.setDown(l, change.kind === 'down', nowS);
  }

  /**
   * A link fails (`down`) or is repaired, for one reason among several (a scheduled window, a
   * random failure): it is down while any reason holds.
   */
  setDown(l: number, down: boolean, nowS: number): void {
    const reasons = (this.downReasons[l] as number) + (down ? 1 : -1);
    this.downReasons[l] = reasons;
    const goingUp = reasons === 0;
    if ((this.up[l] === 1) === goingUp) return;
    this.up[l] = goingUp ? 1 : 0;
    if (goingUp) this.downS[l] = (this.downS[l] as number) + nowS - (this.downSinceS[l] as number);
    else this.downSinceS[l] = nowS;
    this.setLinkCapacity(l, goingUp ? (this.scheduledBps[l] as number) : 0, nowS);
    this.routes = this.buildRoutes();
    this.routesVersion++;
    if (!goingUp) {
      // Flows on the failed link move to another route now, or wait for one.
      for (const dir of [2 * l, 2 * l + 1]) {
        for (const f of this.network.extractFlowsOn(dir, nowS)) this.addFlow(f.owner, f.remainingBytes, nowS);
      }
    }
    // Any topology change may give a waiting transfer its route.
    for (const [job, bytes] of [...this.waiting]) {
      const route = this.routes.routeAt(this.from[job] as number, this.to[job] as number);
      if (route === null) continue;
      this.waiting.delete(job);
      this.sizeBytes[job] = bytes;
      this.queue.push(nowS + route.latencyS * this.latencyFactor, this.kinds.flowStart, job);
    }
  }

  /** Recomputes rates where something changed and schedules the next completions. */
  settle(nowS: number): void {
    this.network.settle(nowS, this);
  }

  /** Called by the network while settling: a class's next completion is at `timeS`. */
  scheduleCompletion(classId: number, timeS: number): void {
    // Moved, not added: a completion pushed back or forth by other transfers leaves no stale event.
    this.queue.moveKeyed(this.kinds.flowDone, classId, timeS);
  }

  /** Seconds each link was down from 0 to `endS` (scheduled windows and failures). */
  downtimeS(endS: number): Float64Array {
    return Float64Array.from(this.downS, (d, l) => d + (this.up[l] === 0 ? Math.max(0, endS - (this.downSinceS[l] as number)) : 0));
  }

  /** Links down now. */
  get linksDown(): number {
    let n = 0;
    for (let l = 0; l < this.up.length; l++) if (this.up[l] === 0) n++;
    return n;
  }

  /** Transfers waiting for a route (for the end-of-run report). */
  get waitingTransfers(): number {
    return this.waiting.size;
  }

  private addFlow(job: number, bytes: number, nowS: number): void {
    const route = this.routes.routeAt(this.from[job] as number, this.to[job] as number);
    if (route === null) {
      this.waiting.set(job, bytes);
      return;
    }
    if (bytes <= 0) {
      this.listener.transferDone(job, nowS);
      return;
    }
    if (!this.needsBackRoute) {
      this.network.addFlow(route.key, route.linkDirs, bytes, job, nowS);
      return;
    }
    // SimGrid's back route is the route from the destination to the source (`route_to`).
    const back = this.routes.routeAt(this.to[job] as number, this.from[job] as number);
    this.network.addFlow(route.key, route.linkDirs, bytes, job, nowS, back === null ? undefined : back.linkDirs);
  }

  private setLinkCapacity(link: number, bps: number, nowS: number): void {
    this.network.setCapacity(2 * link, bps, nowS);
    this.network.setCapacity(2 * link + 1, bps, nowS);
  }

  /** Routes over the links that are up (explicit ones first while their links are up). */
  private buildRoutes(): RouteTable {
    return new RouteTable(this.siteIds, this.links, { isUp: (l) => this.up[l] === 1, explicit: this.explicit });
  }
}

import type { LinkSharing, NetworkModel } from '../model/network-model.js';
import { CROSS_TRAFFIC_SHARE } from '../model/network-model.js';
import type { CompletionScheduler } from './flow-network.js';
import { type ExtractedFlow, FlowTable } from './flow-table.js';
import { LevelHeap } from './level-heap.js';
import { LinkAccounting } from './link-accounting.js';
import type { TransferNetwork } from './transfer-network.js';
import { WeightedRouteClass } from './weighted-route-class.js';

/** What the weighted network needs of a link. */
export interface WeightedLink {
  readonly bandwidthBps: number;
  readonly latencyS: number;
  /** Absent: splitDuplex. */
  readonly sharing?: LinkSharing;
}

/**
 * Flow-level network with SimGrid's sharing: the CM02 and LV08 models (SimGrid 3.32,
 * src/surf/network_cm02.cpp) solved by SimGrid's max-min with penalties (src/kernel/lmm/maxmin.cpp,
 * `System::solve`), and plain max-min over links whose directions share one capacity.
 *
 * Every link gives one constraint (`shared`: both directions load it) or two (`splitDuplex`),
 * of capacity bandwidthFactor × bandwidth. A flow of rate r loads each constraint of its route
 * with r, and, with cross-traffic, each constraint of its back route with 0.05 r (on a shared
 * link, the route's own constraint then carries 1.05 r). Rates are the weighted max-min
 * allocation SimGrid's solver computes by progressive filling: a level λ rises, every unfrozen
 * flow runs at λ / penalty, a constraint saturates when Σ weight × λ / penalty over its unfrozen
 * flows reaches its remaining capacity (its flows freeze there), and a flow whose bound is
 * reached (λ = bound × penalty) freezes at its bound.
 *
 * A flow's penalty and bound (`communicate` and `comm_action_set_variable` in network_cm02.cpp):
 * penalty = route latency + Σ weightS / bandwidth (bytes/s) of the route's links, but 1 when the
 * latency to pay (route latency × latencyFactor) is 0, as SimGrid then creates the flow with
 * weight 1 and never sets its penalty; bound = bandwidthFactor × tcpGamma / (2 × route latency)
 * (when both are > 0), and the per-flow cap. SimGrid also bounds a flow by bandwidthFactor × its smallest link
 * bandwidth, which never binds (the flow loads that link's constraint, of that capacity, with at
 * least its rate), so it is left out. Under `maxmin` every penalty is 1 and nothing else applies.
 *
 * The flows of a route share penalty, bound and constraints, so they form a class with one rate
 * (as in {@link FlowNetwork}); only the component of the constraints that changed is solved.
 * Unlike SimGrid, which keeps a flow's bound from its start, a capacity change recomputes the
 * penalty of the routes crossing the link (weightS / bandwidth), so a route keeps one class.
 */
export class WeightedFlowNetwork implements TransferNetwork {
  private readonly shared: Uint8Array;
  private readonly latencyS: Float64Array;
  /** Current bandwidth of each link direction, bytes/s. */
  private readonly dirBytesPerS: Float64Array;
  /** Capacity of each constraint, bytes/s (index: a link direction; a shared link uses 2 · link). */
  private readonly capacity: Float64Array;
  /** Flows loading each constraint (for the estimate). */
  private readonly flowsOnConstraint: Float64Array;
  private readonly accounting: LinkAccounting;
  readonly flowsStarted: Float64Array;
  /** Active classes loading each constraint, and crossing each link direction. */
  private readonly constraintClasses: number[][];
  private readonly dirClasses: number[][];
  private readonly classes: WeightedRouteClass[] = [];
  private readonly classByKey = new Map<string, number[]>();
  /** Solver scratch, per constraint. */
  private readonly remaining: Float64Array;
  private readonly usage: Float64Array;
  private readonly unfrozen: Float64Array;
  private readonly heap = new LevelHeap();
  /**
   * Classes with a bound, by the level at which it binds (bound × penalty), then id: sorted once
   * when a class or its parameters change, instead of a heap entry per class and solve.
   */
  private readonly boundOrder: number[] = [];
  private boundOrderStale = false;
  private readonly compConstraints: number[] = [];
  private readonly compClasses: number[] = [];
  private classSeen = new Uint8Array(64);
  private readonly dirtyConstraints: number[] = [];
  private readonly constraintDirty: Uint8Array;
  private readonly flows = new FlowTable();
  solves = 0;

  get deliveredBytes(): number {
    return this.flows.deliveredBytes;
  }

  /**
   * @param links the scenario's links (bandwidth bit/s, latency s, sharing)
   * @param model the model and its parameters
   * @param perFlowCapBps largest rate of one flow, bit/s (Infinity = none)
   * @param windowS window of the per-window accounting, s
   */
  constructor(
    links: readonly WeightedLink[],
    private readonly model: NetworkModel,
    private readonly perFlowCapBps: number,
    windowS: number,
  ) {
    const n = 2 * links.length;
    this.shared = Uint8Array.from(links, (l) => (l.sharing === 'shared' ? 1 : 0));
    this.latencyS = Float64Array.from(links, (l) => l.latencyS);
    this.dirBytesPerS = new Float64Array(n);
    this.capacity = new Float64Array(n);
    links.forEach((l, i) => {
      for (const d of [2 * i, 2 * i + 1]) {
        this.dirBytesPerS[d] = l.bandwidthBps / 8;
        this.capacity[this.constraintOf(d)] = (model.bandwidthFactor * l.bandwidthBps) / 8;
      }
    });
    this.flowsOnConstraint = new Float64Array(n);
    this.accounting = new LinkAccounting(n, windowS);
    this.flowsStarted = new Float64Array(n);
    this.constraintClasses = Array.from({ length: n }, () => []);
    this.dirClasses = Array.from({ length: n }, () => []);
    this.remaining = new Float64Array(n);
    this.usage = new Float64Array(n);
    this.unfrozen = new Float64Array(n);
    this.constraintDirty = new Uint8Array(n);
  }

  get bytes(): Float64Array {
    return this.accounting.bytes;
  }

  get busyS(): Float64Array {
    return this.accounting.busyS;
  }

  get windowBytes(): Float64Array[] {
    return this.accounting.windowBytes;
  }

  /** The constraint a link direction loads: its own, or the link's one when shared. */
  private constraintOf(dir: number): number {
    return this.shared[dir >> 1] === 1 ? dir & ~1 : dir;
  }

  /** Route latency, s: the links' latencies summed in hop order (as routes.ts and SimGrid sum them). */
  private routeLatencyS(dirs: ArrayLike<number>): number {
    let latencyS = 0;
    for (let i = 0; i < dirs.length; i++) latencyS += this.latencyS[(dirs[i] as number) >> 1] as number;
    return latencyS;
  }

  /**
   * The window bound of a route, bytes/s (Infinity without one), with the per-flow cap. SimGrid
   * 3.32 applies the bandwidth factor as the flow's rate factor (`comm_action_set_bounds`): the
   * bytes sent per second are the flow's LMM value × bandwidthFactor, the LMM value being bounded
   * by tcpGamma / (2 × latency) and the constraints by the bandwidths. In bytes/s that is a
   * capacity of bandwidthFactor × bandwidth and a window bound of bandwidthFactor × tcpGamma /
   * (2 × latency); a user rate (the per-flow cap) is divided by the factor first, so it stays as is.
   */
  private routeBoundBytesPerS(latencyS: number): number {
    let bound = this.perFlowCapBps / 8;
    const gamma = this.model.tcpGammaBytes;
    if (this.model.model !== 'maxmin' && gamma > 0 && latencyS > 0) bound = Math.min(bound, (this.model.bandwidthFactor * gamma) / (2 * latencyS));
    return bound;
  }

  estimateRateBps(linkDirs: ArrayLike<number>): number {
    let rate = this.routeBoundBytesPerS(this.routeLatencyS(linkDirs));
    for (let i = 0; i < linkDirs.length; i++) {
      const k = this.constraintOf(linkDirs[i] as number);
      const share = (this.capacity[k] as number) / ((this.flowsOnConstraint[k] as number) + 1);
      if (share < rate) rate = share;
    }
    return rate * 8;
  }

  estimateRateOnBps(linkDirs: Int32Array, from: number, to: number): number {
    return this.estimateRateBps(linkDirs.subarray(from, to));
  }

  addFlow(routeKey: string, linkDirs: ArrayLike<number>, sizeBytes: number, owner: number, nowS: number, backLinkDirs?: ArrayLike<number>): number {
    const cls = this.classFor(routeKey, linkDirs, this.model.crossTraffic ? backLinkDirs : undefined);
    cls.advance(nowS);
    const id = this.flows.add(cls, owner, sizeBytes);
    this.setFlowCount(cls, cls.count + 1);
    for (const d of cls.dirs) this.flowsStarted[d] = (this.flowsStarted[d] as number) + 1;
    return id;
  }

  /** The class of a route and back route, made on first use. */
  private classFor(routeKey: string, linkDirs: ArrayLike<number>, backLinkDirs: ArrayLike<number> | undefined): WeightedRouteClass {
    let same = this.classByKey.get(routeKey);
    if (same === undefined) {
      same = [];
      this.classByKey.set(routeKey, same);
    }
    const back = backLinkDirs ?? [];
    for (const c of same) {
      const cls = this.classes[c] as WeightedRouteClass;
      if (sameDirs(cls.backDirs, back)) return cls;
    }
    // Constraint weights: 1 per route hop, CROSS_TRAFFIC_SHARE per back-route hop, summed when
    // both load one constraint (a shared link), in order of first use.
    const constraints: number[] = [];
    const weights: number[] = [];
    const load = (dir: number, weight: number): void => {
      const k = this.constraintOf(dir);
      const at = constraints.indexOf(k);
      if (at < 0) {
        constraints.push(k);
        weights.push(weight);
      } else weights[at] = (weights[at] as number) + weight;
    };
    for (let i = 0; i < linkDirs.length; i++) load(linkDirs[i] as number, 1);
    for (let i = 0; i < back.length; i++) load(back[i] as number, CROSS_TRAFFIC_SHARE);
    const cls = new WeightedRouteClass(this.classes.length, Int32Array.from(linkDirs), Int32Array.from(back), Int32Array.from(constraints), Float64Array.from(weights));
    this.classes.push(cls);
    same.push(cls.id);
    return cls;
  }

  /** Penalty and bound of a class from the links' current latency and bandwidth. */
  private refreshParams(cls: WeightedRouteClass): void {
    const latencyS = this.routeLatencyS(cls.dirs);
    const bound = this.routeBoundBytesPerS(latencyS);
    let penaltyS = 1;
    if (this.model.model !== 'maxmin' && latencyS * this.model.latencyFactor > 0) {
      penaltyS = latencyS;
      const s = this.model.weightSBytes;
      if (s > 0) {
        for (const d of cls.dirs) {
          const bw = this.dirBytesPerS[d] as number;
          // A link at capacity 0 carries nothing anyway; its term returns with its bandwidth.
          if (bw > 0) penaltyS += s / bw;
        }
      }
    }
    if (bound !== cls.boundBytesPerS || penaltyS !== cls.penaltyS) {
      cls.boundBytesPerS = bound;
      cls.penaltyS = penaltyS;
      this.boundOrderStale = true;
    }
  }

  setCapacity(linkDir: number, bps: number, nowS: number): void {
    const l = linkDir >> 1;
    const dirs = this.shared[l] === 1 ? [2 * l, 2 * l + 1] : [linkDir];
    for (const d of dirs) {
      this.accounting.integrate(d, nowS);
      this.dirBytesPerS[d] = bps / 8;
    }
    const k = this.constraintOf(linkDir);
    this.capacity[k] = (this.model.bandwidthFactor * bps) / 8;
    this.markDirty(k);
    if (this.model.weightSBytes > 0 && this.model.model !== 'maxmin') {
      for (const d of dirs) {
        for (const c of this.dirClasses[d] as number[]) this.refreshParams(this.classes[c] as WeightedRouteClass);
      }
    }
  }

  settle(nowS: number, out: CompletionScheduler): void {
    if (this.dirtyConstraints.length === 0) return;
    this.component();
    this.solves++;
    this.solve(nowS);
    for (const c of this.compClasses) {
      const cls = this.classes[c] as WeightedRouteClass;
      const next = cls.nextCompletionS(this.flows.target);
      if (next !== cls.scheduledS) {
        cls.scheduledS = next;
        out.scheduleCompletion(c, next);
      }
    }
  }

  complete(classId: number, nowS: number, out: number[]): number {
    const cls = this.classes[classId] as WeightedRouteClass;
    if (cls.scheduledS !== nowS) return 0;
    cls.scheduledS = Number.NaN;
    cls.advance(nowS);
    const done = this.flows.completeDue(cls, out);
    if (done > 0) this.setFlowCount(cls, cls.count - done);
    for (const k of cls.constraints) this.markDirty(k);
    return done;
  }

  /**
   * Removes every flow of the classes that load `linkDir`'s constraint, by their route or their
   * back route (a back route over a failed link changes too), with their remaining bytes, in the
   * order they started.
   */
  extractFlowsOn(linkDir: number, nowS: number): ExtractedFlow[] {
    const out: ExtractedFlow[] = [];
    for (const c of [...(this.constraintClasses[this.constraintOf(linkDir)] as number[])].sort((a, b) => a - b)) {
      const cls = this.classes[c] as WeightedRouteClass;
      cls.advance(nowS);
      this.flows.drain(cls, out);
      this.setFlowCount(cls, 0);
      cls.scheduledS = Number.NaN;
    }
    out.sort((a, b) => a.flow - b.flow);
    return out;
  }

  finish(nowS: number): void {
    for (let d = 0; d < this.dirBytesPerS.length; d++) this.accounting.integrate(d, nowS);
  }

  classRateBps(classId: number): number {
    return (this.classes[classId] as WeightedRouteClass).rate * 8;
  }

  private setFlowCount(cls: WeightedRouteClass, count: number): void {
    const delta = count - cls.count;
    if (delta === 0) return;
    if (cls.count === 0) {
      this.refreshParams(cls);
      for (const k of cls.constraints) (this.constraintClasses[k] as number[]).push(cls.id);
      for (const d of cls.dirs) (this.dirClasses[d] as number[]).push(cls.id);
    }
    if (count === 0) {
      // An idle class restarts its clock, so that targets (and the tolerance on them) stay small.
      cls.clock = 0;
      cls.rate = 0;
      for (const k of cls.constraints) removeValue(this.constraintClasses[k] as number[], cls.id);
      for (const d of cls.dirs) removeValue(this.dirClasses[d] as number[], cls.id);
    }
    cls.count = count;
    for (const k of cls.constraints) {
      this.flowsOnConstraint[k] = (this.flowsOnConstraint[k] as number) + delta;
      this.markDirty(k);
    }
  }

  private markDirty(k: number): void {
    if (this.constraintDirty[k] === 0) {
      this.constraintDirty[k] = 1;
      this.dirtyConstraints.push(k);
    }
  }

  /** The constraints and active classes connected to the dirty constraints (breadth-first). */
  private component(): void {
    const cons = this.compConstraints;
    const classes = this.compClasses;
    while (cons.length > 0) cons.pop();
    while (classes.length > 0) classes.pop();
    if (this.classSeen.length < this.classes.length) this.classSeen = new Uint8Array(2 * this.classes.length);
    const seen = this.classSeen;
    for (const k of this.dirtyConstraints) cons.push(k);
    while (this.dirtyConstraints.length > 0) this.dirtyConstraints.pop();
    for (let i = 0; i < cons.length; i++) {
      for (const c of this.constraintClasses[cons[i] as number] as number[]) {
        if (seen[c] === 1) continue;
        seen[c] = 1;
        classes.push(c);
        for (const k of (this.classes[c] as WeightedRouteClass).constraints) {
          if (this.constraintDirty[k] === 0) {
            this.constraintDirty[k] = 1;
            cons.push(k);
          }
        }
      }
    }
    for (const k of cons) this.constraintDirty[k] = 0;
    for (const c of classes) seen[c] = 0;
  }

  /** Weighted progressive filling over the component; then the link directions' loads. */
  private solve(nowS: number): void {
    const cons = this.compConstraints;
    const classes = this.compClasses;
    const remaining = this.remaining;
    const usage = this.usage;
    const unfrozen = this.unfrozen;
    for (const k of cons) {
      remaining[k] = this.capacity[k] as number;
      usage[k] = 0;
      unfrozen[k] = 0;
    }
    const heap = this.heap;
    heap.clear();
    if (this.boundOrderStale) this.sortBoundOrder();
    const stamp = this.solves;
    for (const c of classes) {
      const cls = this.classes[c] as WeightedRouteClass;
      cls.advance(nowS);
      cls.frozen = false;
      cls.solveStamp = stamp;
      const perWeight = cls.count / cls.penaltyS;
      for (let e = 0; e < cls.constraints.length; e++) {
        const k = cls.constraints[e] as number;
        usage[k] = (usage[k] as number) + perWeight * (cls.weights[e] as number);
        unfrozen[k] = (unfrozen[k] as number) + 1;
      }
    }
    for (const k of cons) if ((unfrozen[k] as number) > 0) heap.push(Math.max(0, remaining[k] as number) / (usage[k] as number), k);
    const order = this.boundOrder;
    let nextBound = 0;
    let left = classes.length;
    while (left > 0) {
      // Entries are lower bounds of their constraint's level (a freeze never lowers the level of
      // a constraint it leaves unsaturated: it takes rate and usage in a ratio ≤ that level), so
      // the top is refreshed until it is exact; every constraint then has one entry at most.
      while (heap.size > 0) {
        const k = heap.topId();
        if ((unfrozen[k] as number) <= 0) {
          heap.pop();
          continue;
        }
        const exact = Math.max(0, remaining[k] as number) / (usage[k] as number);
        if (exact === heap.topLevel()) break;
        heap.pop();
        heap.push(exact, k);
      }
      // The next class of this component to reach its bound, in bound-level order.
      while (nextBound < order.length) {
        const cls = this.classes[order[nextBound] as number] as WeightedRouteClass;
        if (cls.solveStamp === stamp && !cls.frozen) break;
        nextBound++;
      }
      const bounded = nextBound < order.length ? (this.classes[order[nextBound] as number] as WeightedRouteClass) : null;
      // A bound binds first when its level is below every saturation level (SimGrid's `<`).
      if (bounded !== null && (heap.size === 0 || bounded.boundBytesPerS * bounded.penaltyS < heap.topLevel())) {
        this.freeze(bounded, bounded.boundBytesPerS);
        left--;
        continue;
      }
      if (heap.size === 0) throw new Error('weighted max-min solver: an active flow has no constraint and no bound (a bug)');
      const level = heap.topLevel();
      const id = heap.pop();
      for (const c of this.constraintClasses[id] as number[]) {
        const cls = this.classes[c] as WeightedRouteClass;
        if (cls.frozen) continue;
        this.freeze(cls, level / cls.penaltyS);
        left--;
      }
    }
    for (const k of cons) {
      const l = k >> 1;
      if (this.shared[l] === 1) {
        this.updateLoad(2 * l, nowS);
        this.updateLoad(2 * l + 1, nowS);
      } else this.updateLoad(k, nowS);
    }
  }

  private sortBoundOrder(): void {
    const order = this.boundOrder;
    while (order.length > 0) order.pop();
    for (const cls of this.classes) if (cls.boundBytesPerS < Number.POSITIVE_INFINITY) order.push(cls.id);
    const level = (c: number): number => {
      const cls = this.classes[c] as WeightedRouteClass;
      return cls.boundBytesPerS * cls.penaltyS;
    };
    order.sort((a, b) => level(a) - level(b) || a - b);
    this.boundOrderStale = false;
  }

  private freeze(cls: WeightedRouteClass, rate: number): void {
    cls.frozen = true;
    cls.rate = rate;
    const perWeight = cls.count / cls.penaltyS;
    for (let e = 0; e < cls.constraints.length; e++) {
      const k = cls.constraints[e] as number;
      const w = cls.weights[e] as number;
      const r = (this.remaining[k] as number) - cls.count * w * rate;
      const left = (this.unfrozen[k] as number) - 1;
      this.remaining[k] = r;
      this.unfrozen[k] = left;
      if (left <= 0) continue;
      let u = (this.usage[k] as number) - perWeight * w;
      // Subtraction may leave a rounding residue of the frozen usage: recount when it looks empty.
      if (!(u > 1e-12 * perWeight * w)) u = this.unfrozenUsage(k);
      this.usage[k] = u;
    }
  }

  /** Σ count × weight / penalty over the unfrozen classes loading constraint k. */
  private unfrozenUsage(k: number): number {
    let u = 0;
    for (const c of this.constraintClasses[k] as number[]) {
      const cls = this.classes[c] as WeightedRouteClass;
      if (cls.frozen) continue;
      const e = cls.constraints.indexOf(k);
      u += (cls.count / cls.penaltyS) * (cls.weights[e] as number);
    }
    return u;
  }

  private updateLoad(d: number, nowS: number): void {
    let load = 0;
    for (const c of this.dirClasses[d] as number[]) {
      const cls = this.classes[c] as WeightedRouteClass;
      load += cls.count * cls.rate;
    }
    this.accounting.setLoad(d, load, nowS);
  }
}

function sameDirs(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Removes one occurrence of `value` (order not kept: the last element takes its place). */
function removeValue(list: number[], value: number): void {
  const at = list.indexOf(value);
  const last = list.pop() as number;
  if (at >= 0 && at < list.length) list[at] = last;
}

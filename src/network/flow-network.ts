import { objectArray } from '../engine/arrays.js';
import { LevelHeap } from './level-heap.js';
import { FlowClock } from './flow-clock.js';
import { type ExtractedFlow, FlowTable } from './flow-table.js';
import { LinkAccounting } from './link-accounting.js';

/**
 * Receives the classes whose next completion time changed. An object with a method rather
 * than a callback: the hot call in {@link FlowNetwork.settle} then keeps one target for every
 * run of a sweep worker (a closure made per run is a new target, and a recompilation, each run).
 */
export interface CompletionScheduler {
  scheduleCompletion(classId: number, timeS: number): void;
}

/**
 * Flow-level network with max-min fair bandwidth sharing.
 *
 * Every link direction has a capacity (bytes/s). Active flows share it with max-min fairness,
 * computed by progressive filling: all rates rise together until a link saturates; the flows
 * crossing it freeze at that rate; the others go on rising (an optional per-flow cap stops them
 * earlier). Rates are recomputed when a flow starts or ends or a capacity changes.
 *
 * Two ideas keep this fast with 10^5 concurrent flows:
 * - **Route classes.** Flows on the same route get the same max-min rate (they cross the same
 *   links and have the same cap), so the solver works on classes of flows, not flows: at most
 *   one class per (source, destination) route, a few hundred nationally, whatever the number of
 *   flows. A class keeps a "virtual clock" S(t): the bytes each of its flows has received since
 *   the class started. A flow that joins at t0 with B bytes ends when S reaches S(t0) + B, so a
 *   class needs one completion event (its smallest target) and a rate change costs O(1) per
 *   class, not per flow. This is exact, not an approximation.
 * - **Incremental solving.** Only the connected component (links ↔ classes) of the links
 *   whose load or capacity changed is recomputed; other components keep their rates.
 *
 * The class also does the link accounting (bytes, busy time, per-window bytes) by integrating
 * each link's load between changes. Deterministic: iteration orders come from insertion order
 * and indices, never from object identity.
 */
export class FlowNetwork {
  /** Capacity per link direction, bytes/s (index = 2 · link + direction). */
  private readonly capacity: Float64Array;
  /** Active flows on each link direction. */
  private readonly flowsOnLink: Float64Array;
  /**
   * Per link direction, capacity / (active flows + 1): the share a new flow would get, kept as
   * the two change, so that the dispatcher's stage-in estimates (a route per centre per job)
   * read it instead of dividing.
   */
  private readonly newFlowShare: Float64Array;
  /** Per link direction: flows started (reroutes included). */
  readonly flowsStarted: Float64Array;
  /** Per link direction: the load, and the bytes, busy time and per-window bytes integrated from it. */
  private readonly accounting: LinkAccounting;
  /** Per link direction: the active classes crossing it (unordered; swap-removed). */
  private readonly linkClasses: number[][];
  /** Scratch space of the solver, reused between calls (no allocation per recomputation). */
  private readonly remaining: Float64Array;
  private readonly unfrozen: Float64Array;
  private readonly compLinks: number[] = [];
  private readonly compClasses: number[] = [];
  private classSeen = new Uint8Array(64);
  private readonly heap = new LevelHeap();
  private readonly classes: FlowClass[] = objectArray();
  private readonly classByKey = new Map<string, number>();
  private readonly dirtyLinks: number[] = [];
  private readonly linkDirty: Uint8Array;
  private readonly flows = new FlowTable();
  /** Rate recomputations done (components solved), for the benchmark. */
  solves = 0;
  /** Bytes of flows that have completed. */
  get deliveredBytes(): number {
    return this.flows.deliveredBytes;
  }

  /**
   * @param capacityBps per link direction (2 · links entries), bit/s
   * @param perFlowCapBps largest rate of one flow (e.g. a single TCP stream), bit/s; Infinity = none
   * @param windowS window of the per-window accounting, seconds
   */
  constructor(
    capacityBps: Float64Array,
    private readonly perFlowCapBps: number,
    windowS: number,
  ) {
    const n = capacityBps.length;
    this.capacity = capacityBps.map((bps) => bps / 8);
    this.flowsOnLink = new Float64Array(n);
    this.newFlowShare = this.capacity.map((bytesPerS) => bytesPerS / 1);
    this.flowsStarted = new Float64Array(n);
    this.accounting = new LinkAccounting(n, windowS);
    this.linkClasses = Array.from({ length: n }, () => []);
    this.remaining = new Float64Array(n);
    this.unfrozen = new Float64Array(n);
    this.linkDirty = new Uint8Array(n);
  }

  /** Per link direction: bytes carried. */
  get bytes(): Float64Array {
    return this.accounting.bytes;
  }

  /** Per link direction: seconds with load > 0. */
  get busyS(): Float64Array {
    return this.accounting.busyS;
  }

  /** Per link direction: bytes per window of `windowS`. */
  get windowBytes(): Float64Array[] {
    return this.accounting.windowBytes;
  }

  /**
   * Rate a new flow would get on a route if it started now, estimated as the smallest
   * capacity / (flows + 1) along the route (bit/s), capped per flow. Used to choose a replica
   * and to tell dispatch policies how long a stage-in would take "at current rates".
   */
  estimateRateBps(linkDirs: ArrayLike<number>): number {
    let rate = this.perFlowCapBps / 8;
    for (let i = 0; i < linkDirs.length; i++) {
      const share = this.newFlowShare[linkDirs[i] as number] as number;
      if (share < rate) rate = share;
    }
    return rate * 8;
  }

  /** {@link estimateRateBps} of the route whose link directions are `linkDirs[from..to)`. */
  estimateRateOnBps(linkDirs: Int32Array, from: number, to: number): number {
    let rate = this.perFlowCapBps / 8;
    for (let i = from; i < to; i++) {
      const share = this.newFlowShare[linkDirs[i] as number] as number;
      if (share < rate) rate = share;
    }
    return rate * 8;
  }

  /**
   * Starts a flow of `sizeBytes` on a route (its link directions, in order) at `nowS`.
   * @param routeKey identifies the route: flows with the same key share a class
   * @param owner an integer the caller gets back when the flow completes
   * @returns the flow id
   */
  addFlow(routeKey: string, linkDirs: ArrayLike<number>, sizeBytes: number, owner: number, nowS: number): number {
    let c = this.classByKey.get(routeKey);
    if (c === undefined) {
      c = this.classes.length;
      this.classes.push(new FlowClass(c, Int32Array.from(linkDirs as ArrayLike<number>)));
      this.classByKey.set(routeKey, c);
    }
    const cls = this.classes[c] as FlowClass;
    cls.advance(nowS);
    const id = this.flows.add(cls, owner, sizeBytes);
    this.setFlowCount(cls, cls.count + 1);
    const links = cls.links;
    for (let h = 0; h < links.length; h++) this.flowsStarted[links[h] as number] = (this.flowsStarted[links[h] as number] as number) + 1;
    return id;
  }

  /** Changes a link direction's capacity at `nowS` (bit/s; 0 = down). */
  setCapacity(linkDir: number, bps: number, nowS: number): void {
    this.accounting.integrate(linkDir, nowS);
    this.capacity[linkDir] = bps / 8;
    this.newFlowShare[linkDir] = (this.capacity[linkDir] as number) / ((this.flowsOnLink[linkDir] as number) + 1);
    this.markDirty(linkDir);
  }

  /**
   * Recomputes the rates of every component touched since the last call and reports the
   * classes whose next completion time changed: `out.scheduleCompletion(classId, timeS)`
   * (Infinity = never).
   */
  settle(nowS: number, out: CompletionScheduler): void {
    if (this.dirtyLinks.length === 0) return;
    this.solves++;
    if (this.settleAlone(nowS, out)) return;
    this.component();
    const classes = this.compClasses;
    this.solve(this.compLinks, classes, nowS);
    for (let k = 0; k < classes.length; k++) this.reschedule(classes[k] as number, out);
  }

  /** Tells `out` of a class's next completion when it moved. */
  private reschedule(c: number, out: CompletionScheduler): void {
    const cls = this.classes[c] as FlowClass;
    const next = cls.nextCompletionS(this.flows.target);
    if (next !== cls.scheduledS) {
      cls.scheduledS = next;
      out.scheduleCompletion(c, next);
    }
  }

  /**
   * {@link settle} when every dirty link carries at most one class and each such class is alone
   * on all its links (93 % of national-2025's settles: a flow starts or ends where no other
   * flow runs): each class's rate is then its own fair share, with no component to search and
   * no filling. The same rates, loads and completions, in the same order, as {@link solve}:
   * classes are taken in the order the search would find them (by their first dirty link), and
   * a lone class's rate is the same expression as the solver's. Returns false, having changed
   * nothing, when the case does not apply.
   */
  private settleAlone(nowS: number, out: CompletionScheduler): boolean {
    const dirty = this.dirtyLinks;
    const linkClasses = this.linkClasses;
    for (let i = 0; i < dirty.length; i++) {
      const crossing = linkClasses[dirty[i] as number] as number[];
      if (crossing.length === 0) continue;
      if (crossing.length > 1) return false;
      const links = (this.classes[crossing[0] as number] as FlowClass).links;
      for (let h = 0; h < links.length; h++) if ((linkClasses[links[h] as number] as number[]).length !== 1) return false;
    }
    const capBytes = this.perFlowCapBps / 8;
    const accounting = this.accounting;
    for (let i = 0; i < dirty.length; i++) {
      const l = dirty[i] as number;
      this.linkDirty[l] = 0;
      const crossing = linkClasses[l] as number[];
      if (crossing.length === 0) {
        accounting.setLoad(l, 0, nowS);
        continue;
      }
      const c = crossing[0] as number;
      const cls = this.classes[c] as FlowClass;
      // A class crossing several dirty links is settled at the first.
      if (cls.settledAtSolve === this.solves) continue;
      cls.settledAtSolve = this.solves;
      cls.advance(nowS);
      cls.frozen = true;
      const links = cls.links;
      const rate = this.loneRate(cls, capBytes);
      cls.rate = rate;
      for (let h = 0; h < links.length; h++) accounting.setLoad(links[h] as number, cls.count * rate, nowS);
      this.reschedule(c, out);
    }
    while (dirty.length > 0) dirty.pop();
    return true;
  }

  /**
   * Completes the flows of a class whose transfer ends at `nowS` (a completion event). A
   * stale event (the class was rescheduled since) completes nothing.
   * @param out receives the owners of the completed flows, in flow-id order of completion
   * @returns the number of flows completed
   */
  complete(classId: number, nowS: number, out: number[]): number {
    const cls = this.classes[classId] as FlowClass;
    if (cls.scheduledS !== nowS) return 0;
    cls.scheduledS = Number.NaN;
    cls.advance(nowS);
    const done = this.flows.completeDue(cls, out);
    if (done > 0) this.setFlowCount(cls, cls.count - done);
    // Rates change (fewer flows): the class is rescheduled at the end of the instant.
    for (let h = 0; h < cls.links.length; h++) this.markDirty(cls.links[h] as number);
    return done;
  }

  /**
   * Removes every flow of the classes that cross `linkDir` (for rerouting around a failed link)
   * and returns them with their remaining bytes, in the order they started (`flow`: that sequence).
   */
  extractFlowsOn(linkDir: number, nowS: number): ExtractedFlow[] {
    const out: ExtractedFlow[] = [];
    for (const c of [...(this.linkClasses[linkDir] as number[])].sort((a, b) => a - b)) {
      const cls = this.classes[c] as FlowClass;
      cls.advance(nowS);
      this.flows.drain(cls, out);
      this.setFlowCount(cls, 0);
      cls.scheduledS = Number.NaN;
      for (const l of cls.links) this.markDirty(l);
    }
    out.sort((a, b) => a.flow - b.flow);
    return out;
  }

  /** Brings every link's accounting up to `nowS` (call once at the end of a run). */
  finish(nowS: number): void {
    for (let l = 0; l < this.capacity.length; l++) this.accounting.integrate(l, nowS);
  }

  /** Current per-flow rate of a class, bit/s. */
  classRateBps(classId: number): number {
    return (this.classes[classId] as FlowClass).rate * 8;
  }

  private setFlowCount(cls: FlowClass, count: number): void {
    const delta = count - cls.count;
    if (delta === 0) return;
    if (cls.count === 0) {
      for (let h = 0; h < cls.links.length; h++) {
        const list = this.linkClasses[cls.links[h] as number] as number[];
        cls.slots[h] = list.length;
        list.push(cls.id);
      }
    }
    if (count === 0) {
      // An idle class restarts its clock, so that targets (and the tolerance on them) stay small.
      cls.clock = 0;
      cls.rate = 0;
      for (let h = 0; h < cls.links.length; h++) {
        const l = cls.links[h] as number;
        const list = this.linkClasses[l] as number[];
        const at = cls.slots[h] as number;
        const last = list.pop() as number;
        if (last !== cls.id) {
          list[at] = last;
          const moved = this.classes[last] as FlowClass;
          moved.slots[moved.links.indexOf(l)] = at;
        }
      }
    }
    cls.count = count;
    for (let h = 0; h < cls.links.length; h++) {
      const l = cls.links[h] as number;
      this.flowsOnLink[l] = (this.flowsOnLink[l] as number) + delta;
      this.newFlowShare[l] = (this.capacity[l] as number) / ((this.flowsOnLink[l] as number) + 1);
      this.markDirty(l);
    }
  }

  private markDirty(linkDir: number): void {
    if (this.linkDirty[linkDir] === 0) {
      this.linkDirty[linkDir] = 1;
      this.dirtyLinks.push(linkDir);
    }
  }

  /**
   * The links and active classes connected to the dirty links (breadth-first), left in
   * {@link compLinks} and {@link compClasses}.
   */
  private component(): void {
    const links = this.compLinks;
    const classes = this.compClasses;
    while (links.length > 0) links.pop();
    while (classes.length > 0) classes.pop();
    if (this.classSeen.length < this.classes.length) this.classSeen = new Uint8Array(2 * this.classes.length);
    const seen = this.classSeen;
    // Dirty links are the seeds; linkDirty doubles as the "seen" mark for links.
    const dirty = this.dirtyLinks;
    for (let i = 0; i < dirty.length; i++) links.push(dirty[i] as number);
    while (dirty.length > 0) dirty.pop();
    for (let i = 0; i < links.length; i++) {
      const crossing = this.linkClasses[links[i] as number] as number[];
      for (let k = 0; k < crossing.length; k++) {
        const c = crossing[k] as number;
        if (seen[c] === 1) continue;
        seen[c] = 1;
        classes.push(c);
        const classLinks = (this.classes[c] as FlowClass).links;
        for (let h = 0; h < classLinks.length; h++) {
          const l = classLinks[h] as number;
          if (this.linkDirty[l] === 0) {
            this.linkDirty[l] = 1;
            links.push(l);
          }
        }
      }
    }
    for (let i = 0; i < links.length; i++) this.linkDirty[links[i] as number] = 0;
    for (let k = 0; k < classes.length; k++) seen[classes[k] as number] = 0;
  }

  /** Progressive filling over one component; updates class rates and link loads. */
  private solve(links: readonly number[], classes: readonly number[], nowS: number): void {
    // Remaining capacity and unfrozen flows per link direction (scratch arrays, reset here).
    const remaining = this.remaining;
    const unfrozen = this.unfrozen;
    // Indexed loops throughout: this runs at every flow start and end, and an iterator that
    // escapes optimisation is garbage each time.
    for (let i = 0; i < links.length; i++) {
      const l = links[i] as number;
      remaining[l] = this.capacity[l] as number;
      unfrozen[l] = 0;
    }
    for (let k = 0; k < classes.length; k++) {
      const cls = this.classes[classes[k] as number] as FlowClass;
      cls.advance(nowS);
      cls.frozen = false;
      for (let h = 0; h < cls.links.length; h++) unfrozen[cls.links[h] as number] = (unfrozen[cls.links[h] as number] as number) + cls.count;
    }
    const capBytes = this.perFlowCapBps / 8;
    if (classes.length === 1) {
      // The common case at low load: one route class alone (nothing yet taken from its links).
      const cls = this.classes[classes[0] as number] as FlowClass;
      const rate = this.loneRate(cls, capBytes);
      cls.rate = rate;
      cls.frozen = true;
      for (let i = 0; i < links.length; i++) {
        const l = links[i] as number;
        this.accounting.setLoad(l, (this.linkClasses[l] as number[]).length === 0 ? 0 : cls.count * rate, nowS);
      }
      return;
    }
    let left = classes.length;
    const heap = this.heap;
    heap.clear();
    for (let i = 0; i < links.length; i++) {
      const l = links[i] as number;
      const u = unfrozen[l] as number;
      if (u > 0) heap.push((remaining[l] as number) / u, l);
    }
    while (left > 0) {
      // Pop the link with the smallest fair share (stale entries skipped).
      let share = Number.POSITIVE_INFINITY;
      let bottleneck = -1;
      while (heap.size > 0) {
        const s = heap.topLevel();
        const l = heap.pop();
        const u = unfrozen[l] as number;
        if (u <= 0) continue;
        if (Math.max(0, remaining[l] as number) / u !== s) continue;
        share = s;
        bottleneck = l;
        break;
      }
      if (bottleneck < 0 && capBytes === Number.POSITIVE_INFINITY) {
        throw new Error('max-min solver: an active flow crosses no link with flows (a bug)');
      }
      if (bottleneck < 0 || capBytes <= share) {
        // Every flow left reaches its cap before any link saturates.
        for (let k = 0; k < classes.length; k++) {
          const cls = this.classes[classes[k] as number] as FlowClass;
          if (!cls.frozen) this.freeze(cls, capBytes);
        }
        break;
      }
      const crossing = this.linkClasses[bottleneck] as number[];
      for (let k = 0; k < crossing.length; k++) {
        const cls = this.classes[crossing[k] as number] as FlowClass;
        if (cls.frozen) continue;
        this.freeze(cls, share);
        left--;
      }
    }
    for (let i = 0; i < links.length; i++) {
      const l = links[i] as number;
      const crossing = this.linkClasses[l] as number[];
      let load = 0;
      for (let k = 0; k < crossing.length; k++) {
        const cls = this.classes[crossing[k] as number] as FlowClass;
        load += cls.count * cls.rate;
      }
      this.accounting.setLoad(l, load, nowS);
    }
  }

  /** The rate of each flow of a class alone on its links: the smallest fair share of its links, capped. */
  private loneRate(cls: FlowClass, capBytes: number): number {
    let rate = capBytes;
    for (let h = 0; h < cls.links.length; h++) rate = Math.min(rate, Math.max(0, this.capacity[cls.links[h] as number] as number) / cls.count);
    return rate;
  }

  private freeze(cls: FlowClass, rate: number): void {
    cls.frozen = true;
    cls.rate = rate;
    for (let h = 0; h < cls.links.length; h++) {
      const l = cls.links[h] as number;
      const r = (this.remaining[l] as number) - cls.count * rate;
      const u = (this.unfrozen[l] as number) - cls.count;
      this.remaining[l] = r;
      this.unfrozen[l] = u;
      if (u > 0) this.heap.push(Math.max(0, r) / u, l);
    }
  }
}

/** The flows of one route: same links, same max-min rate. */
class FlowClass extends FlowClock {

  /** Position of this class in each of its links' class lists (while active). */
  readonly slots: Int32Array;
  /** The settle (its number in {@link FlowNetwork.solves}) that last gave this class its rate alone. */
  settledAtSolve = -1;

  constructor(
    readonly id: number,
    readonly links: Int32Array,
  ) {
    super();
    this.slots = new Int32Array(links.length);
  }
}

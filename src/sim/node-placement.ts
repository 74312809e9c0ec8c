/**
 * Concrete node ids for the jobs of one partition (opt-in: `RunOptions.placement`, on with
 * `--export batsim`). Nodes are numbered 0 … nodes − 1 within the partition; a job takes the
 * lowest-numbered free nodes (first fit, in id order), whatever their contiguity, so the choice
 * depends only on which nodes are free: the same on every machine. It never changes which job
 * starts when, or anything else a run reports: the simulation counts free nodes as before, and
 * this follows it (and throws if the two ever disagree, a bug).
 *
 * The free nodes are a sorted list of disjoint intervals [start, end): a start takes from the
 * front, an end merges its intervals back. The list holds at most one interval more than there
 * are jobs running, since each gap between free intervals is held by some job or a failed node.
 */
export class NodePlacement {
  /** Free intervals, sorted and disjoint: [starts[i], ends[i]). */
  private starts: number[] = [];
  private ends: number[] = [];
  private freeCount: number;
  /** Concrete node of each failed node of the failure model (by its index in the partition), −1 when up. */
  private downMap: Int32Array | null = null;

  constructor(readonly nodes: number) {
    if (nodes > 0) {
      this.starts.push(0);
      this.ends.push(nodes);
    }
    this.freeCount = nodes;
  }

  /** Free nodes (tests compare it with the simulation's count). */
  get free(): number {
    return this.freeCount;
  }

  /**
   * Takes the `count` lowest-numbered free nodes; returns them as intervals, flattened
   * [start0, end0, start1, end1, …] with ends exclusive.
   */
  take(count: number, label: string): Int32Array {
    if (count > this.freeCount) throw new Error(`node placement at ${label}: ${count} nodes asked, ${this.freeCount} free`);
    const starts = this.starts;
    const ends = this.ends;
    let used = 0;
    let left = count;
    while (left > 0 && left >= (ends[used] as number) - (starts[used] as number)) {
      left -= (ends[used] as number) - (starts[used] as number);
      used++;
    }
    const out = new Int32Array(2 * (used + (left > 0 ? 1 : 0)));
    for (let i = 0; i < used; i++) {
      out[2 * i] = starts[i] as number;
      out[2 * i + 1] = ends[i] as number;
    }
    if (left > 0) {
      // Part of the next interval: its front goes to the job.
      out[2 * used] = starts[used] as number;
      out[2 * used + 1] = (starts[used] as number) + left;
      starts[used] = (starts[used] as number) + left;
    }
    if (used > 0) {
      starts.splice(0, used);
      ends.splice(0, used);
    }
    this.freeCount -= count;
    return out;
  }

  /** Gives back the intervals a job held (as {@link take} returned them). */
  release(held: Int32Array, label: string): void {
    for (let i = 0; i < held.length; i += 2) this.insert(held[i] as number, held[i + 1] as number, label);
  }

  /**
   * A node of the failure model fails (`index` in 0 … nodes − 1): if it hit a job, the job's
   * nodes were released just before and its first node is the one that failed; otherwise the
   * lowest-numbered free node fails. That node stays out of the free list until {@link repair}.
   */
  fail(index: number, victim: Int32Array | null, label: string): void {
    const node = victim !== null && victim.length > 0 ? (victim[0] as number) : (this.starts[0] ?? -1);
    if (node < 0) throw new Error(`node placement at ${label}: a node failed with none free`);
    this.remove(node, label);
    this.downNodes()[index] = node;
  }

  /** The failed node `index` is repaired: its concrete node is free again. */
  repair(index: number, label: string): void {
    const down = this.downNodes();
    const node = down[index] as number;
    if (node < 0) throw new Error(`node placement at ${label}: node ${index} repaired but not down`);
    down[index] = -1;
    this.insert(node, node + 1, label);
  }

  private downNodes(): Int32Array {
    // Allocated at the first failure only: most runs have none.
    this.downMap ??= new Int32Array(this.nodes).fill(-1);
    return this.downMap;
  }

  /** Takes one given free node out of the free list. */
  private remove(node: number, label: string): void {
    const i = this.findInterval(node);
    const starts = this.starts;
    const ends = this.ends;
    if (i < 0 || node >= (ends[i] as number)) throw new Error(`node placement at ${label}: node ${node} is not free`);
    const s = starts[i] as number;
    const e = ends[i] as number;
    if (s === node && e === node + 1) {
      starts.splice(i, 1);
      ends.splice(i, 1);
    } else if (s === node) {
      starts[i] = node + 1;
    } else if (e === node + 1) {
      ends[i] = node;
    } else {
      ends[i] = node;
      starts.splice(i + 1, 0, node + 1);
      ends.splice(i + 1, 0, e);
    }
    this.freeCount--;
  }

  /** Index of the last free interval starting at or before `node` (−1: none). */
  private findInterval(node: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) <= node) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** Adds [start, end) to the free list, merging with its neighbours. */
  private insert(start: number, end: number, label: string): void {
    const starts = this.starts;
    const ends = this.ends;
    const i = this.findInterval(start);
    const next = i + 1;
    if ((i >= 0 && (ends[i] as number) > start) || (next < starts.length && (starts[next] as number) < end) || start < 0 || end > this.nodes) {
      throw new Error(`node placement at ${label}: nodes ${start}-${end - 1} freed twice`);
    }
    const joinsLeft = i >= 0 && ends[i] === start;
    const joinsRight = next < starts.length && starts[next] === end;
    if (joinsLeft && joinsRight) {
      ends[i] = ends[next] as number;
      starts.splice(next, 1);
      ends.splice(next, 1);
    } else if (joinsLeft) {
      ends[i] = end;
    } else if (joinsRight) {
      starts[next] = start;
    } else {
      starts.splice(next, 0, start);
      ends.splice(next, 0, end);
    }
    this.freeCount += end - start;
  }
}

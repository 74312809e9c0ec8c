import { createRng, type Rng } from '../engine/rng.js';
import { sampleDuration } from '../model/duration-distribution.js';
import type { PartitionState } from './partition-state.js';

/**
 * Random node failures: every node of a partition with `failures` alternates between up (a time
 * drawn from `mtbf`) and down (a time drawn from `mttr`), a renewal process per node. Nodes are
 * numbered globally (partition by partition). Each partition keeps its nodes' next events in a
 * heap of its own (by time, then node) and has one event in the run's queue, at its earliest:
 * a layout of millions of nodes keeps the run's queue small (first version: an event per node in
 * it, 2.3 million for national-2025, cost 1.5× the run).
 *
 * Each partition draws from its own stream, `failures/<centre>/<partition>`, always the same
 * number of uniforms per failure and repair, so its failure times depend on nothing else: turning
 * failures on for one partition changes no other partition's, and the workload changes none.
 */
export class NodeFailures {
  /** Partition of each node. */
  readonly partitionOf: Int32Array;
  /** When each node failed (NaN while it is up). */
  readonly failedAtS: Float64Array;
  /** Failure and repair events in the event queue (the run ends when only these are left). */
  pending = 0;
  /** Time of each node's next failure (up) or repair (down). */
  private readonly nextS: Float64Array;
  /** Per partition, a binary min-heap of its nodes (global ids) by next time, then id. */
  private readonly heaps: (Int32Array | null)[];
  private readonly rngs: (Rng | null)[];
  private readonly firstNode: Int32Array;
  /** Nodes of a trace: the index of the node's next window in its partition's trace, and the end of its windows. */
  private readonly traceAt: Int32Array;
  private readonly traceEnd: Int32Array;

  private constructor(private readonly partitions: readonly PartitionState[], seed: number, nodes: number) {
    this.partitionOf = new Int32Array(nodes);
    this.failedAtS = new Float64Array(nodes).fill(Number.NaN);
    this.nextS = new Float64Array(nodes);
    this.heaps = partitions.map((p) => (failing(p) ? new Int32Array(p.spec.nodes) : null));
    this.firstNode = new Int32Array(partitions.length).fill(-1);
    this.rngs = partitions.map((p) => (failing(p) ? createRng(seed, `failures/${p.label}`) : null));
    this.traceAt = new Int32Array(nodes);
    this.traceEnd = new Int32Array(nodes);
    let g = 0;
    for (const p of partitions) {
      if (!failing(p)) continue;
      const trace = p.spec.failureTrace;
      if (trace !== undefined) {
        // Each node's windows: trace[traceAt[g]] up to traceEnd[g] (the trace is by node, then time).
        this.traceAt.fill(trace.length, g, g + p.spec.nodes);
        this.traceEnd.fill(trace.length, g, g + p.spec.nodes);
        for (let k = trace.length - 1; k >= 0; k--) this.traceAt[g + (trace[k] as { node: number }).node] = k;
        for (let k = 0; k < trace.length; k++) this.traceEnd[g + (trace[k] as { node: number }).node] = k + 1;
      }
      this.firstNode[p.index] = g;
      this.partitionOf.fill(p.index, g, g + p.spec.nodes);
      g += p.spec.nodes;
    }
  }

  /** A node's index within its partition (0 … nodes − 1). */
  indexInPartition(node: number): number {
    return node - (this.firstNode[this.partitionOf[node] as number] as number);
  }

  /** The failures of a run's partitions, or null when none of them fails. */
  static of(partitions: readonly PartitionState[], seed: number): NodeFailures | null {
    let nodes = 0;
    for (const p of partitions) if (failing(p)) nodes += p.spec.nodes;
    return nodes === 0 ? null : new NodeFailures(partitions, seed, nodes);
  }

  /**
   * Draws every node's first failure time, from time 0, in node order (a node starts new), and
   * calls `schedule` with each failing partition's earliest event.
   */
  start(schedule: (atS: number, partition: number) => void): void {
    for (const p of this.partitions) {
      const first = this.firstNode[p.index] as number;
      const heap = this.heaps[p.index];
      if (first < 0 || heap === null || heap === undefined) continue;
      for (let k = 0; k < p.spec.nodes; k++) {
        this.nextS[first + k] = this.failureAfter(first + k, 0);
        heap[k] = first + k;
      }
      for (let k = (heap.length >> 1) - 1; k >= 0; k--) this.siftDown(heap, k);
      const earliestS = this.nextS[heap[0] as number] as number;
      if (Number.isFinite(earliestS)) schedule(earliestS, p.index);
    }
  }

  /** The node of the partition's earliest event (a failure if it is up, else its repair). */
  top(partition: number): number {
    return (this.heaps[partition] as Int32Array)[0] as number;
  }

  /** The partition's earliest node has its next event at `atS`; returns the partition's new earliest time. */
  reschedule(partition: number, atS: number): number {
    const heap = this.heaps[partition] as Int32Array;
    this.nextS[heap[0] as number] = atS;
    this.siftDown(heap, 0);
    return this.nextS[heap[0] as number] as number;
  }

  /** A uniform in [0, 1) of node `node`'s partition stream (which job a failure hits). */
  uniform(node: number): number {
    return (this.rngs[this.partitionOf[node] as number] as Rng).next();
  }

  /** A time from now to the node's next failure (it was just repaired, or the run starts). */
  /** When a node up at `nowS` fails next: drawn, or its next window in the trace (Infinity: never). */
  failureAfter(node: number, nowS: number): number {
    const p = this.partitions[this.partitionOf[node] as number] as PartitionState;
    const trace = p.spec.failureTrace;
    if (trace === undefined) return nowS + sampleDuration((p.spec.failures as NonNullable<typeof p.spec.failures>).mtbf, this.rngs[p.index] as Rng);
    const k = this.traceAt[node] as number;
    return k < (this.traceEnd[node] as number) ? (trace[k] as { fromS: number }).fromS : Number.POSITIVE_INFINITY;
  }

  /** When a node that failed at `nowS` is repaired: drawn, or the end of its trace window. */
  repairAfter(node: number, nowS: number): number {
    const p = this.partitions[this.partitionOf[node] as number] as PartitionState;
    const trace = p.spec.failureTrace;
    if (trace === undefined) return nowS + sampleDuration((p.spec.failures as NonNullable<typeof p.spec.failures>).mttr, this.rngs[p.index] as Rng);
    const k = this.traceAt[node] as number;
    this.traceAt[node] = k + 1;
    return (trace[k] as { toS: number }).toS;
  }

  private siftDown(heap: Int32Array, at: number): void {
    const n = heap.length;
    const nextS = this.nextS;
    const node = heap[at] as number;
    const t = nextS[node] as number;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= n) break;
      const right = child + 1;
      if (right < n && earlier(nextS, heap[right] as number, heap[child] as number)) child = right;
      const c = heap[child] as number;
      if (!(nextS[c] as number < t || (nextS[c] === t && c < node))) break;
      heap[at] = c;
      at = child;
    }
    heap[at] = node;
  }

  /** Adds the downtime of the nodes still down at `endS` to their partitions. */
  close(endS: number): void {
    for (let g = 0; g < this.failedAtS.length; g++) {
      const fromS = this.failedAtS[g] as number;
      if (!(fromS < endS)) continue;
      const p = this.partitions[this.partitionOf[g] as number] as PartitionState;
      p.downNodeSeconds += endS - fromS;
    }
  }
}

/** Whether node a's next event comes before node b's (time, then node id). */
function earlier(nextS: Float64Array, a: number, b: number): boolean {
  const ta = nextS[a] as number;
  const tb = nextS[b] as number;
  return ta < tb || (ta === tb && a < b);
}

/** Whether a partition's nodes fail (drawn or from a trace). */
function failing(p: PartitionState): boolean {
  return p.spec.failures !== undefined || p.spec.failureTrace !== undefined;
}

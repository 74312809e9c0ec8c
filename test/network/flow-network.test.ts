import { describe, expect, it } from 'vitest';
import { FlowNetwork } from '../../src/network/flow-network.js';

/** Drives a FlowNetwork like the simulation does: completion events in time order. */
class Driver {
  readonly net: FlowNetwork;
  private readonly pending = new Map<number, number>();
  readonly finished = new Map<number, number>();
  now = 0;

  constructor(capacitiesBps: number[], capBps = Number.POSITIVE_INFINITY) {
    this.net = new FlowNetwork(Float64Array.from(capacitiesBps), capBps, 3600);
  }

  add(owner: number, linkDirs: number[], bytes: number): void {
    this.net.addFlow(linkDirs.join(','), linkDirs, bytes, owner, this.now);
  }

  settle(): void {
    this.net.settle(this.now, {
      scheduleCompletion: (c, t) => {
        if (Number.isFinite(t)) this.pending.set(c, t);
        else this.pending.delete(c);
      },
    });
  }

  /** Runs until `untilS` (or until nothing is pending), completing flows in time order. */
  run(untilS = Number.POSITIVE_INFINITY): void {
    this.settle();
    for (;;) {
      let next = Number.POSITIVE_INFINITY;
      let cls = -1;
      for (const [c, t] of this.pending) if (t < next || (t === next && c < cls)) [next, cls] = [t, c];
      if (cls < 0 || next > untilS) break;
      this.now = next;
      this.pending.delete(cls);
      const out: number[] = [];
      this.net.complete(cls, next, out);
      for (const o of out) this.finished.set(o, next);
      this.settle();
    }
    if (Number.isFinite(untilS)) this.now = untilS;
  }
}

const GB = 1e9;

describe('FlowNetwork: max-min sharing by hand', () => {
  it('one flow alone gets the whole link: 1 GB over 8 Gbps takes 1 s', () => {
    const d = new Driver([8e9]);
    d.add(1, [0], GB);
    d.run();
    expect(d.finished.get(1)).toBe(1);
  });

  it('two equal flows share a link equally and end together', () => {
    const d = new Driver([8e9]);
    d.add(1, [0], GB);
    d.add(2, [0], GB);
    d.run();
    expect(d.finished.get(1)).toBe(2);
    expect(d.finished.get(2)).toBe(2);
  });

  it('the classic three flows on two links: rates 1/2, 1/2 and 1/2 of 1; then the long flow speeds up', () => {
    // Links L0 and L1, capacity 8 Gbps (1 GB/s) each. Flow A crosses both, B only L0, C only L1.
    // Max-min: every link is shared by two flows → A = B = C = 0.5 GB/s.
    const d = new Driver([8e9, 8e9]);
    d.add(1, [0, 1], 2 * GB); // A
    d.add(2, [0], GB); // B
    d.add(3, [1], GB); // C
    d.settle();
    expect(d.net.classRateBps(0)).toBe(4e9);
    expect(d.net.classRateBps(1)).toBe(4e9);
    expect(d.net.classRateBps(2)).toBe(4e9);
    d.run();
    // B and C end at 2 s; A has 1 GB left and then runs alone at 1 GB/s: ends at 3 s.
    expect(d.finished.get(2)).toBe(2);
    expect(d.finished.get(3)).toBe(2);
    expect(d.finished.get(1)).toBe(3);
  });

  it('an unequal max-min: a flow bottlenecked elsewhere leaves its share to the others', () => {
    // L0 = 12 Gbps (1.5 GB/s) shared by A and B; A also crosses L1 = 4 Gbps (0.5 GB/s).
    // A is held to 0.5 GB/s by L1, so B gets the remaining 1 GB/s of L0.
    const d = new Driver([12e9, 4e9]);
    d.add(1, [0, 1], GB);
    d.add(2, [0], GB);
    d.settle();
    expect(d.net.classRateBps(0)).toBe(4e9);
    expect(d.net.classRateBps(1)).toBe(8e9);
    d.run();
    // B: 1 GB at 1 GB/s → 1 s; then A alone, still 0.5 GB/s (L1): 0.5 GB left at 1 s → 2 s.
    expect(d.finished.get(2)).toBe(1);
    expect(d.finished.get(1)).toBe(2);
  });

  it("a flow's rate rises when a competitor ends", () => {
    const d = new Driver([8e9]);
    d.add(1, [0], 3 * GB);
    d.add(2, [0], GB);
    d.run();
    // Both at 0.5 GB/s: flow 2 ends at 2 s with flow 1 at 1 GB done; flow 1 then gets 1 GB/s: 2 GB left → 4 s.
    expect(d.finished.get(2)).toBe(2);
    expect(d.finished.get(1)).toBe(4);
  });

  it('a capacity drop mid-transfer slows the flow from that instant', () => {
    const d = new Driver([8e9]);
    d.add(1, [0], 2 * GB);
    d.run(1); // 1 GB sent at 1 GB/s
    d.net.setCapacity(0, 2e9, 1); // now 0.25 GB/s: 1 GB left → 4 s more
    d.run();
    expect(d.finished.get(1)).toBe(5);
  });

  it('a link at capacity 0 stalls its flows until it comes back', () => {
    const d = new Driver([8e9]);
    d.add(1, [0], 2 * GB);
    d.run(1);
    d.net.setCapacity(0, 0, 1);
    d.run(10);
    expect(d.finished.has(1)).toBe(false);
    d.net.setCapacity(0, 8e9, 10);
    d.run();
    expect(d.finished.get(1)).toBe(11);
  });

  it('a per-flow cap limits a flow alone on a link and frees capacity for others', () => {
    const d = new Driver([8e9, 8e9], 2e9);
    d.add(1, [0], GB); // capped at 0.25 GB/s → 4 s
    d.run();
    expect(d.finished.get(1)).toBe(4);
  });

  it('accounts bytes and busy time per link, and conserves bytes', () => {
    const d = new Driver([8e9, 8e9]);
    d.add(1, [0, 1], 2 * GB);
    d.add(2, [0], GB);
    d.add(3, [1], GB);
    d.run();
    d.net.finish(d.now);
    expect(d.net.bytes[0]).toBeCloseTo(3 * GB, 0);
    expect(d.net.bytes[1]).toBeCloseTo(3 * GB, 0);
    expect(d.net.busyS[0]).toBe(3);
    expect(d.net.deliveredBytes).toBe(4 * GB);
  });

  it('recomputes only the component of the links that changed', () => {
    const d = new Driver([8e9, 8e9]);
    d.add(1, [0], GB);
    d.add(2, [1], GB);
    d.settle();
    const before = d.net.solves;
    d.add(3, [1], GB);
    d.settle();
    expect(d.net.solves).toBe(before + 1);
    // Flow 1 (other component) keeps its full rate; the class on link 1 now has two flows at half rate.
    expect(d.net.classRateBps(0)).toBe(8e9);
    expect(d.net.classRateBps(1)).toBe(4e9);
  });
});

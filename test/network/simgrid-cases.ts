import { readFileSync } from 'node:fs';
import { NETWORK_MODEL_DEFAULTS, type NetworkModelName } from '../../src/model/network-model.js';
import { FlowNetwork } from '../../src/network/flow-network.js';
import type { TransferNetwork } from '../../src/network/transfer-network.js';
import { WeightedFlowNetwork } from '../../src/network/weighted-flow-network.js';

/** One case of test/fixtures/simgrid/generate-cases.mjs (its format is described there). */
export interface SimgridCase {
  readonly model: NetworkModelName;
  readonly links: readonly { bandwidthBps: number; latencyS: number; sharing: 'shared' | 'splitDuplex' }[];
  /** Link directions (2 · link + direction) of the route of each ordered pair "a b". */
  readonly routes: ReadonlyMap<string, readonly number[]>;
  readonly transfers: readonly { src: number; dst: number; startS: number; bytes: number }[];
}

export function readCase(file: string): SimgridCase {
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  let i = 0;
  const next = (): number[] => (lines[i++] as string).split(' ').map(Number);
  const model = (lines[i++] as string).split(' ')[1] as NetworkModelName;
  const linkCount = Number((lines[i++] as string).split(' ')[1]);
  const links: SimgridCase['links'][number][] = [];
  for (let k = 0; k < linkCount; k++) {
    const [, , bytesPerS, latencyS, shared] = next() as [number, number, number, number, number];
    // The case gives bytes/s (SimGrid's unit); cnsim's networks take bit/s.
    links.push({ bandwidthBps: 8 * bytesPerS, latencyS, sharing: shared === 1 ? 'shared' : 'splitDuplex' });
  }
  const routeCount = Number((lines[i++] as string).split(' ')[1]);
  const routes = new Map<string, number[]>();
  for (let r = 0; r < routeCount; r++) {
    const [a, b, hops, ...rest] = next() as number[];
    const dirs: number[] = [];
    for (let h = 0; h < (hops as number); h++) dirs.push(2 * (rest[2 * h] as number) + (rest[2 * h + 1] as number));
    routes.set(`${a} ${b}`, dirs);
  }
  const transferCount = Number((lines[i++] as string).split(' ')[1]);
  const transfers: SimgridCase['transfers'][number][] = [];
  for (let t = 0; t < transferCount; t++) {
    const [src, dst, startS, bytes] = next() as [number, number, number, number];
    transfers.push({ src, dst, startS, bytes });
  }
  return { model, links, routes, transfers };
}

/** SimGrid's finish time of each transfer, from a dump of simgrid-driver. */
export function readDump(file: string): number[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => Number(line.split(' ')[1]));
}

/** The network a case runs on: `flow` = cnsim's FlowNetwork (maxmin over split-duplex links only). */
export function makeNetwork(c: SimgridCase, kind: 'weighted' | 'flow'): TransferNetwork {
  if (kind === 'flow') {
    const capacity = new Float64Array(2 * c.links.length);
    c.links.forEach((l, k) => {
      capacity[2 * k] = l.bandwidthBps;
      capacity[2 * k + 1] = l.bandwidthBps;
    });
    return new FlowNetwork(capacity, Number.POSITIVE_INFINITY, 3600);
  }
  return new WeightedFlowNetwork(c.links, NETWORK_MODEL_DEFAULTS[c.model], Number.POSITIVE_INFINITY, 3600);
}

/**
 * Runs a case as the data mover does: a transfer waits its route latency × the latency factor,
 * then joins the network; every event of an instant is applied before the rates are solved.
 * @returns each transfer's finish time, s
 */
export function runCase(c: SimgridCase, net: TransferNetwork): number[] {
  const latencyFactor = NETWORK_MODEL_DEFAULTS[c.model].latencyFactor;
  const joins = c.transfers.map((t, index) => {
    const dirs = c.routes.get(`${t.src} ${t.dst}`) as readonly number[];
    let latencyS = 0;
    for (const d of dirs) latencyS += (c.links[d >> 1] as SimgridCase['links'][number]).latencyS;
    return { atS: t.startS + latencyS * latencyFactor, index, dirs, back: c.routes.get(`${t.dst} ${t.src}`) as readonly number[] };
  });
  joins.sort((a, b) => a.atS - b.atS || a.index - b.index);
  const finish = new Array<number>(c.transfers.length).fill(Number.NaN);
  const pending = new Map<number, number>();
  const scheduler = {
    scheduleCompletion: (cls: number, t: number) => {
      if (Number.isFinite(t)) pending.set(cls, t);
      else pending.delete(cls);
    },
  };
  let j = 0;
  const out: number[] = [];
  for (;;) {
    let nowS = j < joins.length ? (joins[j] as (typeof joins)[number]).atS : Number.POSITIVE_INFINITY;
    for (const t of pending.values()) if (t < nowS) nowS = t;
    if (nowS === Number.POSITIVE_INFINITY) break;
    for (const [cls, t] of [...pending].sort((a, b) => a[0] - b[0])) {
      if (t !== nowS) continue;
      pending.delete(cls);
      out.length = 0;
      net.complete(cls, nowS, out);
      for (const owner of out) finish[owner] = nowS;
    }
    while (j < joins.length && (joins[j] as (typeof joins)[number]).atS === nowS) {
      const join = joins[j++] as (typeof joins)[number];
      net.addFlow(join.dirs.join(','), join.dirs, (c.transfers[join.index] as SimgridCase['transfers'][number]).bytes, join.index, nowS, join.back);
    }
    net.settle(nowS, scheduler);
  }
  return finish;
}

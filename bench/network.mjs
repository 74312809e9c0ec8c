// Network benchmarks: (1) 10^5 transfers with heavy overlap on the national-2025 links (the
// flow-level max-min solver alone), (2) national-2025 at 10^6 jobs with its data against the
// same run with every byte count set to 0 (target: with data ≤ 2× without).
import { createRng } from '../dist/engine/rng.js';
import { NETWORK_MODEL_DEFAULTS } from '../dist/model/network-model.js';
import { FlowNetwork } from '../dist/network/flow-network.js';
import { WeightedFlowNetwork } from '../dist/network/weighted-flow-network.js';
import { RouteTable } from '../dist/network/routes.js';
import { loadScenario } from '../dist/scenario/load-scenario.js';

/**
 * 10^5 transfers of 1–100 GB between random site pairs, all starting within 10 minutes.
 * `model`: `maxmin` (FlowNetwork, split-duplex links) or `cm02` / `lv08` (WeightedFlowNetwork with
 * SimGrid's defaults: shared links, cross-traffic on the back route, window bound, weights).
 */
export function overlappingTransfers(count = 100_000, seed = 1, model = 'maxmin') {
  const scenario = loadScenario('national-2025');
  const sites = scenario.sites.map((s) => s.id);
  const routes = new RouteTable(sites, scenario.links);
  const capacity = new Float64Array(2 * scenario.links.length);
  scenario.links.forEach((l, i) => {
    capacity[2 * i] = l.bandwidthBps;
    capacity[2 * i + 1] = l.bandwidthBps;
  });
  const net =
    model === 'maxmin'
      ? new FlowNetwork(capacity, Number.POSITIVE_INFINITY, 3600)
      : new WeightedFlowNetwork(
          scenario.links.map((l) => ({ ...l, sharing: 'shared' })),
          NETWORK_MODEL_DEFAULTS[model],
          Number.POSITIVE_INFINITY,
          3600,
        );
  const rng = createRng(seed, 'bench/transfers');
  const starts = [];
  for (let i = 0; i < count; i++) {
    let a = Math.floor(rng.next() * sites.length);
    let b = Math.floor(rng.next() * sites.length);
    if (a === b) b = (b + 1) % sites.length;
    starts.push({ t: rng.next() * 600, a, b, bytes: 1e9 * (1 + 99 * rng.next()) });
  }
  starts.sort((x, y) => x.t - y.t);
  // A small event loop: starts in time order, completions from a pending map (the classes).
  const pending = new Map();
  const schedule = {
    scheduleCompletion: (c, t) => {
      if (Number.isFinite(t)) pending.set(c, t);
      else pending.delete(c);
    },
  };
  const out = [];
  let done = 0;
  let i = 0;
  let peak = 0;
  const t0 = process.hrtime.bigint();
  for (;;) {
    let nextDone = Number.POSITIVE_INFINITY;
    let cls = -1;
    for (const [c, t] of pending) if (t < nextDone || (t === nextDone && c < cls)) [nextDone, cls] = [t, c];
    const nextStart = i < starts.length ? starts[i].t : Number.POSITIVE_INFINITY;
    if (cls < 0 && i >= starts.length) break;
    if (nextStart <= nextDone) {
      const s = starts[i++];
      const route = routes.routeAt(s.a, s.b);
      net.addFlow(route.key, route.linkDirs, s.bytes, i, s.t, routes.routeAt(s.b, s.a).linkDirs);
      net.settle(s.t, schedule);
      peak = Math.max(peak, i - done);
    } else {
      pending.delete(cls);
      out.length = 0;
      done += net.complete(cls, nextDone, out);
      net.settle(nextDone, schedule);
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { transfers: count, seconds, solves: net.solves, peakConcurrent: peak, routeClasses: pending.size };
}

/** The same scenario with no data to move (every class's input and output set to 0 bytes). */
export function withoutData(scenario) {
  return {
    ...scenario,
    workload: scenario.workload.map((w) =>
      w.kind === 'poisson' ? { ...w, classes: w.classes.map((c) => ({ ...c, inputBytes: 0, outputBytes: 0, datasets: undefined })) } : w,
    ),
  };
}

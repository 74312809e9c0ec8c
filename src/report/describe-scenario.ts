import { centrePueByMonth } from '../model/energy-rates.js';
import type { JobSpec } from '../model/job.js';
import { nodeIdlePowerW } from '../model/partition.js';
import type { Scenario } from '../model/scenario.js';
import { alignColumns } from './text-table.js';

/** A titled table of strings (first row = header) for `cnsim describe`. */
export interface DescribeTable {
  readonly title: string;
  readonly rows: readonly (readonly string[])[];
}

const int = (x: number): string => (Number.isFinite(x) ? Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',') : '-');
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');
const hours = (s: number): string => (Number.isFinite(s) ? `${(s / 3600).toFixed(1)} h` : 'never');
const bps = (b: number): string => (b >= 1e12 ? `${b / 1e12} Tbps` : `${b / 1e9} Gbps`);
const bytes = (b: number): string => (b >= 1e15 ? `${(b / 1e15).toFixed(2)} PB` : b >= 1e12 ? `${(b / 1e12).toFixed(1)} TB` : `${(b / 1e9).toFixed(1)} GB`);

/**
 * A planner's summary of a scenario: centres, capacity by device model and region, links, demand
 * per class and origin, and the offered load per centre if every job ran at its origin (the
 * load the network has to move elsewhere).
 *
 * Offered load at origin: each job's work (cores × runtime for CPU jobs, GPUs × runtime for GPU
 * jobs, at reference speed) goes to the centres at its origin site that have the right kind of
 * partition, shared in proportion to their speed-weighted capacity; load = work ÷ (capacity ×
 * speed × span), span = the horizon (or the last submission). Work whose origin has no such
 * centre is listed as "no centre at origin".
 */
export function describeScenario(scenario: Scenario, jobs: readonly JobSpec[]): DescribeTable[] {
  const tables: DescribeTable[] = [];
  const centreRows: string[][] = [['centre', 'site', 'region', 'partitions', 'cores', 'GPUs', 'active']];
  for (const c of scenario.centres) {
    const cores = c.partitions.reduce((s, p) => s + (p.gpusPerNode === 0 ? p.nodes * p.coresPerNode : 0), 0);
    const gpus = c.partitions.reduce((s, p) => s + p.nodes * p.gpusPerNode, 0);
    const from = c.activeFromS ?? 0;
    const until = c.activeUntilS ?? Number.POSITIVE_INFINITY;
    const active = from === 0 && !Number.isFinite(until) ? 'always' : `${hours(from)} – ${hours(until)}`;
    centreRows.push([c.id, c.siteId, c.region, String(c.partitions.length), int(cores), int(gpus), active]);
  }
  tables.push({ title: `Centres (${scenario.centres.length})`, rows: centreRows });

  const capacity = new Map<string, { model: string; region: string; nodes: number; cores: number; gpus: number }>();
  for (const c of scenario.centres) {
    for (const p of c.partitions) {
      const model = p.gpusPerNode > 0 ? p.gpuModel : 'CPU';
      const key = `${model}\0${c.region}`;
      const row = capacity.get(key) ?? { model, region: c.region, nodes: 0, cores: 0, gpus: 0 };
      row.nodes += p.nodes;
      row.cores += p.nodes * p.coresPerNode;
      row.gpus += p.nodes * p.gpusPerNode;
      capacity.set(key, row);
    }
  }
  const capRows = [...capacity.values()].sort((a, b) => (a.model < b.model ? -1 : a.model > b.model ? 1 : a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  tables.push({
    title: 'Capacity by device model and region',
    rows: [['device', 'region', 'nodes', 'cores', 'GPUs'], ...capRows.map((r) => [r.model, r.region, int(r.nodes), int(r.cores), int(r.gpus)])],
  });

  // Energy by region: the power the centres can draw and what a kWh costs and emits there.
  const range = (xs: readonly number[], digits: number): string => {
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    return lo === hi ? lo.toFixed(digits) : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
  };
  const regions = new Map(scenario.regions.map((r) => [r.id, r]));
  const energy = new Map<string, { centres: number; idleW: number; peakW: number; pue: number[] }>();
  for (const c of scenario.centres) {
    const row = energy.get(c.region) ?? { centres: 0, idleW: 0, peakW: 0, pue: [] };
    row.centres++;
    for (const p of c.partitions) {
      row.idleW += p.nodes * nodeIdlePowerW(p);
      row.peakW += p.nodes * (p.peakPowerPerNodeW + p.gpuPeakPowerPerNodeW);
    }
    row.pue.push(...centrePueByMonth(c, regions.get(c.region)));
    energy.set(c.region, row);
  }
  tables.push({
    title: 'Energy by region (IT power of the centres; price and carbon over the hours of a day, PUE over the months)',
    rows: [
      ['region', 'centres', 'idle MW', 'peak MW', 'CNY/kWh', 'gCO2/kWh', 'PUE'],
      ...[...energy].map(([id, e]) => {
        const region = regions.get(id);
        return [
          id === '' ? '(none)' : id,
          String(e.centres),
          (e.idleW / 1e6).toFixed(1),
          (e.peakW / 1e6).toFixed(1),
          region === undefined ? '-' : range(region.priceByHourCnyPerKWh, 2),
          region === undefined ? '-' : range(region.carbonByHourGPerKWh, 0),
          range(e.pue, 2),
        ];
      }),
    ],
  });

  const linkGroups = new Map<string, number>();
  for (const l of scenario.links) linkGroups.set(bps(l.bandwidthBps), (linkGroups.get(bps(l.bandwidthBps)) ?? 0) + 1);
  tables.push({
    title: `Links (${scenario.links.length})`,
    rows: [
      ['link', 'bandwidth', 'latency'],
      ...scenario.links.map((l) => [l.id, bps(l.bandwidthBps), `${(l.latencyS * 1e3).toFixed(2)} ms`]),
      ['total', [...linkGroups].map(([b, n]) => `${n} × ${b}`).join(', '), ''],
    ],
  });

  let spanS = Number.isFinite(scenario.horizonS) ? scenario.horizonS : 0;
  for (const j of jobs) spanS = Math.max(spanS, Number.isFinite(scenario.horizonS) ? 0 : j.submitS);
  const demand = new Map<string, { jobClass: string; origin: string; jobs: number; coreS: number; gpuS: number; bytes: number }>();
  for (const j of jobs) {
    const key = `${j.jobClass}\0${j.origin}`;
    const row = demand.get(key) ?? { jobClass: j.jobClass, origin: j.origin, jobs: 0, coreS: 0, gpuS: 0, bytes: 0 };
    row.jobs++;
    if (j.gpus > 0) row.gpuS += j.gpus * j.runtimeS;
    else row.coreS += j.cores * j.runtimeS;
    row.bytes += j.inputBytes + j.outputBytes;
    demand.set(key, row);
  }
  const byClass = new Map<string, { jobs: number; coreS: number; gpuS: number; bytes: number; origins: number }>();
  for (const r of demand.values()) {
    const c = byClass.get(r.jobClass) ?? { jobs: 0, coreS: 0, gpuS: 0, bytes: 0, origins: 0 };
    c.jobs += r.jobs;
    c.coreS += r.coreS;
    c.gpuS += r.gpuS;
    c.bytes += r.bytes;
    c.origins++;
    byClass.set(r.jobClass, c);
  }
  const sortedKeys = <T>(m: Map<string, T>): string[] => [...m.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  tables.push({
    title: `Demand per class (${int(jobs.length)} jobs over ${hours(spanS)})`,
    rows: [
      ['class', 'jobs', 'origins', 'core-h', 'GPU-h', 'data in+out'],
      ...sortedKeys(byClass).map((k) => {
        const c = byClass.get(k) as { jobs: number; coreS: number; gpuS: number; bytes: number; origins: number };
        return [k, int(c.jobs), String(c.origins), int(c.coreS / 3600), int(c.gpuS / 3600), bytes(c.bytes)];
      }),
    ],
  });
  const byOrigin = new Map<string, { jobs: number; coreS: number; gpuS: number; bytes: number }>();
  for (const r of demand.values()) {
    const o = byOrigin.get(r.origin) ?? { jobs: 0, coreS: 0, gpuS: 0, bytes: 0 };
    o.jobs += r.jobs;
    o.coreS += r.coreS;
    o.gpuS += r.gpuS;
    o.bytes += r.bytes;
    byOrigin.set(r.origin, o);
  }
  tables.push({
    title: 'Demand per origin region',
    rows: [
      ['origin', 'jobs', 'core-h', 'GPU-h', 'data in+out'],
      ...sortedKeys(byOrigin).map((k) => {
        const o = byOrigin.get(k) as { jobs: number; coreS: number; gpuS: number; bytes: number };
        return [k, int(o.jobs), int(o.coreS / 3600), int(o.gpuS / 3600), bytes(o.bytes)];
      }),
    ],
  });

  // Offered load if every job ran at its origin.
  const cpuCap = scenario.centres.map((c) => c.partitions.reduce((s, p) => s + (p.gpusPerNode === 0 ? p.nodes * p.coresPerNode * p.speed : 0), 0));
  const gpuCap = scenario.centres.map((c) => c.partitions.reduce((s, p) => s + p.nodes * p.gpusPerNode * p.speed, 0));
  const cpuWork = new Float64Array(scenario.centres.length);
  const gpuWork = new Float64Array(scenario.centres.length);
  const homeless = new Map<string, { coreS: number; gpuS: number }>();
  for (const [origin, o] of byOrigin) {
    for (const [kind, work, cap, into] of [
      ['cpu', o.coreS, cpuCap, cpuWork],
      ['gpu', o.gpuS, gpuCap, gpuWork],
    ] as const) {
      if (work <= 0) continue;
      let total = 0;
      scenario.centres.forEach((c, i) => {
        if (c.siteId === origin) total += cap[i] as number;
      });
      if (total <= 0) {
        const h = homeless.get(origin) ?? { coreS: 0, gpuS: 0 };
        if (kind === 'cpu') h.coreS += work;
        else h.gpuS += work;
        homeless.set(origin, h);
        continue;
      }
      scenario.centres.forEach((c, i) => {
        if (c.siteId === origin) into[i] = (into[i] as number) + (work * (cap[i] as number)) / total;
      });
    }
  }
  const loadRows: string[][] = [['centre', 'site', 'CPU load at origin', 'GPU load at origin']];
  scenario.centres.forEach((c, i) => {
    const cpu = (cpuCap[i] as number) > 0 ? pct((cpuWork[i] as number) / ((cpuCap[i] as number) * spanS)) : '';
    const gpu = (gpuCap[i] as number) > 0 ? pct((gpuWork[i] as number) / ((gpuCap[i] as number) * spanS)) : '';
    loadRows.push([c.id, c.siteId, cpu, gpu]);
  });
  for (const origin of sortedKeys(homeless)) {
    const h = homeless.get(origin) as { coreS: number; gpuS: number };
    loadRows.push([`(no centre at origin ${origin})`, origin, h.coreS > 0 ? `${int(h.coreS / 3600)} core-h` : '', h.gpuS > 0 ? `${int(h.gpuS / 3600)} GPU-h` : '']);
  }
  tables.push({ title: 'Offered load per centre if every job ran at its origin (work at reference speed ÷ speed-weighted capacity × span)', rows: loadRows });
  return tables;
}

/** Plain-text rendering: each table under its title, columns aligned. */
export function formatDescribe(scenario: Scenario, tables: readonly DescribeTable[]): string {
  const out: string[] = [`${scenario.name}: ${scenario.description}`, `seed ${scenario.seed}, horizon ${hours(scenario.horizonS)}, dispatch ${scenario.dispatch.policy}`];
  for (const t of tables) {
    out.push('', t.title);
    for (const line of alignColumns(t.rows)) out.push(`  ${line}`.trimEnd());
  }
  return `${out.join('\n')}\n`;
}

import { describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/model/job.js';
import { buildReports, type Table } from '../../src/report/build-reports.js';
import { accountEnergy, type JobEnergy } from '../../src/report/energy-accounting.js';
import { RunTally } from '../../src/report/run-tally.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

/** The rows of a results table as objects (column → cell). */
function rows(tables: readonly Table[], file: string): Record<string, string>[] {
  const table = tables.find((t) => t.file === file);
  if (table === undefined) throw new Error(`no ${file}`);
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row[i] ?? ''])));
}

function run(raw: Record<string, unknown>, jobs: JobSpec[]) {
  const result = new Simulation(scenarioFrom(raw), jobs, BUILTIN_POLICIES).run();
  const tables = buildReports(result).tables;
  return { result, jobs: rows(tables, 'jobs.csv'), centres: rows(tables, 'centres.csv'), summary: rows(tables, 'summary.csv')[0] as Record<string, string>, tables };
}

const num = (cell: string | undefined): number => Number(cell);

/**
 * Centre A: one CPU node of 4 cores (100 W idle, 300 W with every core busy). Centre G: a GPU
 * partition without power, which keeps the run going so A's node is idle for a measured time.
 */
const cpuAndGpu = (region: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  regions: [{ id: 'R', ...region }],
  centres: [
    { id: 'A', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'cpu', nodes: 1, coresPerNode: 4, idlePowerPerNode: '100W', peakPowerPerNode: '300W' }] },
    { id: 'G', site: 'S', region: 'R', partitions: [{ id: 'gpu', nodes: 1, coresPerNode: 4, gpusPerNode: 1, gpuModel: 'X' }] },
  ],
  dispatch: { infoPeriod: 0 },
  ...extra,
});
/** One centre A with one CPU partition of 1-core nodes at 100 W idle / 300 W busy whose nodes switch off. */
const powerOffCentre = (nodes: number, powerOff: Record<string, unknown>, region: Record<string, unknown> = {}) => ({
  regions: [{ id: 'R', priceCnyPerKWh: 1, carbonGPerKWh: 0, pue: 1, ...region }],
  centres: [
    {
      id: 'A',
      site: 'S',
      lat: 30,
      lon: 120,
      region: 'R',
      partitions: [{ id: 'cpu', nodes, coresPerNode: 1, idlePowerPerNode: '100W', peakPowerPerNode: '300W', powerOff }],
    },
  ],
  dispatch: { infoPeriod: 0 },
});
const gpuKeeper = (runtimeS: number): JobSpec => job('keeper', { submitS: 0, origin: 'S', cores: 1, gpus: 1, runtimeS });

describe('energy accounting, computed by hand', () => {
  it('one node idle for an hour, then busy at half its cores for an hour: idle·t + (idle + (peak − idle) · share)·t', () => {
    // A idles over [0, 3600) (100 W → 0.1 kWh), then runs 2 of 4 cores over [3600, 7200):
    // 100 + 200 × 2/4 = 200 W → 0.2 kWh. PUE 1.5, 0.5 CNY/kWh, 600 g/kWh.
    const r = run(cpuAndGpu({ priceCnyPerKWh: 0.5, carbonGPerKWh: 600, pue: 1.5 }), [
      gpuKeeper(7200),
      job('half', { submitS: 3600, origin: 'S', cores: 2, runtimeS: 3600 }),
    ]);
    const half = r.jobs.find((j) => j.job_id === 'half') as Record<string, string>;
    expect(half.centre).toBe('A');
    expect(num(half.it_kwh)).toBeCloseTo(0.2, 12);
    expect(num(half.overhead_kwh)).toBeCloseTo(0.1, 12);
    expect(num(half.cost_cny)).toBeCloseTo(0.3 * 0.5, 12);
    expect(num(half.co2_kg)).toBeCloseTo(0.3 * 0.6, 12);
    const a = r.centres.find((c) => c.centre === 'A') as Record<string, string>;
    expect(num(a.idle_kwh)).toBeCloseTo(0.1, 12);
    expect(num(a.job_kwh)).toBeCloseTo(0.2, 12);
    expect(num(a.it_kwh)).toBeCloseTo(0.3, 12);
    expect(num(a.energy_kwh)).toBeCloseTo(0.45, 12);
    expect(num(a.overhead_kwh)).toBeCloseTo(0.15, 12);
    expect(num(a.cost_cny)).toBeCloseTo(0.225, 12);
    expect(num(a.co2_kg)).toBeCloseTo(0.27, 12);
    expect(num(r.summary.energy_kwh)).toBeCloseTo(0.45, 12);
    // energy.csv: hour 0 is idle only, hour 1 the job only.
    const windows = rows(r.tables, 'energy.csv').filter((w) => w.centre === 'A');
    expect(windows.slice(0, 2).map((w) => [num(w.idle_kwh), num(w.job_kwh)])).toEqual([
      [expect.closeTo(0.1, 12), 0],
      [0, expect.closeTo(0.2, 12)],
    ]);
  });

  it('prices a job split across two tariff periods at each period\'s price (time-of-use), and carbon by hour', () => {
    // 1 kW (4 of 4 cores at 250 W idle, 1000 W peak) over [1800, 5400): half in hour 0, half in hour 1.
    const price = [0.3, 0.9, ...new Array<number>(22).fill(0.5)];
    const carbon = [100, 500, ...new Array<number>(22).fill(300)];
    const raw = cpuAndGpu({ priceCnyPerKWh: price, carbonGPerKWh: carbon, pue: 1.2 });
    (raw.centres[0] as { partitions: Record<string, unknown>[] }).partitions[0] = { id: 'cpu', nodes: 1, coresPerNode: 4, idlePowerPerNode: '250W', peakPowerPerNode: '1kW' };
    const r = run(raw, [gpuKeeper(5400), job('split', { submitS: 1800, origin: 'S', cores: 4, runtimeS: 3600 })]);
    const split = r.jobs.find((j) => j.job_id === 'split') as Record<string, string>;
    // 0.5 kWh × 1.2 × 0.3 + 0.5 kWh × 1.2 × 0.9 = 0.18 + 0.54 CNY.
    expect(num(split.cost_cny)).toBeCloseTo(0.72, 12);
    // 0.6 kWh × 100 g + 0.6 kWh × 500 g = 360 g.
    expect(num(split.co2_kg)).toBeCloseTo(0.36, 12);
    expect(num(split.it_kwh)).toBeCloseTo(1, 12);
    expect(num(split.overhead_kwh)).toBeCloseTo(0.2, 12);
    // energy.csv: hour 0 = A idle [0, 1800) at 250 W (0.125 kWh) + half the job, at 0.3 CNY and
    // 100 g; hour 1 = the other half at 0.9 CNY and 500 g. PUE 1.2 throughout.
    const windows = rows(r.tables, 'energy.csv').filter((w) => w.centre === 'A');
    expect(windows.map((w) => num(w.cost_cny))).toEqual([expect.closeTo((0.125 + 0.5) * 1.2 * 0.3, 6), expect.closeTo(0.5 * 1.2 * 0.9, 6)]);
    expect(windows.map((w) => num(w.co2_kg))).toEqual([expect.closeTo((0.625 * 1.2 * 100) / 1000, 6), expect.closeTo((0.5 * 1.2 * 500) / 1000, 6)]);
    expect(windows.map((w) => num(w.energy_kwh))).toEqual([expect.closeTo(0.75, 6), expect.closeTo(0.6, 6)]);
  });

  it('draws GPU power by the busy share of the GPUs and the node part by the share of cores', () => {
    // 2 nodes × 8 GPUs, 64 cores; node part 300/800 W, GPUs 800/3200 W. A job of 16 cores and 4
    // GPUs takes 1 node: 300 + 800 + (800 − 300) × 16/64 + (3200 − 800) × 4/8 = 2425 W for 1 h.
    const r = run(
      {
        regions: [{ id: 'R', priceCnyPerKWh: 1, carbonGPerKWh: 1000, pue: 1 }],
        centres: [
          {
            id: 'G',
            site: 'S',
            lat: 30,
            lon: 120,
            region: 'R',
            partitions: [{ id: 'gpu', nodes: 2, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'X', idlePowerPerNode: 300, peakPowerPerNode: 800, gpuIdlePowerPerNode: 800, gpuPeakPowerPerNode: 3200 }],
          },
        ],
        dispatch: { infoPeriod: 0 },
      },
      [job('g', { submitS: 0, origin: 'S', cores: 16, gpus: 4, runtimeS: 3600 })],
    );
    expect(num((r.jobs[0] as Record<string, string>).it_kwh)).toBeCloseTo(2.425, 12);
    // The other node idles the whole hour at 300 + 800 W.
    expect(num((r.centres[0] as Record<string, string>).idle_kwh)).toBeCloseTo(1.1, 12);
    const region = rows(r.tables, 'regions.csv')[0] as Record<string, string>;
    expect([region.region, num(region.centres), num(region.it_kwh), num(region.cost_cny), num(region.price_cny_per_kwh), num(region.carbon_g_per_kwh)]).toEqual([
      'R',
      1,
      expect.closeTo(3.525, 6),
      expect.closeTo(3.525, 6),
      1,
      1000,
    ]);
  });

  it('applies the PUE of each month: a job across 31 January / 1 February', () => {
    const pue = [1.1, 1.5, ...new Array<number>(10).fill(1.3)];
    const raw = cpuAndGpu({ priceCnyPerKWh: 1, carbonGPerKWh: 0, pue });
    (raw.centres[0] as { partitions: Record<string, unknown>[] }).partitions[0] = { id: 'cpu', nodes: 1, coresPerNode: 4, idlePowerPerNode: '250W', peakPowerPerNode: '1kW' };
    const feb1 = 31 * 86400;
    const r = run(raw, [job('month', { submitS: feb1 - 3600, origin: 'S', cores: 4, runtimeS: 7200 })]);
    const j = r.jobs[0] as Record<string, string>;
    expect(num(j.it_kwh)).toBeCloseTo(2, 12);
    expect(num(j.overhead_kwh)).toBeCloseTo(0.1 + 0.5, 12);
    expect(num(j.cost_cny)).toBeCloseTo(2.6, 12);
  });

  it('starts the calendar at energy.startMonth', () => {
    const pue = [1.1, 1.5, ...new Array<number>(10).fill(1.3)];
    const raw = { ...cpuAndGpu({ priceCnyPerKWh: 1, carbonGPerKWh: 0, pue }), energy: { startMonth: 2 } };
    const r = run(raw, [job('feb', { submitS: 0, origin: 'S', cores: 4, runtimeS: 3600 })]);
    // 300 W for an hour in February (PUE 1.5).
    expect(num((r.jobs[0] as Record<string, string>).overhead_kwh)).toBeCloseTo(0.3 * 0.5, 12);
  });

  it('switches idle nodes off and wakes them for a job: delay, wake-up energy and off power, by hand', () => {
    // Two 1-core nodes (100 W idle, 300 W busy), off after 1 h at 10 W, boot 10 min at 0.05 kWh each.
    const raw = powerOffCentre(2, { after: '1h', wakeUp: '10min', wakeUpEnergy: '0.05kWh', offPower: '10W' }, { carbonGPerKWh: 1000 });
    const r = run(raw, [
      job('first', { submitS: 0, origin: 'S', cores: 1, runtimeS: 3600 }),
      job('second', { submitS: 10800, origin: 'S', cores: 2, runtimeS: 3600 }),
    ]);
    const [first, second] = r.jobs as [Record<string, string>, Record<string, string>];
    expect(num(first.wake_s)).toBe(0);
    expect(num(first.it_kwh)).toBeCloseTo(0.3, 12);
    // Both nodes have been idle ≥ 1 h at 10800: both boot, the job starts 600 s later.
    expect(num(second.wake_s)).toBe(600);
    expect(num(second.start_s)).toBe(11400);
    expect(num(second.wait_s)).toBe(600);
    expect(num(second.end_s)).toBe(15000);
    expect(num(second.it_kwh)).toBeCloseTo(0.6 + 0.1, 12);
    // Idle: node 1 on for [3600, 7200) then off to 10800 (0.1 + 0.01 kWh); node 2 on for
    // [0, 3600) then off to 10800 (0.1 + 0.02 kWh).
    const a = r.centres[0] as Record<string, string>;
    expect(num(a.idle_kwh)).toBeCloseTo(0.23, 12);
    expect(num(a.it_kwh)).toBeCloseTo(1.23, 12);
    expect(num(a.cost_cny)).toBeCloseTo(1.23, 12);
    expect(num(r.summary.woken_nodes)).toBe(2);
  });

  it('keeps nodes on when a job comes before the idle time is up (no wake-up, no delay)', () => {
    const raw = powerOffCentre(1, { after: '1h', wakeUp: '10min' });
    const r = run(raw, [job('a', { submitS: 0, origin: 'S', cores: 1, runtimeS: 600 }), job('b', { submitS: 3000, origin: 'S', cores: 1, runtimeS: 600 })]);
    expect(r.jobs.map((j) => num(j.wake_s))).toEqual([0, 0]);
    expect(r.jobs.map((j) => num(j.start_s))).toEqual([0, 3000]);
    // Idle [600, 3000): 2400 s at 100 W.
    expect(num((r.centres[0] as Record<string, string>).idle_kwh)).toBeCloseTo((2400 * 100) / 3.6e6, 6);
  });

  it('charges the wake-up energy at the start when the boot takes no time (wakeUp 0)', () => {
    const raw = powerOffCentre(1, { after: '1h', wakeUpEnergy: '0.01kWh' });
    const r = run(raw, [job('a', { submitS: 0, origin: 'S', cores: 1, runtimeS: 600 }), job('b', { submitS: 3 * 3600, origin: 'S', cores: 1, runtimeS: 3600 })]);
    const b = r.jobs[1] as Record<string, string>;
    expect([num(b.wake_s), num(b.start_s)]).toEqual([0, 3 * 3600]);
    expect(num(b.it_kwh)).toBeCloseTo(0.3 + 0.01, 12);
    expect(num(b.cost_cny)).toBeCloseTo(0.31, 12);
    // Idle [600, 10800): 1 h on at 100 W, then off (0 W).
    expect(num((r.centres[0] as Record<string, string>).idle_kwh)).toBeCloseTo(0.1, 12);
  });

  it('counts a run cut off by --until up to the cut-off: running jobs and idle nodes', () => {
    const raw = cpuAndGpu({ priceCnyPerKWh: 1, carbonGPerKWh: 0, pue: 1 });
    const result = new Simulation(scenarioFrom(raw), [gpuKeeper(200), job('long', { submitS: 0, origin: 'S', cores: 4, runtimeS: 36000 })], BUILTIN_POLICIES, { untilS: 3600 }).run();
    expect(result.endS).toBe(3600);
    const tables = buildReports(result).tables;
    const long = rows(tables, 'jobs.csv')[1] as Record<string, string>;
    expect(long.status).toBe('unfinished');
    // 300 W × 3600 s = 0.3 kWh, not up to the last event at 200 s.
    expect(num(long.it_kwh)).toBeCloseTo(0.3, 12);
    expect(num((rows(tables, 'centres.csv')[0] as Record<string, string>).job_kwh)).toBeCloseTo(0.3, 12);
  });

  it('splits a job moved by a failure between the centres it ran at; jobs.csv lists the whole under its last centre', () => {
    // A kills x at 1800 s (abrupt outage); redispatched at once to B (active from 1000 s), it
    // runs there in full: 300 W × 1800 s = 0.15 kWh at A, 300 W × 3600 s = 0.3 kWh at B.
    const cpu = { id: 'cpu', nodes: 1, coresPerNode: 4, idlePowerPerNode: '100W', peakPowerPerNode: '300W' };
    const r = run(
      {
        regions: [{ id: 'R', priceCnyPerKWh: 1, carbonGPerKWh: 0, pue: 1 }],
        centres: [
          { id: 'A', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [cpu], down: [{ from: 1800, to: 1e6, mode: 'abrupt' }] },
          { id: 'B', site: 'S', region: 'R', activeFrom: 1000, partitions: [cpu] },
        ],
        dispatch: { infoPeriod: 0 },
        retry: { policy: 'redispatch', maxAttempts: 2 },
      },
      [job('x', { submitS: 0, origin: 'S', cores: 4, runtimeS: 3600 })],
    );
    const x = r.jobs[0] as Record<string, string>;
    expect([x.centre, x.status, num(x.start_s)]).toEqual(['B', 'done', 1800]);
    expect(num(x.it_kwh)).toBeCloseTo(0.45, 12);
    const jobKwh = Object.fromEntries(r.centres.map((c) => [c.centre, num(c.job_kwh)]));
    expect(jobKwh.A).toBeCloseTo(0.15, 12);
    expect(jobKwh.B).toBeCloseTo(0.3, 12);
    expect(r.centres.map((c) => num(c.jobs))).toEqual([0, 1]);
  });

  it('a run cut off while a job boots its nodes: the job has not started (no start, wait or busy time) and its boot so far counts', () => {
    // a runs [0, 60) on one node; the nodes switch off 1 s after going idle. b (4 nodes) comes at
    // 600 s, wakes all four (2 h, 0.2 kWh each: 400 W together) and would start at 7800 s; the
    // run stops at 3600 s. b's boot so far: 400 W × 3000 s = 1/3 kWh.
    const raw = powerOffCentre(4, { after: '1s', wakeUp: '2h', wakeUpEnergy: '0.2kWh' });
    const jobs = [job('a', { submitS: 0, origin: 'S', cores: 1, runtimeS: 60 }), job('b', { submitS: 600, origin: 'S', cores: 4, runtimeS: 600 })];
    const result = new Simulation(scenarioFrom(raw), jobs, BUILTIN_POLICIES, { untilS: 3600 }).run();
    const tables = buildReports(result).tables;
    const [a, b] = rows(tables, 'jobs.csv') as [Record<string, string>, Record<string, string>];
    expect([b.status, b.start_s, b.wait_s, b.queued_s]).toEqual(['unfinished', '', '', '600']);
    expect(num(b.it_kwh)).toBeCloseTo(1 / 3, 6);
    expect(num(a.it_kwh)).toBeCloseTo((300 * 60) / 3.6e6, 12);
    const centre = rows(tables, 'centres.csv')[0] as Record<string, string>;
    expect(num(centre.core_hours)).toBeCloseTo(60 / 3600, 6);
    expect(num(centre.node_util)).toBeGreaterThanOrEqual(0);
    expect(num(centre.node_util)).toBeLessThanOrEqual(1);
    expect(num(centre.job_kwh)).toBeCloseTo(1 / 3 + (300 * 60) / 3.6e6, 6);
    for (const row of rows(tables, 'utilization.csv')) expect(num(row.node_util)).toBeGreaterThanOrEqual(0);
  });

  it('writes no energy files and leaves the energy columns empty with energy.accounting off', () => {
    const r = run({ ...cpuAndGpu({ priceCnyPerKWh: 0.5 }), energy: { accounting: false } }, [job('x', { submitS: 0, origin: 'S', cores: 1, runtimeS: 60 })]);
    expect(r.tables.map((t) => t.file)).not.toContain('energy.csv');
    expect(r.tables.map((t) => t.file)).not.toContain('regions.csv');
    expect((r.jobs[0] as Record<string, string>).it_kwh).toBe('');
    expect(r.summary.energy_kwh).toBe('');
  });

  it('counts network energy per byte and link crossed, at the sender region\'s price', () => {
    const raw = {
      regions: [{ id: 'R', priceCnyPerKWh: 2, carbonGPerKWh: 500, pue: 1.4 }],
      sites: [{ id: 'U', region: 'R', lat: 31, lon: 121 }],
      centres: [{ id: 'A', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'cpu', nodes: 1 }] }],
      links: [{ between: ['U', 'S'], bandwidth: '8Gbps', latency: 0 }],
      energy: { transferPerGB: '0.01kWh' },
      dispatch: { infoPeriod: 0 },
    };
    // 10 GB in, 1 GB out: 11 GB × 0.01 kWh over one link; no PUE on the network.
    const r = run(raw, [job('x', { submitS: 0, origin: 'U', cores: 1, runtimeS: 60, inputBytes: 10e9, outputBytes: 1e9 })]);
    expect(num(r.summary.transfer_kwh)).toBeCloseTo(0.11, 12);
    expect(num(r.summary.transfer_cost_cny)).toBeCloseTo(0.22, 12);
    expect(num(r.summary.transfer_co2_kg)).toBeCloseTo(0.055, 12);
    const links = rows(r.tables, 'links.csv');
    expect(links.map((l) => num(l.energy_kwh))).toEqual([expect.closeTo(0.1, 12), expect.closeTo(0.01, 12)]);
  });
});

describe('energy conservation', () => {
  it('idle energy = nodes × idle power × powered period − what the jobs held, computed independently (activeFrom, activeUntil)', () => {
    const jobs: JobSpec[] = [];
    for (let i = 0; i < 200; i++) jobs.push(job(`j${i}`, { submitS: i * 131, origin: 'S', cores: 1 + ((i * 5) % 8), runtimeS: 200 + ((i * 977) % 5000) }));
    const raw = {
      regions: [{ id: 'R', priceCnyPerKWh: 0.5, carbonGPerKWh: 500, pue: 1.3 }],
      centres: [
        { id: 'E', site: 'S', lat: 30, lon: 120, region: 'R', activeUntil: '5h', partitions: [{ id: 'cpu', nodes: 6, coresPerNode: 8, idlePowerPerNode: 150, peakPowerPerNode: 400 }] },
        { id: 'W', site: 'S', region: 'R', activeFrom: '2h', partitions: [{ id: 'cpu', nodes: 3, coresPerNode: 8, idlePowerPerNode: 90, peakPowerPerNode: 300 }] },
      ],
      dispatch: { infoPeriod: 0 },
    };
    const r = run(raw, jobs);
    const ends = r.result.jobs.map((x) => x.endS);
    const lastEndS = Math.max(...ends);
    const expected = [
      { nodes: 6, idleW: 150, onS: 0, offS: (c: number) => Math.max(5 * 3600, c) },
      { nodes: 3, idleW: 90, onS: 7200, offS: () => lastEndS },
    ].map((centre, k) => {
      const held = r.result.jobs.filter((x) => x.centre === k);
      const lastHere = Math.max(...held.map((x) => x.endS));
      const offS = centre.offS(lastHere);
      const heldNodeSeconds = held.reduce((a, x) => a + x.nodes * (x.endS - x.startS), 0);
      return (centre.idleW * (centre.nodes * (offS - centre.onS) - heldNodeSeconds)) / 3.6e6;
    });
    expect(r.centres.map((c) => num(c.idle_kwh))).toEqual(expected.map((e) => expect.closeTo(e, 5)));
    expect(r.result.jobs.some((x) => x.centre === 0 && x.endS > 5 * 3600)).toBe(true);
  });

  it('Σ jobs + idle = centre IT energy, Σ centres = regions = summary, on a mixed run with power-off', () => {
    const jobs: JobSpec[] = [];
    for (let i = 0; i < 300; i++) {
      jobs.push(job(`j${i}`, { submitS: i * 97, origin: 'S', cores: 1 + ((i * 7) % 16), gpus: i % 5 === 0 ? 1 + (i % 4) : 0, runtimeS: 300 + ((i * 1361) % 7200) }));
    }
    const r = run(
      {
        regions: [
          { id: 'East', priceCnyPerKWh: [...new Array<number>(8).fill(0.3), ...new Array<number>(16).fill(0.8)], carbonGPerKWh: 600, pue: 1.3 },
          { id: 'West', priceCnyPerKWh: 0.35, carbonGPerKWh: new Array<number>(24).fill(0).map((_, h) => 100 + 10 * h), pue: [1.2, 1.2, 1.25, 1.25, 1.3, 1.3, 1.3, 1.3, 1.25, 1.2, 1.2, 1.2] },
        ],
        centres: [
          {
            id: 'E',
            site: 'S',
            lat: 30,
            lon: 120,
            region: 'East',
            partitions: [
              { id: 'cpu', nodes: 8, coresPerNode: 8, idlePowerPerNode: 150, peakPowerPerNode: 400, powerOff: { after: '20min', wakeUp: '5min', wakeUpEnergy: '20kJ', offPower: 5 } },
              { id: 'gpu', nodes: 2, coresPerNode: 16, gpusPerNode: 4, gpuModel: 'A', idlePowerPerNode: 200, peakPowerPerNode: 500, gpuIdlePowerPerNode: 200, gpuPeakPowerPerNode: 1600 },
            ],
          },
          { id: 'W', site: 'T', lat: 30, lon: 104, region: 'West', activeFrom: '2h', partitions: [{ id: 'cpu', nodes: 4, coresPerNode: 16, idlePowerPerNode: 120, peakPowerPerNode: 380 }] },
        ],
        links: [{ between: ['S', 'T'], bandwidth: '10Gbps' }],
        dispatch: { policy: 'price-aware', infoPeriod: 0 },
        report: { utilizationWindow: '20min' },
      },
      jobs,
    );
    // Full precision: the account itself (the CSV cells are rounded to 6 decimals).
    const tally = new RunTally(r.result.scenario, null);
    tally.stop(r.result.endS);
    const perCentre = new Float64Array(2);
    const costPerCentre = new Float64Array(2);
    const co2PerCentre = new Float64Array(2);
    for (const x of r.result.retired) {
      tally.retire(x);
      const e = tally.energy as JobEnergy;
      perCentre[x.centre] = (perCentre[x.centre] as number) + e.itKWh;
      costPerCentre[x.centre] = (costPerCentre[x.centre] as number) + e.costCny;
      co2PerCentre[x.centre] = (co2PerCentre[x.centre] as number) + e.co2Kg;
    }
    const account = accountEnergy(r.result, tally.energy as JobEnergy, 0, Math.max(...r.result.jobs.map((x) => x.endS)));
    const relative = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
    account.centres.forEach((c, k) => {
      expect(relative(c.jobKWh, perCentre[k] as number)).toBeLessThan(1e-12);
      expect(c.idleKWh).toBeGreaterThan(0);
    });
    for (let k = 0; k < 2; k++) {
      const centre = account.centres[k] as (typeof account.centres)[number];
      expect(relative((costPerCentre[k] as number) + centre.idleCostCny, centre.costCny)).toBeLessThan(1e-12);
      expect(relative((co2PerCentre[k] as number) + centre.idleCo2Kg, centre.co2Kg)).toBeLessThan(1e-12);
    }
    const sum = (f: (c: (typeof account.centres)[number]) => number): number => account.centres.reduce((a, c) => a + f(c), 0);
    expect(relative(account.total.jobKWh + account.total.idleKWh, sum((c) => c.jobKWh + c.idleKWh))).toBeLessThan(1e-12);
    expect(relative(account.total.costCny, sum((c) => c.costCny))).toBeLessThan(1e-12);
    expect([...account.regions.keys()]).toEqual(['East', 'West']);
    expect(relative([...account.regions.values()].reduce((a, x) => a + x.co2Kg, 0), account.total.co2Kg)).toBeLessThan(1e-12);
    // The CSV agrees with the account to its 6 decimals.
    expect(num(r.summary.it_kwh)).toBeCloseTo(account.total.jobKWh + account.total.idleKWh, 5);
    // Job cost + idle cost = centre cost: idle cost is what the windows of idle energy cost.
    expect(num(r.summary.woken_nodes)).toBeGreaterThan(0);
  });
});

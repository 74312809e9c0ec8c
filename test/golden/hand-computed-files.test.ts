import { describe, expect, it } from 'vitest';
import { buildReports } from '../../src/report/build-reports.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

// The golden files hold what the code wrote once; this holds the files to values worked out by
// hand from the definitions in results/README.md, for a run small enough to follow.
//
// One centre C at site A: 4 nodes of 4 cores, 100 W idle and 300 W at full load per node; region R
// at 1 CNY/kWh, 500 g/kWh, PUE 1.5. Site B (the users of j2, and its data) is joined to A by a
// 1 Gbit/s link without latency. Windows of 1 h.
// - j1 (origin A, 8 cores = 2 nodes) runs 0–1800 s.
// - j2 (origin B, 4 cores = 1 node) is submitted at 1800; its 10^9-byte input takes 8 s over the
//   link, so it runs 1808–5408 s; it has no output.
// Node-seconds busy: window 0: 2 × 1800 + 1792 = 5392; window 1: 1808. Period 0–5408 s.
// Power: j1 2 × 100 + 200 × 8/4 = 600 W; j2 100 + 200 × 4/4 = 300 W; an idle node 100 W.
describe('result files of a two-job run, computed by hand', () => {
  const scenario = scenarioFrom({
    sites: [{ id: 'B', lat: 31, lon: 121, region: 'R' }],
    regions: [{ id: 'R', priceCnyPerKWh: 1, carbonGPerKWh: 500, pue: 1.5 }],
    centres: [
      {
        id: 'C',
        site: 'A',
        lat: 30,
        lon: 120,
        region: 'R',
        partitions: [{ id: 'p', nodes: 4, coresPerNode: 4, idlePowerPerNode: '100W', peakPowerPerNode: '300W' }],
        queue: { policy: 'fcfs' },
      },
    ],
    links: [{ between: ['A', 'B'], bandwidth: '1Gbps', latency: 0 }],
    dispatch: { policy: 'least-loaded', infoPeriod: 0 },
    report: { utilizationWindow: '1h' },
  });
  const result = new Simulation(
    scenario,
    [
      job('j1', { submitS: 0, origin: 'A', dataSite: 'A', cores: 8, runtimeS: 1800 }),
      job('j2', { submitS: 1800, origin: 'B', dataSite: 'B', cores: 4, runtimeS: 3600, inputBytes: 1e9 }),
    ],
    BUILTIN_POLICIES,
  ).run();
  const reports = buildReports(result);
  const table = (file: string): Record<string, string>[] => {
    const t = reports.tables.find((x) => x.file === file);
    if (t === undefined) throw new Error(`no ${file}`);
    return t.rows.map((row) => Object.fromEntries(t.header.map((h, i) => [h, row[i] as string])));
  };
  const close = (cell: string | undefined, value: number): void => {
    expect(Math.abs(Number(cell) - value), `${cell} vs ${value}`).toBeLessThanOrEqual(5e-7);
  };
  const kWh = (watts: number, seconds: number): number => (watts * seconds) / 3.6e6;

  it('runs the jobs as worked out: j1 0–1800 s, j2 1808–5408 s', () => {
    expect(result.jobs.map((j) => [j.startS, j.endS])).toEqual([
      [0, 1800],
      [1808, 5408],
    ]);
  });

  it('utilization.csv: busy node- and core-seconds per window over capacity', () => {
    const rows = table('utilization.csv');
    expect(rows.map((r) => [r.window_start_s, r.window_end_s])).toEqual([
      ['0', '3600'],
      ['3600', '7200'],
    ]);
    close(rows[0]?.node_util, 5392 / (4 * 3600));
    close(rows[1]?.node_util, 1808 / (4 * 3600));
    close(rows[0]?.core_util, (8 * 1800 + 4 * 1792) / (16 * 3600));
    close(rows[1]?.core_util, (4 * 1808) / (16 * 3600));
    expect(rows.map((r) => r.gpu_util)).toEqual(['', '']);
    // At 3600 s, j2 runs and nothing waits.
    expect([rows[1]?.running, rows[1]?.queued]).toEqual(['1', '0']);
  });

  it("link_windows.csv: j2's input in window 0 from B to A, 8 × bytes over capacity × window", () => {
    const rows = table('link_windows.csv');
    expect(rows.map((r) => [r.link, r.from, r.to, r.window_start_s])).toEqual([['A-B', 'B', 'A', '0']]);
    close(rows[0]?.bytes, 1e9);
    close(rows[0]?.utilization, (8 * 1e9) / (1e9 * 3600));
  });

  it('energy.csv: job and idle IT energy per window, × PUE, × price and carbon', () => {
    const rows = table('energy.csv');
    const windows = [
      { job: kWh(600, 1800) + kWh(300, 1792), idle: kWh(100, 4 * 3600 - 5392) },
      // The centre is powered until the last job end, 5408 s.
      { job: kWh(300, 1808), idle: kWh(100, 4 * 1808 - 1808) },
    ];
    expect(rows.length).toBe(2);
    windows.forEach((w, k) => {
      const row = rows[k] as Record<string, string>;
      close(row.job_kwh, w.job);
      close(row.idle_kwh, w.idle);
      close(row.it_kwh, w.job + w.idle);
      close(row.energy_kwh, 1.5 * (w.job + w.idle));
      close(row.cost_cny, 1.5 * (w.job + w.idle) * 1);
      close(row.co2_kg, (1.5 * (w.job + w.idle) * 500) / 1000);
    });
  });

  it('regions.csv and the summary: totals of the windows; utilization over the run period', () => {
    const job = kWh(600, 1800) + kWh(300, 3600);
    const idle = kWh(100, 4 * 5408 - (2 * 1800 + 3600));
    const [region] = table('regions.csv');
    expect(region?.region).toBe('R');
    close(region?.job_kwh, job);
    close(region?.idle_kwh, idle);
    close(region?.energy_kwh, 1.5 * (job + idle));
    close(region?.overhead_kwh, 0.5 * (job + idle));
    close(region?.price_cny_per_kwh, 1);
    close(region?.carbon_g_per_kwh, 500);
    const [summary] = table('summary.csv');
    close(summary?.node_util, (2 * 1800 + 1 * 3600) / (4 * 5408));
    close(summary?.core_util, (8 * 1800 + 4 * 3600) / (16 * 5408));
    expect(summary?.gpu_util).toBe('');
    close(summary?.period_s, 5408);
    close(summary?.moved_bytes, 1e9);
    close(summary?.energy_kwh, 1.5 * (job + idle));
  });
});

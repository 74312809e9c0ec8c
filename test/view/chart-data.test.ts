import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnsim, markLabels, readSimpleCsv, ROOT } from './view-helpers.js';

// The numbers each chart encodes (its marks' labels, which the tooltips show) against the CSV
// files they come from, recomputed here from the files with a different parser.

const MAX_COLUMNS = 100;

/** Mean of the finite values of consecutive groups of `factor` (the report's column merge, restated). */
function merged(values: number[], factor: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < values.length; k += factor) {
    const group = values.slice(k, k + factor).filter((v) => Number.isFinite(v));
    out.push(group.length === 0 ? Number.NaN : group.reduce((a, b) => a + b, 0) / group.length);
  }
  return out;
}

const num = (cell: string | undefined): number => (cell === undefined || cell === '' ? Number.NaN : Number(cell));
const sameNumber = (a: number, b: number): boolean => (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
/** A value against its CSV cell, which is rounded at the 6th decimal. */
const asWritten = (a: number, cell: number): boolean => Math.abs(a - cell) <= 5.0000001e-7 * Math.max(1, Math.abs(cell) * 1e-9);

describe('chart data equals the CSV values it comes from', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cnsim-chart-')), 'faults');
  let html = '';

  beforeAll(() => {
    const r = cnsim('run', join(ROOT, 'test', 'fixtures', 'report', 'faults.yaml'), '--out', dir, '--until', '20h', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 60_000);

  it.each([
    ['util-heatmap-core', 'core_util', 'cores', 'core'],
    ['util-heatmap-gpu', 'gpu_util', 'gpus', 'GPU'],
  ])('%s cells are utilization.csv %s, windows merged to at most 100 columns', (figure, column, capacity, word) => {
    const utilization = readSimpleCsv(join(dir, 'utilization.csv'));
    const centres = readSimpleCsv(join(dir, 'centres.csv')).filter((c) => num(c[capacity]) > 0);
    const windows = Math.max(...utilization.map((r) => num(r.window_start_s))) / 3600 + 1;
    const factor = Math.ceil(windows / MAX_COLUMNS);
    expect(windows).toBeGreaterThan(0);
    const expected: [string, number][] = [];
    for (const c of centres) {
      const series = new Array<number>(windows).fill(Number.NaN);
      for (const r of utilization.filter((u) => u.centre === c.centre)) series[num(r.window_start_s) / 3600] = num(r[column]);
      for (const v of merged(series, factor)) expected.push([c.centre as string, v]);
    }
    const cells = markLabels(html, figure).map((label) => {
      const m = new RegExp(`^(.+?), .*: ${word} utilization (\\S+)$`).exec(label);
      expect(m, label).not.toBeNull();
      return [m?.[1] as string, Number(m?.[2])] as [string, number];
    });
    expect(cells.length).toBe(expected.length);
    cells.forEach(([centre, value], i) => {
      expect(centre).toBe(expected[i]?.[0]);
      expect(sameNumber(value, expected[i]?.[1] as number), `${centre} cell ${i}: ${value} vs ${expected[i]?.[1]}`).toBe(true);
    });
  });

  it('the national queue line is Σ queued over centres at each window start', () => {
    const utilization = readSimpleCsv(join(dir, 'utilization.csv'));
    const byWindow = new Map<number, number>();
    for (const r of utilization) byWindow.set(num(r.window_start_s), (byWindow.get(num(r.window_start_s)) ?? 0) + num(r.queued));
    const labels = markLabels(html, 'queue-national').map((l) => Number(/: (\S+) jobs waiting$/.exec(l)?.[1]));
    expect(labels).toEqual([...byWindow.keys()].sort((a, b) => a - b).map((k) => byWindow.get(k)));
    expect(Math.max(...labels)).toBeGreaterThan(0);
  });

  it('the map colours each centre by centres.csv node_util and each link by its busier direction in links.csv', () => {
    const centres = readSimpleCsv(join(dir, 'centres.csv'));
    for (const c of centres) {
      const m = new RegExp(`data-centre="${c.centre}" data-node-util="([^"]+)"`).exec(html);
      expect(Number(m?.[1])).toBe(num(c.node_util));
    }
    const links = readSimpleCsv(join(dir, 'links.csv'));
    for (const id of new Set(links.map((l) => l.link))) {
      const busier = Math.max(...links.filter((l) => l.link === id).map((l) => num(l.utilization)));
      const m = new RegExp(`data-link="${id}" data-utilization="([^"]+)"`).exec(html);
      expect(Number(m?.[1])).toBe(busier);
    }
  });

  it('the wait CDF of each class runs from its least to its largest wait, through its R-7 median', () => {
    const jobs = parse(readFileSync(join(dir, 'jobs.csv')), { columns: true }) as Record<string, string>[];
    const labels = markLabels(html, 'wait-cdf');
    const classes = [...new Set(jobs.map((j) => j.class as string))].sort();
    expect(labels.length).toBe(classes.length * 101);
    for (const cls of classes) {
      const waits = jobs.filter((j) => j.class === cls && j.wait_s !== '').map((j) => num(j.wait_s)).sort((a, b) => a - b);
      const at = (pct: string): number => Number(labels.find((l) => l.startsWith(`${cls}: ${pct}% of waits ≤ `))?.split('≤ ')[1]?.replace(' s', ''));
      expect(at('0')).toBe(waits[0]);
      expect(at('100')).toBe(waits[waits.length - 1]);
      const h = (waits.length - 1) * 0.5;
      const lo = Math.floor(h);
      const median = (waits[lo] as number) + (h - lo) * ((waits[Math.min(lo + 1, waits.length - 1)] as number) - (waits[lo] as number));
      expect(sameNumber(at('50'), median)).toBe(true);
    }
  });

  it('symmetric-log axes carry a tick at 0 and at every power of ten up to the largest value', () => {
    const svg = html.slice(html.indexOf('<figure class="chart" id="response-cdf"'), html.indexOf('</figure>', html.indexOf('id="response-cdf"')));
    const ticks = [...svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)][0]?.[1] ?? '';
    const labels = [...ticks.matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1]);
    expect(labels.slice(0, 5)).toEqual(['0', '1', '10', '100', '1k']);
  });

  it('bytes per link direction are links.csv bytes', () => {
    const links = readSimpleCsv(join(dir, 'links.csv'));
    const labels = markLabels(html, 'link-bytes');
    expect(labels.length).toBe(links.filter((l) => num(l.bytes) > 0).length);
    for (const label of labels) {
      const m = /^(\S+)→(\S+) \(link (\S+)\): (\S+) bytes$/.exec(label);
      const row = links.find((l) => l.from === m?.[1] && l.to === m?.[2] && l.link === m?.[3]);
      expect(num(row?.bytes)).toBe(Number(m?.[4]));
    }
  });

  it('energy, cost and CO2 by region are regions.csv values', () => {
    const regions = readSimpleCsv(join(dir, 'regions.csv'));
    const labels = markLabels(html, 'energy-regions');
    expect(labels.length).toBe(regions.length * 3);
    for (const r of regions) {
      for (const column of ['energy_kwh', 'cost_cny', 'co2_kg']) {
        expect(labels).toContain(`${r.region}: ${column} ${num(r[column])}`);
      }
    }
  });

  it('rejections, kills, failures and unfinished jobs are counted from jobs.csv', () => {
    const jobs = parse(readFileSync(join(dir, 'jobs.csv')), { columns: true }) as Record<string, string>[];
    const rejected = jobs.filter((j) => j.status === 'rejected');
    expect(rejected.length).toBe(1);
    expect(markLabels(html, 'rejections')).toEqual([`rejected: ${rejected[0]?.reason}: 1 jobs`]);
    const killed = jobs.filter((j) => j.status === 'killed');
    expect(killed.length).toBeGreaterThan(0);
    const killedLabels = markLabels(html, 'kills');
    expect(killedLabels.reduce((sum, l) => sum + Number(/: (\d+) jobs$/.exec(l)?.[1]), 0)).toBe(killed.length);
    // The abrupt outage at guiyang kills what runs there; with retry none they fail.
    const failed = jobs.filter((j) => j.status === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(markLabels(html, 'failures')).toEqual([`failed: guiyang: ${failed.length} jobs`]);
    const unfinished = jobs.filter((j) => j.status === 'unfinished').length;
    expect(markLabels(html, 'unfinished').reduce((sum, l) => sum + Number(/: (\d+) jobs$/.exec(l)?.[1]), 0)).toBe(unfinished);
  });

  it('power over time is Σ energy.csv it_kwh per window ÷ its length, the last (partial) window left out', () => {
    const energy = readSimpleCsv(join(dir, 'energy.csv'));
    const byWindow = new Map<number, number>();
    for (const r of energy) byWindow.set(num(r.window_start_s), (byWindow.get(num(r.window_start_s)) ?? 0) + num(r.it_kwh));
    const starts = [...byWindow.keys()].sort((a, b) => a - b).slice(0, -1);
    const it = markLabels(html, 'power')
      .filter((l) => l.startsWith('IT power'))
      .map((l) => Number(/: (\S+) kW$/.exec(l)?.[1]));
    expect(it.length).toBe(starts.length);
    it.forEach((kW, i) => expect(sameNumber(kW, (byWindow.get(starts[i] as number) as number) / 1), `window ${i}`).toBe(true));
  });

  it('the link heatmap cells are link_windows.csv utilization, 0 where no window is listed, merged like the centres', () => {
    const windows = readSimpleCsv(join(dir, 'link_windows.csv'));
    const utilization = readSimpleCsv(join(dir, 'utilization.csv'));
    const count = Math.max(...utilization.map((r) => num(r.window_start_s))) / 3600 + 1;
    const factor = Math.ceil(count / MAX_COLUMNS);
    const cells = markLabels(html, 'link-heatmap').map((l) => /^(\S+)→(\S+), .*: link utilization (\S+)$/.exec(l) as RegExpExecArray);
    expect(cells.length).toBeGreaterThan(0);
    const rows = [...new Set(cells.map((m) => `${m[1]}→${m[2]}`))];
    for (const row of rows) {
      const [from, to] = row.split('→');
      const series = new Array<number>(count).fill(0);
      for (const w of windows.filter((x) => x.from === from && x.to === to)) {
        const k = num(w.window_start_s) / 3600;
        if (k < count) series[k] = num(w.utilization);
      }
      const expected = merged(series, factor);
      const got = cells.filter((m) => `${m[1]}→${m[2]}` === row).map((m) => Number(m[3]));
      expect(got.length).toBe(expected.length);
      got.forEach((v, i) => expect(sameNumber(v, expected[i] as number), `${row} cell ${i}`).toBe(true));
    }
  });

  it('the headline cards show summary.csv counts in full', () => {
    const summary = readSimpleCsv(join(dir, 'summary.csv'))[0] as Record<string, string>;
    for (const column of ['jobs', 'done', 'killed', 'failed', 'rejected', 'unfinished']) {
      const m = new RegExp(`data-column="${column}"><div class="value">([^<]+)<`).exec(html);
      expect(Number(m?.[1]?.replaceAll(',', ''))).toBe(num(summary[column]));
    }
    // The run had failures: their cost is a headline too.
    const goodput = /data-column="goodput"><div class="value">([^<]+) %</.exec(html);
    expect(Number(goodput?.[1])).toBeCloseTo(100 * num(summary.goodput), 1);
    expect(html).toMatch(/data-column="lost_node_hours"><div class="value">[^<]+ node·h</);
  });
});

describe('what-if and sweep chart data', () => {
  it('per-centre deltas are the differences of the two centres.csv files', () => {
    const base = mkdtempSync(join(tmpdir(), 'cnsim-whatif-'));
    const a = join(base, 'a');
    const b = join(base, 'b');
    expect(cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', a, '--quiet', '--no-report').code).toBe(0);
    expect(cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', b, '--quiet', '--no-report', '--set', 'dispatch.policy=round-robin').code).toBe(0);
    const out = join(base, 'whatif.html');
    const r = cnsim('report', b, '--baseline', a, '--out', out);
    expect(r.stderr).toBe('');
    const page = readFileSync(out, 'utf8');
    const ca = readSimpleCsv(join(a, 'centres.csv'));
    const cb = readSimpleCsv(join(b, 'centres.csv'));
    const labels = markLabels(page, 'whatif-centre-deltas');
    for (const row of cb) {
      const other = ca.find((c) => c.centre === row.centre) as Record<string, string>;
      const utilLabel = labels.find((l) => l.startsWith(`${row.centre}: node utilization delta `));
      expect(sameNumber(Number(utilLabel?.split('delta ')[1]), num(row.node_util) - num(other.node_util))).toBe(true);
      const waitLabel = labels.find((l) => l.startsWith(`${row.centre}: mean wait delta `));
      expect(sameNumber(Number(waitLabel?.split('delta ')[1]?.replace(' s', '')), num(row.mean_wait_s) - num(other.mean_wait_s))).toBe(true);
    }
    // The headline table: Δ of mean wait with its sign.
    const sa = readSimpleCsv(join(a, 'summary.csv'))[0] as Record<string, string>;
    const sb = readSimpleCsv(join(b, 'summary.csv'))[0] as Record<string, string>;
    const delta = num(sb.mean_wait_s) - num(sa.mean_wait_s);
    const row = /<tr data-column="mean_wait_s">(.*?)<\/tr>/.exec(page)?.[1] ?? '';
    const cells = [...row.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((m) => m[1] as string);
    expect(cells[3]?.startsWith(delta > 0 ? '+' : '−')).toBe(true);
  }, 60_000);

  it('per-link byte differences include a link only the baseline has', () => {
    const base = mkdtempSync(join(tmpdir(), 'cnsim-whatif-links-'));
    const scenario = join(base, 'no-guiyang-link.yaml');
    const text = readFileSync(join(ROOT, 'examples', 'two-sites.yaml'), 'utf8');
    expect(text).toContain('  - { between: [shanghai, guiyang], bandwidth: 10Gbps }\n');
    writeFileSync(scenario, text.replace('  - { between: [shanghai, guiyang], bandwidth: 10Gbps }\n', '').replace('name: two-sites', 'name: no-guiyang-link'));
    const a = join(base, 'a');
    const b = join(base, 'b');
    expect(cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', a, '--quiet', '--no-report').code).toBe(0);
    expect(cnsim('run', scenario, '--out', b, '--quiet', '--no-report').code).toBe(0);
    const out = join(base, 'whatif.html');
    expect(cnsim('report', b, '--baseline', a, '--out', out).code).toBe(0);
    const labels = markLabels(readFileSync(out, 'utf8'), 'whatif-link-bytes');
    const bytes = readSimpleCsv(join(a, 'links.csv'))
      .filter((l) => l.link === 'shanghai-guiyang')
      .reduce((sum, l) => sum + num(l.bytes), 0);
    expect(bytes).toBeGreaterThan(0);
    expect(labels).toContain(`link shanghai-guiyang: bytes delta ${-bytes} (run 0, baseline ${bytes})`);
  }, 60_000);

  it('sweep means and paired differences are compare.csv values', () => {
    const sweep = mkdtempSync(join(tmpdir(), 'cnsim-sweep-html-'));
    cpSync(join(ROOT, 'test', 'fixtures', 'sweep-compare'), sweep, { recursive: true });
    const r = cnsim('compare', sweep, '--html', '--quiet');
    expect(r.code).toBe(0);
    const page = readFileSync(join(sweep, 'compare.html'), 'utf8');
    const compare = readSimpleCsv(join(sweep, 'compare.csv'));
    const means = markLabels(page, 'mean-mean_wait_s');
    const diffs = markLabels(page, 'diff-mean_wait_s');
    expect(means.length).toBe(compare.length);
    for (const row of compare) {
      const mean = means.find((l) => l.startsWith(`${row.value}: mean mean_wait_s `));
      expect(asWritten(Number(/mean mean_wait_s (\S+) over/.exec(mean ?? '')?.[1]), num(row.mean))).toBe(true);
      if (row.diff_mean !== '') {
        const diff = diffs.find((l) => l.startsWith(`${row.value} − `));
        const m = /mean difference in mean_wait_s (\S+) over \d+ pairs, 95% CI \[(\S+), (\S+)\]/.exec(diff ?? '');
        expect(asWritten(Number(m?.[1]), num(row.diff_mean))).toBe(true);
        expect(asWritten(Number(m?.[2]), num(row.diff_ci95_low))).toBe(true);
        expect(asWritten(Number(m?.[3]), num(row.diff_ci95_high))).toBe(true);
      }
    }
  });
});

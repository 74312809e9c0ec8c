/** What-if views: a run against a baseline run of the same centres. */
import { InputError } from '../model/input-error.js';
import type { ChartSpec } from './vega-svg.js';
import { escapeHtml, formatBytes, formatQuantity } from './html-text.js';
import { chartFigure, type Section } from './report-section.js';
import type { RunData } from './run-data.js';
import { mapLinks, summaryNumber } from './sections-load.js';

/** How a figure of the delta table is shown. */
type Shown = 'count' | 'seconds' | 'ratio' | 'share' | 'bytes' | 'quantity';

/** Summary columns of the delta table, how they are shown and whether lower is better (undefined: neither). */
const DELTA_ROWS: readonly (readonly [string, string, Shown, boolean | undefined])[] = [
  ['done', 'jobs done', 'count', false],
  ['killed', 'jobs killed', 'count', true],
  ['failed', 'jobs failed', 'count', true],
  ['rejected', 'jobs rejected', 'count', true],
  ['unfinished', 'jobs unfinished', 'count', true],
  ['mean_wait_s', 'mean wait (s)', 'seconds', true],
  ['p95_wait_s', 'p95 wait (s)', 'seconds', true],
  ['mean_response_s', 'mean response (s)', 'seconds', true],
  ['mean_bsld', 'mean bounded slowdown', 'ratio', true],
  ['node_util', 'node utilization', 'share', undefined],
  ['gpu_util', 'GPU utilization', 'share', undefined],
  ['moved_bytes', 'bytes moved', 'bytes', undefined],
  ['lost_node_hours', 'work lost to failures (node-hours)', 'quantity', true],
  ['goodput', 'goodput', 'share', false],
  ['energy_kwh', 'facility energy (kWh)', 'quantity', true],
  ['cost_cny', 'cost (CNY)', 'quantity', true],
  ['co2_kg', 'CO₂ (kg)', 'quantity', true],
];

/** A value of the delta table with its unit; `signed` puts + before a positive difference. */
function shown(x: number, how: Shown, signed = false): string {
  if (!Number.isFinite(x)) return '–';
  const sign = signed && x > 0 ? '+' : '';
  if (how === 'count') return `${sign}${formatQuantity(x, 16)}`;
  if (how === 'bytes') return `${sign}${formatBytes(x)}`;
  if (how === 'share') return `${sign}${formatQuantity(100 * x, 4)} %`;
  return `${sign}${formatQuantity(x, 5)}`;
}

/** Refuses two folders whose centres differ: a per-centre difference would compare unlike things. */
export function checkSameCentres(run: RunData, baseline: RunData): void {
  const ours = new Set(run.centres.map((c) => c.id));
  const theirs = new Set(baseline.centres.map((c) => c.id));
  const onlyRun = [...ours].filter((id) => !theirs.has(id));
  const onlyBaseline = [...theirs].filter((id) => !ours.has(id));
  if (onlyRun.length > 0 || onlyBaseline.length > 0) {
    const problems = [
      ...(onlyRun.length > 0 ? [`centres only in ${run.folder.dir}: ${onlyRun.join(', ')}`] : []),
      ...(onlyBaseline.length > 0 ? [`centres only in the baseline: ${onlyBaseline.join(', ')}`] : []),
    ];
    throw new InputError(`${baseline.folder.dir}/centres.csv`, [
      ...problems,
      'a what-if report compares runs of the same centres: pick a baseline of the same layout (a scenario that adds or removes centres is compared through its summary, e.g. `cnsim compare` of a sweep)',
    ]);
  }
}

/** The signed delta rows: [column, label, run, baseline, delta, lowerIsBetter]. */
export function headlineDeltas(run: RunData, baseline: RunData): { column: string; label: string; how: Shown; value: number; base: number; delta: number; lowerIsBetter: boolean | undefined }[] {
  return DELTA_ROWS.map(([column, label, how, lowerIsBetter]) => {
    const value = summaryNumber(run, column);
    const base = summaryNumber(baseline, column);
    return { column, label, how, value, base, delta: value - base, lowerIsBetter };
  });
}

/** Horizontal bars of signed differences: red where the run is higher than the baseline, green where lower. */
function differenceBars(rowField: string, sort: readonly string[] | null, xTitle: string, width: number, height: number): object {
  return {
    width,
    height,
    mark: { type: 'bar' },
    encoding: {
      y: { field: rowField, type: 'nominal', sort, title: null, axis: { labelFontSize: 9 } },
      x: { field: 'value', type: 'quantitative', title: xTitle },
      color: { condition: { test: 'datum.value > 0', value: '#e45756' }, value: '#54a24b' },
      description: { field: 'label' },
    },
  };
}

function signed(x: number): string {
  if (!Number.isFinite(x)) return '–';
  return x > 0 ? `+${formatQuantity(x)}` : formatQuantity(x);
}

export async function baselineSections(run: RunData, baseline: RunData): Promise<Section[]> {
  checkSameCentres(run, baseline);
  const rows = headlineDeltas(run, baseline)
    .map((r) => {
      const change = r.base !== 0 && Number.isFinite(r.base) ? (100 * r.delta) / Math.abs(r.base) : Number.NaN;
      const cls = r.lowerIsBetter === undefined || r.delta === 0 || !Number.isFinite(r.delta) ? '' : (r.delta < 0) === r.lowerIsBetter ? 'better' : 'worse';
      return `<tr data-column="${r.column}"><td>${escapeHtml(r.label)}</td><td>${shown(r.value, r.how)}</td><td>${shown(r.base, r.how)}</td><td class="${cls}">${shown(r.delta, r.how, true)}</td><td class="${cls}">${Number.isFinite(change) ? `${signed(change)} %` : '–'}</td></tr>`;
    })
    .join('');
  const table = `<table class="delta"><thead><tr><th>figure</th><th>${escapeHtml(run.name)}</th><th>baseline ${escapeHtml(baseline.name)}</th><th>Δ</th><th>Δ %</th></tr></thead><tbody>${rows}</tbody></table><p class="note">Δ = run − baseline; green where the change is an improvement, red where it is worse (utilization and bytes are neither).</p>`;

  const order = run.centres.map((c) => c.id);
  const baseById = new Map(baseline.centres.map((c) => [c.id, c]));
  const sideBySide: object[] = [];
  const deltas: object[] = [];
  for (const c of run.centres) {
    const b = baseById.get(c.id);
    if (b === undefined) continue;
    sideBySide.push({ centre: c.id, run: run.name, which: 'run', value: c.nodeUtil, label: `${c.id}, ${run.name}: node utilization ${c.nodeUtil}` });
    sideBySide.push({ centre: c.id, run: `baseline ${baseline.name}`, which: 'baseline', value: b.nodeUtil, label: `${c.id}, baseline ${baseline.name}: node utilization ${b.nodeUtil}` });
    deltas.push({ centre: c.id, metric: 'node utilization (points)', value: 100 * (c.nodeUtil - b.nodeUtil), label: `${c.id}: node utilization delta ${c.nodeUtil - b.nodeUtil}` });
    deltas.push({ centre: c.id, metric: 'mean wait (s)', value: c.meanWaitS - b.meanWaitS, label: `${c.id}: mean wait delta ${c.meanWaitS - b.meanWaitS} s` });
  }
  const rowHeight = Math.max(60, order.length * 13);
  const sideSpec = {
    width: 560,
    height: Math.max(80, order.length * 18),
    data: { values: sideBySide as never[] },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'centre', type: 'nominal', sort: order, title: null, axis: { labelFontSize: 9 } },
      yOffset: { field: 'which', sort: ['baseline', 'run'] },
      x: { field: 'value', type: 'quantitative', title: 'node utilization', axis: { format: '.0%' } },
      color: { field: 'which', type: 'nominal', title: null, scale: { domain: ['baseline', 'run'], range: ['#bab0ac', '#4c78a8'] } },
      description: { field: 'label' },
    },
  } as ChartSpec;
  const deltaSpec = {
    data: { values: deltas as never[] },
    facet: { column: { field: 'metric', type: 'nominal', title: null, header: { labelFontSize: 12 } } },
    resolve: { scale: { x: 'independent' } },
    spec: differenceBars('centre', order, 'run − baseline', 300, rowHeight),
  } as ChartSpec;

  // Links of either run: a link the what-if removes carries its baseline bytes as a loss.
  const runBytes = new Map(mapLinks(run).map((l) => [l.id, l.bytes]));
  const baseBytes = new Map(mapLinks(baseline).map((l) => [l.id, l.bytes]));
  const linkIds = [...new Set([...runBytes.keys(), ...baseBytes.keys()])];
  const linkDeltas = linkIds
    .map((id) => ({ link: id, delta: (runBytes.get(id) ?? 0) - (baseBytes.get(id) ?? 0), run: runBytes.get(id) ?? 0, base: baseBytes.get(id) ?? 0 }))
    .filter((d) => d.delta !== 0)
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.link < b.link ? -1 : 1))
    .slice(0, 30)
    .map((d) => ({ link: d.link, value: d.delta / 1e12, label: `link ${d.link}: bytes delta ${d.delta} (run ${d.run}, baseline ${d.base})` }));
  const figures = [
    await chartFigure('whatif-util', 'Node utilization by centre, side by side', `Grey: baseline ${baseline.name}; blue: ${run.name}. Utilization over each run's own period.`, sideSpec),
    await chartFigure('whatif-centre-deltas', 'Per-centre differences', 'Run minus baseline per centre: utilization in percentage points and mean wait in seconds; red = higher than the baseline, green = lower.', deltaSpec),
  ];
  if (linkDeltas.length > 0) {
    figures.push(
      await chartFigure('whatif-link-bytes', 'Bytes per link: run minus baseline', `The ${linkDeltas.length} links whose traffic changed most (both directions, TB); red = more traffic than the baseline.`, {
        data: { values: linkDeltas as never[] },
        ...differenceBars('link', null, 'bytes, run − baseline (TB)', 560, Math.max(60, linkDeltas.length * 13)),
      } as ChartSpec),
    );
  }
  return [{ id: 'whatif', title: `What-if: ${run.name} against ${baseline.name}`, html: table, figures }];
}

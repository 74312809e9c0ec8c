/** Report sections about load: headline figures, the map, utilization and queues over time. */
import { InputError } from '../model/input-error.js';
import type { ChartSpec } from './vega-svg.js';
import { escapeHtml, formatBytes, formatDuration, formatQuantity } from './html-text.js';
import { drawNetworkMap, type MapCentre, type MapLink } from './network-map.js';
import { chartFigure, type Figure, lineWithPoints, type Section } from './report-section.js';
import type { RunData } from './run-data.js';
import { MAX_LINE_POINTS, mergeFactor, mergeWindows, timeUnit } from './time-windows.js';

const CHART_WIDTH = 760;

/** A summary.csv value as a number. */
export function summaryNumber(run: RunData, column: string): number {
  return run.folder.summary.has(column) ? run.folder.summary.number(0, column) : Number.NaN;
}

/** The headline figures of a run, each with its unit, as [label, value text, summary column]. */
export function headlineFigures(run: RunData): [string, string, string][] {
  const s = (c: string): number => summaryNumber(run, c);
  const pct = (x: number): string => (Number.isFinite(x) ? `${formatQuantity(100 * x, 3)} %` : '–');
  return [
    ['jobs', formatQuantity(s('jobs'), 16), 'jobs'],
    ['done', formatQuantity(s('done'), 16), 'done'],
    ['killed', formatQuantity(s('killed'), 16), 'killed'],
    ['failed', formatQuantity(s('failed'), 16), 'failed'],
    ['rejected', formatQuantity(s('rejected'), 16), 'rejected'],
    ['unfinished', formatQuantity(s('unfinished'), 16), 'unfinished'],
    ['mean wait', formatDuration(s('mean_wait_s')), 'mean_wait_s'],
    ['p95 wait', formatDuration(s('p95_wait_s')), 'p95_wait_s'],
    ['mean bounded slowdown', formatQuantity(s('mean_bsld'), 4), 'mean_bsld'],
    ['node utilization', pct(s('node_util')), 'node_util'],
    ['GPU utilization', pct(s('gpu_util')), 'gpu_util'],
    ['bytes moved', formatBytes(s('moved_bytes')), 'moved_bytes'],
    ['energy', `${formatQuantity(s('energy_kwh') / 1000)} MWh`, 'energy_kwh'],
    ['cost', `${formatQuantity(s('cost_cny') / 1e6)} M CNY`, 'cost_cny'],
    ['CO₂', `${formatQuantity(s('co2_kg') / 1000)} t`, 'co2_kg'],
    // What failures cost, for a run that had any (older folders lack these columns: NaN, no card).
    ...(s('retried') > 0 || s('failed') > 0 || s('lost_node_hours') > 0
      ? ([
          ['jobs retried', formatQuantity(s('retried'), 16), 'retried'],
          ['work lost to failures', `${formatQuantity(s('lost_node_hours'))} node·h`, 'lost_node_hours'],
          ['goodput', pct(s('goodput')), 'goodput'],
        ] as [string, string, string][])
      : []),
  ];
}

export function headlineSection(run: RunData): Section {
  const cards = headlineFigures(run)
    .map(([label, value, column]) => `<div class="card" data-column="${column}"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`)
    .join('');
  const period = summaryNumber(run, 'period_s');
  return {
    id: 'headline',
    title: 'Headline figures',
    html: `<div class="cards">${cards}</div><p class="note">Over the run period of ${escapeHtml(formatDuration(period))} (first submission to last job end); waits and slowdowns over the jobs that started. Definitions: results/README.md (summary.csv).</p>`,
    figures: [],
  };
}

/** Link rows of the map: both directions of a link folded into one arc. */
export function mapLinks(run: RunData): MapLink[] {
  const outages = outageWindows(run, 'link');
  const byLink = new Map<string, MapLink>();
  for (const d of run.links) {
    const prev = byLink.get(d.link);
    byLink.set(d.link, {
      id: d.link,
      a: prev?.a ?? d.from,
      b: prev?.b ?? d.to,
      bandwidthBps: Math.max(prev?.bandwidthBps ?? 0, d.bandwidthBps),
      utilization: Math.max(prev?.utilization ?? 0, Number.isFinite(d.utilization) ? d.utilization : 0),
      bytes: (prev?.bytes ?? 0) + (Number.isFinite(d.bytes) ? d.bytes : 0),
      outages: outages.get(d.link) ?? [],
    });
  }
  return [...byLink.values()];
}

function outageWindows(run: RunData, kind: string): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  const t = run.folder.outages;
  if (t === undefined) return out;
  t.rows.forEach((_, i) => {
    if (t.text(i, 'kind') !== kind) return;
    const id = t.text(i, 'id');
    out.set(id, [...(out.get(id) ?? []), [t.number(i, 'from_s'), t.number(i, 'to_s')]]);
  });
  return out;
}

export function mapSection(run: RunData): Section {
  const sites = run.folder.sites;
  if (sites === undefined) {
    return { id: 'map', title: 'Map', html: '<p class="note">No sites.csv in this folder (written by an older cnsim, or a trace replay): no map.</p>', figures: [] };
  }
  if (sites.size < 2 && run.links.length === 0) {
    return { id: 'map', title: 'The network', html: '<p class="note">One site and no links (a trace replay, or a single machine): no map to draw.</p>', figures: [] };
  }
  const outages = outageWindows(run, 'centre');
  const centres: MapCentre[] = run.centres.map((c) => ({ id: c.id, siteId: c.site, nodes: c.nodes, cores: c.cores, gpus: c.gpus, nodeUtil: c.nodeUtil, jobs: c.jobs, outages: outages.get(c.id) ?? [] }));
  const siteRows = sites.rows.map((_, i) => {
    const latDeg = sites.number(i, 'lat_deg');
    const lonDeg = sites.number(i, 'lon_deg');
    if (!(latDeg >= -90 && latDeg <= 90) || !(lonDeg >= -180 && lonDeg <= 180)) {
      throw new InputError(sites.file, [`line ${i + 2}: expected a latitude in [−90, 90] and a longitude in [−180, 180], got ${latDeg}, ${lonDeg}`]);
    }
    return { id: sites.text(i, 'site'), name: sites.text(i, 'name'), latDeg, lonDeg };
  });
  const svg = drawNetworkMap(
    siteRows,
    centres,
    mapLinks(run),
  );
  return {
    id: 'map',
    title: 'The network',
    figures: [
      {
        id: 'network-map',
        title: 'Centres and links',
        caption: 'Each disc is a centre at its site (area ∝ nodes, colour = node utilization over the run); each arc a link (width ∝ log bandwidth, colour = mean utilization of its busier direction); red dashes mark outages. Hover for figures.',
        svg,
      },
    ],
  };
}

/** Capacity-weighted national utilization per window: Σ util × capacity / Σ capacity over centres with that resource. */
export function nationalUtilization(run: RunData, kind: 'node' | 'core' | 'gpu'): Float64Array {
  const out = new Float64Array(run.windowCount);
  const weight = new Float64Array(run.windowCount);
  for (const c of run.centres) {
    const capacity = kind === 'node' ? c.nodes : kind === 'core' ? c.cores : c.gpus;
    if (!(capacity > 0)) continue;
    const s = run.series.get(c.id);
    if (s === undefined) continue;
    const values = kind === 'node' ? s.nodeUtil : kind === 'core' ? s.coreUtil : s.gpuUtil;
    for (let k = 0; k < run.windowCount; k++) {
      const v = values[k] as number;
      if (!Number.isFinite(v)) continue;
      out[k] = (out[k] as number) + v * capacity;
      weight[k] = (weight[k] as number) + capacity;
    }
  }
  for (let k = 0; k < run.windowCount; k++) out[k] = (weight[k] as number) > 0 ? (out[k] as number) / (weight[k] as number) : Number.NaN;
  return out;
}

/** A short time label "12–13 h". */
function span(startS: number, endS: number, unit: { seconds: number; label: string }): string {
  return `${formatQuantity(startS / unit.seconds, 5)}–${formatQuantity(endS / unit.seconds, 5)} ${unit.label}`;
}

/** Heatmap cells of a utilization kind: one row per centre with that resource, windows merged to at most MAX_COLUMNS. */
export function utilizationCells(run: RunData, kind: 'core' | 'gpu'): { centre: string; t0: number; t1: number; value: number; label: string }[] {
  const unit = timeUnit(run.windowCount * run.windowS);
  const factor = mergeFactor(run.windowCount);
  const cells: { centre: string; t0: number; t1: number; value: number; label: string }[] = [];
  for (const c of run.centres) {
    if (!((kind === 'core' ? c.cores : c.gpus) > 0)) continue;
    const s = run.series.get(c.id);
    if (s === undefined) continue;
    for (const w of mergeWindows(kind === 'core' ? s.coreUtil : s.gpuUtil, run.windowS, factor)) {
      cells.push({ centre: c.id, t0: w.startS / unit.seconds, t1: w.endS / unit.seconds, value: w.value, label: `${c.id}, ${span(w.startS, w.endS, unit)}: ${kind === 'core' ? 'core' : 'GPU'} utilization ${w.value}` });
    }
  }
  return cells;
}

function heatmapSpec(cells: readonly object[], rows: number, unitLabel: string, rowField: string, colourTitle: string, domainMax = 1): ChartSpec {
  return {
    width: CHART_WIDTH,
    height: Math.max(60, rows * 13),
    data: { values: cells as never[] },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 't0', type: 'quantitative', title: `time since start (${unitLabel})`, scale: { nice: false, zero: true } },
      x2: { field: 't1' },
      y: { field: rowField, type: 'nominal', sort: null, title: null, axis: { labelFontSize: 9 } },
      color: { field: 'value', type: 'quantitative', title: colourTitle, scale: { scheme: 'viridis', domain: [0, domainMax] }, legend: { format: '.0%' } },
      description: { field: 'label' },
    },
  } as ChartSpec;
}

/** National utilization of nodes, cores and GPUs over time, one line each. */
async function nationalUtilizationFigure(run: RunData, unit: ReturnType<typeof timeUnit>): Promise<Figure> {
  const lineFactor = mergeFactor(run.windowCount, MAX_LINE_POINTS);
  const lines: object[] = [];
  for (const [kind, name] of [
    ['node', 'nodes'],
    ['core', 'cores'],
    ['gpu', 'GPUs'],
  ] as const) {
    for (const w of mergeWindows(nationalUtilization(run, kind), run.windowS, lineFactor)) {
      if (Number.isFinite(w.value)) lines.push({ t: w.startS / unit.seconds, value: w.value, resource: name, label: `${name}, ${span(w.startS, w.endS, unit)}: utilization ${w.value}` });
    }
  }
  return chartFigure(
    'util-national',
    'National utilization over time',
    `Share of all nodes, requested cores and GPUs busy in each window (capacity-weighted over centres${lineFactor > 1 ? `, ${lineFactor} windows to a step` : ''}); a flat line near the top means the network is saturated.`,
    lineWithPoints({
      width: CHART_WIDTH,
      height: 200,
      values: lines,
      x: { field: 't', type: 'quantitative', title: `time since start (${unit.label})` },
      y: { field: 'value', type: 'quantitative', title: 'utilization', axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: { field: 'resource', type: 'nominal', title: 'resource', sort: ['nodes', 'cores', 'GPUs'] },
    }),
  );
}

export async function utilizationSection(run: RunData): Promise<Section> {
  const unit = timeUnit(run.windowCount * run.windowS);
  // One window (a run shorter than report.utilizationWindow): a line of one point draws nothing.
  const oneWindow = run.windowCount < 2;
  const figures: Figure[] = oneWindow ? [] : [await nationalUtilizationFigure(run, unit)];
  const factorText = mergeFactor(run.windowCount) > 1 ? ` Each column is ${mergeFactor(run.windowCount)} windows of ${formatDuration(run.windowS)} (their mean).` : '';
  for (const [kind, title] of [
    ['core', 'CPU: requested-core utilization by centre'],
    ['gpu', 'GPU utilization by centre'],
  ] as const) {
    const cells = utilizationCells(run, kind);
    const rows = new Set(cells.map((c) => c.centre)).size;
    if (rows === 0) continue;
    figures.push(
      await chartFigure(`util-heatmap-${kind}`, title, `One row per centre${kind === 'gpu' ? ' with GPUs' : ''}, one column per time window; bright = busy, dark = idle.${factorText}`, heatmapSpec(cells, rows, unit.label, 'centre', 'utilization')),
    );
  }
  return { id: 'utilization', title: 'Utilization over time', ...(oneWindow ? { html: oneWindowNote(run) } : {}), figures };
}

/** Says why a run within one report window has no curve over time, and how to get one. */
function oneWindowNote(run: RunData): string {
  return `<p class="note">The run fits in one report window of ${formatDuration(run.windowS)}: no curve over time (the heatmap's one column is the share over that whole window; the headline figures are over the run period). A shorter report.utilizationWindow in the scenario gives curves.</p>`;
}

export async function queueSection(run: RunData): Promise<Section> {
  if (run.windowCount < 2) return { id: 'queues', title: 'Queues', html: oneWindowNote(run), figures: [] };
  const unit = timeUnit(run.windowCount * run.windowS);
  const national = new Float64Array(run.windowCount);
  const means: [string, number][] = [];
  for (const c of run.centres) {
    const s = run.series.get(c.id);
    if (s === undefined) continue;
    let sum = 0;
    for (let k = 0; k < run.windowCount; k++) {
      const q = s.queued[k] as number;
      if (Number.isFinite(q)) {
        national[k] = (national[k] as number) + q;
        sum += q;
      }
    }
    means.push([c.id, sum / Math.max(1, run.windowCount)]);
  }
  const busiest = means
    .filter(([, m]) => m > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 8)
    .map(([id]) => id);
  const lineFactor = mergeFactor(run.windowCount, MAX_LINE_POINTS);
  const points = (series: string, values: ArrayLike<number>): object[] =>
    mergeWindows(values, run.windowS, lineFactor)
      .filter((w) => Number.isFinite(w.value))
      .map((w) => ({ t: w.startS / unit.seconds, value: w.value, series, label: `${series}, ${lineFactor > 1 ? `mean over ${span(w.startS, w.endS, unit)}` : `at ${formatQuantity(w.startS / unit.seconds, 5)} ${unit.label}`}: ${w.value} jobs waiting` }));
  const centreValues = busiest.flatMap((id) => points(id, (run.series.get(id) as { queued: Float64Array }).queued));
  const merged = lineFactor > 1 ? ` Each step is the mean of ${lineFactor} window starts.` : '';
  const lineSpec = (data: object[], colour: boolean): ChartSpec =>
    lineWithPoints({
      width: CHART_WIDTH,
      height: 180,
      values: data,
      x: { field: 't', type: 'quantitative', title: `time since start (${unit.label})` },
      // All zero (no queue ever): an axis from 0 to 1, where an empty span would draw NaN ticks.
      y: { field: 'value', type: 'quantitative', title: 'jobs waiting', axis: { format: '~s', tickMinStep: 1 }, ...(data.some((d) => (d as { value: number }).value > 0) ? {} : { scale: { domain: [0, 1] } }) },
      ...(colour ? { color: { field: 'series', type: 'nominal', title: 'centre', sort: busiest } } : {}),
    });
  const figures = [
    await chartFigure('queue-national', 'Jobs waiting in centre queues, national', `Jobs in all local queues at each window start (utilization.csv queued); a rising line means demand outruns capacity.${merged}`, lineSpec(points('national', national), false)),
  ];
  const anyWaiting = national.some((q) => q > 0);
  // One centre (a trace replay): its queue is the national line already.
  if (busiest.length > 0 && run.centres.length > 1) {
    const which = busiest.length === 1 ? 'The one centre with a queue' : `The ${busiest.length} centres with the longest mean queue`;
    figures.push(await chartFigure('queue-centres', 'Jobs waiting at the busiest centres', `${which}, jobs waiting at each window start.${merged}`, lineSpec(centreValues, true)));
  }
  return {
    id: 'queues',
    title: 'Queues',
    ...(anyWaiting ? {} : { html: '<p class="note">No job was waiting in a local queue at any window start: every centre started what it received at once (waits are dispatch and stage-in, see below).</p>' }),
    figures,
  };
}

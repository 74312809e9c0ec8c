/** Report sections about jobs and flows: waits and responses, the network, energy, failures. */
import type { ChartSpec } from './vega-svg.js';
import { formatDuration, formatQuantity } from './html-text.js';
import type { JobSample } from './job-sample.js';
import { cdfPoints, quantileSorted } from './quantiles.js';
import { chartFigure, type Figure, lineWithPoints, type Section } from './report-section.js';
import type { RunData } from './run-data.js';
import { MAX_LINE_POINTS, mergeFactor, mergeWindows, timeUnit } from './time-windows.js';

const CHART_WIDTH = 760;
/** Link directions drawn in the link heatmap and the bytes chart: the busiest ones. */
export const TOP_LINKS = 30;

const symlog = { type: 'symlog', constant: 1 } as const;

/**
 * An axis for a symmetric-log scale with a tick at 0 and at each power of ten up to `maxValue`
 * (Vega places symlog ticks as on a linear axis: two labels over six decades), labelled 1k, 1M.
 */
export function decadeAxis(maxValue: number): object {
  const values = [0];
  for (let v = 1; v <= Math.max(10, maxValue * 1.0001); v *= 10) values.push(v);
  return { values, labelExpr: "datum.value >= 1000 ? format(datum.value, '.0~s') : format(datum.value, '~g')", grid: true };
}

/** Largest finite `field` of the rows (0 when none). */
function maxOf(rows: readonly { readonly value: number }[]): number {
  let max = 0;
  for (const r of rows) if (Number.isFinite(r.value) && r.value > max) max = r.value;
  return max;
}

/** CDF lines per job class of a per-job value. */
export function classCdf(sample: JobSample, which: 'waitS' | 'responseS'): { cls: string; value: number; p: number; label: string }[] {
  const out: { cls: string; value: number; p: number; label: string }[] = [];
  const name = which === 'waitS' ? 'wait' : 'response';
  for (const [cls, values] of [...sample.byClass].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const sorted = values[which].sorted();
    for (const { p, value } of cdfPoints(sorted)) out.push({ cls, value, p, label: `${cls}: ${formatQuantity(p * 100, 3)}% of ${name}s ≤ ${value} s` });
  }
  return out;
}

/** Per-centre quantiles of wait_s: p50, p95, p99 and max. */
export function centreWaitQuantiles(sample: JobSample, order: readonly string[]): { centre: string; q: string; value: number; label: string }[] {
  const out: { centre: string; q: string; value: number; label: string }[] = [];
  for (const centre of order) {
    const values = sample.waitByCentre.get(centre);
    if (values === undefined || values.length === 0) continue;
    const sorted = values.sorted();
    for (const [q, p] of [
      ['p50', 0.5],
      ['p95', 0.95],
      ['p99', 0.99],
      ['max', 1],
    ] as const) {
      const value = quantileSorted(sorted, p);
      out.push({ centre, q, value, label: `${centre}: ${q} wait ${value} s (${values.length} jobs)` });
    }
  }
  return out;
}

export async function waitSection(run: RunData, sample: JobSample | undefined): Promise<Section> {
  if (sample === undefined) return { id: 'waits', title: 'Waits and responses', html: '<p class="note">No per-job table in this folder (run with --jobs-format none): no per-job distributions.</p>', figures: [] };
  const cdfSpec = (values: { value: number }[], title: string): ChartSpec =>
    lineWithPoints({
      width: 360,
      height: 220,
      values,
      mark: { interpolate: 'linear', strokeWidth: 1.5 },
      x: { field: 'value', type: 'quantitative', title, scale: symlog, axis: decadeAxis(maxOf(values)) },
      y: { field: 'p', type: 'quantitative', title: 'share of jobs', axis: { format: '.0%' } },
      color: { field: 'cls', type: 'nominal', title: 'job class' },
    });
  const figures: Figure[] = [];
  const waits = classCdf(sample, 'waitS');
  const responses = classCdf(sample, 'responseS');
  if (waits.length === 0) return { id: 'waits', title: 'Waits and responses', html: '<p class="note">No job started in this run: no waits to draw.</p>', figures };
  figures.push(
    await chartFigure('wait-cdf', 'Wait by job class (CDF)', 'Share of each class’s jobs that waited at most x seconds (submit to start, incl. dispatch and stage-in); symmetric-log axis: 0 s at the left, decades beyond 1 s.', cdfSpec(waits, 'wait (s, symlog)')),
  );
  if (responses.length > 0) {
    figures.push(await chartFigure('response-cdf', 'Response by job class (CDF)', 'Share of each class’s jobs whose output was back at the origin within x seconds of submission; symmetric-log axis.', cdfSpec(responses, 'response (s, symlog)')));
  }
  const order = run.centres.map((c) => c.id);
  const quantiles = centreWaitQuantiles(sample, order);
  if (quantiles.length > 0) {
    const rows = new Set(quantiles.map((q) => q.centre)).size;
    figures.push(
      await chartFigure('wait-centres', 'Wait quantiles by centre', 'Median, 95th, 99th percentile and largest wait of the jobs each centre ran; symmetric-log axis, so a step right is a factor of ten.', {
        width: CHART_WIDTH,
        height: Math.max(60, rows * 14),
        data: { values: quantiles as never[] },
        mark: { type: 'point', filled: true, size: 40 },
        encoding: {
          y: { field: 'centre', type: 'nominal', sort: order, title: null, axis: { labelFontSize: 9 } },
          x: { field: 'value', type: 'quantitative', title: 'wait (s, symlog)', scale: symlog, axis: decadeAxis(maxOf(quantiles)) },
          color: { field: 'q', type: 'nominal', title: 'quantile', sort: ['p50', 'p95', 'p99', 'max'] },
          shape: { field: 'q', type: 'nominal', sort: ['p50', 'p95', 'p99', 'max'], legend: null },
          description: { field: 'label' },
        },
      } as ChartSpec),
    );
  }
  return { id: 'waits', title: 'Waits and responses', figures };
}

/** The busiest link directions (by bytes, then id), at most {@link TOP_LINKS}. */
export function busiestDirections(run: RunData): RunData['links'] {
  return [...run.links]
    .filter((d) => d.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || (a.link < b.link ? -1 : a.link > b.link ? 1 : a.from < b.from ? -1 : 1))
    .slice(0, TOP_LINKS);
}

/** Heatmap cells of link utilization, for the busiest directions, windows merged like the centre heatmaps. */
export function linkCells(run: RunData): { row: string; t0: number; t1: number; value: number; label: string }[] {
  const unit = timeUnit(run.windowCount * run.windowS);
  const factor = mergeFactor(run.windowCount);
  const cells: { row: string; t0: number; t1: number; value: number; label: string }[] = [];
  for (const d of busiestDirections(run)) {
    const row = `${d.from}→${d.to}`;
    for (const w of mergeWindows(d.windowUtil, run.windowS, factor)) {
      cells.push({ row, t0: w.startS / unit.seconds, t1: w.endS / unit.seconds, value: w.value, label: `${row}, ${formatQuantity(w.startS / unit.seconds, 5)}–${formatQuantity(w.endS / unit.seconds, 5)} ${unit.label}: link utilization ${w.value}` });
    }
  }
  return cells;
}

/** Log-spaced histogram of positive values, four bins per decade. */
export function logHistogram(sorted: Float64Array): { from: number; to: number; count: number; label: string }[] {
  const positive = sorted.filter((x) => x > 0);
  if (positive.length === 0) return [];
  const lo = Math.floor(Math.log10(positive[0] as number) * 4);
  const hi = Math.floor(Math.log10(positive[positive.length - 1] as number) * 4);
  const bins: { from: number; to: number; count: number; label: string }[] = [];
  let i = 0;
  for (let b = lo; b <= hi; b++) {
    const from = 10 ** (b / 4);
    const to = 10 ** ((b + 1) / 4);
    let count = 0;
    while (i < positive.length && (b === hi || (positive[i] as number) < to)) {
      count++;
      i++;
    }
    bins.push({ from, to, count, label: `${formatQuantity(from, 3)}–${formatQuantity(to, 3)} s: ${count} jobs` });
  }
  return bins;
}

export async function networkSection(run: RunData, sample: JobSample | undefined): Promise<Section> {
  const unit = timeUnit(run.windowCount * run.windowS);
  const figures: Figure[] = [];
  const cells = linkCells(run);
  const busiest = busiestDirections(run);
  if (cells.length > 0) {
    const factor = mergeFactor(run.windowCount);
    figures.push(
      await chartFigure(
        'link-heatmap',
        'Link utilization over time',
        `The ${busiest.length} busiest link directions by bytes, one column per window: share of the direction’s capacity used.${factor > 1 ? ` Each column is the mean of ${factor} windows.` : ''}`,
        {
          width: CHART_WIDTH,
          height: Math.max(60, busiest.length * 13),
          data: { values: cells as never[] },
          mark: { type: 'rect' },
          encoding: {
            x: { field: 't0', type: 'quantitative', title: `time since start (${unit.label})`, scale: { nice: false, zero: true } },
            x2: { field: 't1' },
            y: { field: 'row', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 9 } },
            color: { field: 'value', type: 'quantitative', title: 'utilization', scale: { scheme: 'viridis', domainMin: 0 }, legend: { format: '.1%' } },
            description: { field: 'label' },
          },
        } as ChartSpec,
      ),
    );
    const bars = busiest.map((d) => ({ row: `${d.from}→${d.to}`, value: d.bytes / 1e12, label: `${d.from}→${d.to} (link ${d.link}): ${d.bytes} bytes` }));
    figures.push(
      await chartFigure('link-bytes', 'Bytes per link direction', `Terabytes carried by the ${busiest.length} busiest link directions over the run (links.csv bytes).`, {
        width: CHART_WIDTH,
        height: Math.max(60, bars.length * 13),
        data: { values: bars as never[] },
        mark: { type: 'bar', color: '#4c78a8' },
        encoding: {
          y: { field: 'row', type: 'nominal', sort: null, title: null, axis: { labelFontSize: 9 } },
          x: { field: 'value', type: 'quantitative', title: 'bytes carried (TB)' },
          description: { field: 'label' },
        },
      } as ChartSpec),
    );
  }
  if (sample !== undefined) {
    const sorted = sample.stageInS.sorted();
    const bins = logHistogram(sorted);
    const zeros = sorted.length - sorted.filter((x) => x > 0).length;
    if (bins.length > 0) {
      figures.push(
        await chartFigure('stage-in', 'Stage-in times', `Jobs by the time their input took to reach the centre (log bins, four per decade); ${zeros} jobs had their input at hand (0 s) and are not drawn.`, {
          width: CHART_WIDTH,
          height: 180,
          data: { values: bins as never[] },
          mark: { type: 'rect', color: '#54a24b', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'from', type: 'quantitative', title: 'stage-in time (s, log)', scale: { type: 'log' } },
            x2: { field: 'to' },
            y: { field: 'count', type: 'quantitative', title: 'jobs' },
            description: { field: 'label' },
          },
        } as ChartSpec),
      );
    }
  }
  if (figures.length === 0) return { id: 'network', title: 'Network', html: '<p class="note">No bytes crossed a link in this run.</p>', figures };
  return { id: 'network', title: 'Network', figures };
}

export async function energySection(run: RunData): Promise<Section> {
  const regions = run.folder.regions;
  if (run.energyWindows.size === 0) {
    return { id: 'energy', title: 'Energy, cost and carbon', html: '<p class="note">No energy.csv: energy accounting was off for this run (energy.accounting: false).</p>', figures: [] };
  }
  if (!run.centres.some((c) => c.energyKWh > 0)) {
    return { id: 'energy', title: 'Energy, cost and carbon', html: '<p class="note">Every energy figure of this run is 0: its partitions have no power model (idle and peak power per node), as in a trace replay.</p>', figures: [] };
  }
  const metrics = [
    ['energy', 'facility energy (MWh)', 1000, 'energy_kwh'],
    ['cost', 'cost (M CNY)', 1e6, 'cost_cny'],
    ['co2', 'CO₂ (t)', 1000, 'co2_kg'],
  ] as const;
  const regionValues: object[] = [];
  (regions?.rows ?? []).forEach((_, i) => {
    if (regions === undefined) return;
    const region = regions.text(i, 'region') || '(none)';
    for (const [key, title, scale, column] of metrics) {
      const raw = regions.number(i, column);
      regionValues.push({ region, metric: title, key, value: raw / scale, label: `${region}: ${column} ${raw}` });
    }
  });
  const centreValues: object[] = [];
  for (const c of run.centres) {
    const raw = { energy_kwh: c.energyKWh, cost_cny: c.costCny, co2_kg: c.co2Kg };
    for (const [key, title, scale, column] of metrics) centreValues.push({ centre: c.id, region: c.region, metric: title, key, value: raw[column] / scale, label: `${c.id}: ${column} ${raw[column]}` });
  }
  const barsBy = (values: object[], field: string, height: number): ChartSpec =>
    ({
      data: { values: values as never[] },
      facet: { column: { field: 'metric', type: 'nominal', title: null, sort: metrics.map((m) => m[1]), header: { labelFontSize: 12 } } },
      resolve: { scale: { x: 'independent' } },
      spec: {
        width: 230,
        height,
        mark: { type: 'bar' },
        encoding: {
          y: { field, type: 'nominal', sort: null, title: null, axis: { labelFontSize: 9 } },
          x: { field: 'value', type: 'quantitative', title: null },
          color: { field: 'key', type: 'nominal', legend: null, scale: { domain: ['energy', 'cost', 'co2'], range: ['#f58518', '#4c78a8', '#7f7f7f'] } },
          description: { field: 'label' },
        },
      },
    }) as ChartSpec;
  const unit = timeUnit(run.windowCount * run.windowS);
  const hours = run.windowS / 3600;
  const itKW = new Float64Array(run.windowCount);
  const facilityKW = new Float64Array(run.windowCount);
  for (let k = 0; k < run.windowCount; k++) {
    for (const e of run.energyWindows.values()) {
      itKW[k] = (itKW[k] as number) + (e.itKWh[k] as number) / hours;
      facilityKW[k] = (facilityKW[k] as number) + (e.facilityKWh[k] as number) / hours;
    }
  }
  const lineFactor = mergeFactor(run.windowCount, MAX_LINE_POINTS);
  // The last window ends with the run, mid-window as a rule: its energy over a whole window's
  // length would draw a false drop, so the line stops at the last whole window.
  const whole = Math.max(1, run.windowCount - 1);
  const power = ([['IT', itKW.subarray(0, whole)], ['facility (IT × PUE)', facilityKW.subarray(0, whole)]] as const).flatMap(([series, kW]) =>
    mergeWindows(kW, run.windowS, lineFactor).map((w) => ({
      t: w.startS / unit.seconds,
      value: w.value / 1000,
      series,
      label: `${series} power, ${formatQuantity(w.startS / unit.seconds, 5)}–${formatQuantity(w.endS / unit.seconds, 5)} ${unit.label}: ${w.value} kW`,
    })),
  );
  const figures: Figure[] = [];
  if (regions !== undefined && regions.size > 0) {
    figures.push(
      await chartFigure('energy-regions', 'Energy, cost and carbon by region', 'Facility energy, its cost at the region’s hourly price, and its CO₂ at the region’s grid intensity (regions.csv), over the run period.', barsBy(regionValues, 'region', Math.max(60, regions.size * 16))),
    );
  }
  figures.push(
    await chartFigure('energy-centres', 'Energy, cost and carbon by centre', 'The same per centre (centres.csv): idle nodes count too, so large centres dominate even when lightly loaded.', barsBy(centreValues, 'centre', Math.max(60, run.centres.length * 13))),
    await chartFigure(
      'power',
      'Power over time',
      `Mean national power in each window of ${formatDuration(run.windowS * lineFactor)}: IT (nodes, busy and idle) and facility (IT × the month’s PUE), from energy.csv; the last window, cut short by the end of the run, is left out.`,
      lineWithPoints({
        width: CHART_WIDTH,
        height: 180,
        values: power,
        x: { field: 't', type: 'quantitative', title: `time since start (${unit.label})` },
        y: { field: 'value', type: 'quantitative', title: 'power (MW)', scale: { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, legend: { labelLimit: 260 } },
      }),
    ),
  );
  return { id: 'energy', title: 'Energy, cost and carbon', figures };
}

export async function failureSection(sample: JobSample | undefined): Promise<Section | undefined> {
  if (sample === undefined) return undefined;
  const byCount = (m: ReadonlyMap<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const groups = [
    ['rejections', 'Rejected jobs by reason', 'Jobs no centre could take, by the eligibility check that failed on the partitions that came closest (jobs.csv reason).', byCount(sample.rejectedByReason), 'rejected'],
    ['kills', 'Jobs killed at their walltime, by centre', 'Jobs stopped when their run time reached their walltime on the partition that ran them.', byCount(sample.killedByCentre), 'killed at walltime'],
    ['failures', 'Jobs failed, by centre', 'Jobs killed by failures (node or link failures, abrupt outages) on their last allowed start (see retry), by the centre of that start.', byCount(sample.failedByCentre), 'failed'],
    ['unfinished', 'Jobs unfinished at the cut-off, by centre', 'Jobs not done when the run was cut off (--until): running or queued at a centre, or not yet started.', byCount(sample.unfinishedByCentre), 'unfinished'],
  ] as const;
  const figures: Figure[] = [];
  for (const [id, title, caption, counts, what] of groups) {
    if (counts.length === 0) continue;
    const bars = counts.map(([row, count]) => ({ row: row || '(no reason given)', count, label: `${what}: ${row || '(no reason given)'}: ${count} jobs` }));
    figures.push(
      await chartFigure(id, title, caption, {
        width: 480,
        height: Math.max(20, bars.length * 18),
        data: { values: bars as never[] },
        mark: { type: 'bar', color: '#e45756' },
        encoding: {
          y: { field: 'row', type: 'nominal', sort: null, title: null, axis: { labelLimit: 420, labelFontSize: 10 } },
          x: { field: 'count', type: 'quantitative', title: 'jobs', axis: { tickMinStep: 1 } },
          description: { field: 'label' },
        },
      } as ChartSpec),
    );
  }
  if (figures.length === 0) return undefined;
  return { id: 'failures', title: 'Rejections, kills and failures', figures };
}

/**
 * The HTML view of a sweep comparison (`cnsim compare DIR --html`): for each metric, the mean
 * over seeds with its 95% interval per value of the compared axis, and the paired differences
 * to the baseline value as a forest plot (an interval that crosses 0 is no significant change).
 */
import { dirname, join } from 'node:path';
import { compareSweep, type CompareOptions, type Comparison } from '../parallel/compare-sweep.js';
import { readSweepSummary } from '../parallel/sweep-tables.js';
import { SUMMARY_COLUMNS } from '../report/columns.js';
import { writeFileAtomic } from '../report/write-results.js';
import { CNSIM_VERSION } from '../runner/version.js';
import type { ChartSpec } from './vega-svg.js';
import { escapeHtml } from './html-text.js';
import { htmlPage } from './html-page.js';
import { chartFigure, type Figure, type Section } from './report-section.js';
import { checkReportPath } from './write-report.js';
import { makeDirs } from '../report/make-dirs.js';

/** Metrics drawn besides the one asked for, when the sweep's summary has values for them. */
export const SWEEP_METRICS = ['mean_wait_s', 'p95_wait_s', 'mean_response_s', 'mean_bsld', 'node_util', 'gpu_util', 'moved_bytes', 'energy_kwh', 'cost_cny', 'co2_kg'] as const;

/** The metrics of a sweep that the page draws: the requested one first, then those of {@link SWEEP_METRICS} with at least one value. */
export function sweepMetrics(dir: string, requested: string | undefined): string[] {
  const { header, rows } = readSweepSummary(dir, 'the sweep did not finish (run it again with --resume), or this is one shard (merge the shards first)');
  const hasValues = (column: string): boolean => {
    const i = header.indexOf(column);
    return i >= 0 && rows.some((r) => (r[i] ?? '') !== '' && Number.isFinite(Number(r[i])));
  };
  const metrics = SWEEP_METRICS.filter(hasValues) as string[];
  if (requested !== undefined) {
    const resolved = header.includes(requested) ? requested : `mean_${requested}`;
    return [resolved, ...metrics.filter((m) => m !== resolved)];
  }
  return metrics;
}

/** Row label of a comparison row: the axis value, prefixed by its context when there are several. */
function rowLabel(context: string, value: string, contexts: number): string {
  return contexts > 1 && context !== '' ? `${context} | ${value}` : value;
}

/** A 95% interval as text; none with a single run (or pair), where it is undefined. */
function intervalText(low: number, high: number, n: number): string {
  return Number.isFinite(low) && Number.isFinite(high) ? `95% CI [${low}, ${high}]` : `no 95% CI (${n} ${n === 1 ? 'value' : 'values'})`;
}

/** Data of the interval chart: mean and its 95% interval per row. */
export function meanRows(c: Comparison): { row: string; mean: number; low: number; high: number; n: number; label: string }[] {
  const contexts = new Set(c.rows.map((r) => r.context)).size;
  return c.rows.map((r) => ({
    row: rowLabel(r.context, r.value, contexts),
    mean: r.stats.mean,
    low: Number.isFinite(r.stats.low) ? r.stats.low : r.stats.mean,
    high: Number.isFinite(r.stats.high) ? r.stats.high : r.stats.mean,
    n: r.stats.n,
    label: `${rowLabel(r.context, r.value, contexts)}: mean ${c.metric} ${r.stats.mean} over ${r.stats.n} runs, ${intervalText(r.stats.low, r.stats.high, r.stats.n)}`,
  }));
}

/** Data of the forest plot: mean paired difference and its interval per non-baseline row. */
export function diffRows(c: Comparison): { row: string; mean: number; low: number; high: number; significant: boolean; label: string }[] {
  const contexts = new Set(c.rows.map((r) => r.context)).size;
  return c.rows.flatMap((r) => {
    if (r.diff === undefined || r.diff.n === 0) return [];
    const d = r.diff;
    const significant = Number.isFinite(d.low) && (d.low > 0 || d.high < 0);
    return [
      {
        row: rowLabel(r.context, r.value, contexts),
        mean: d.mean,
        low: Number.isFinite(d.low) ? d.low : d.mean,
        high: Number.isFinite(d.high) ? d.high : d.mean,
        significant,
        label: `${rowLabel(r.context, r.value, contexts)} − ${c.baseline}: mean difference in ${c.metric} ${d.mean} over ${d.n} pairs, ${intervalText(d.low, d.high, d.n)}${significant ? ' (significant at 5%)' : ''}`,
      },
    ];
  });
}

function intervalSpec(values: readonly object[], order: readonly string[], xTitle: string, zeroRule: boolean, colourBySignificance: boolean): ChartSpec {
  const y = { field: 'row', type: 'nominal', sort: order, title: null };
  const colour = colourBySignificance
    ? { color: { field: 'significant', type: 'nominal', title: 'CI excludes 0', scale: { domain: [true, false], range: ['#e45756', '#4c78a8'] } } }
    : {};
  return {
    width: 320,
    height: Math.max(40, order.length * 22),
    data: { values: values as never[] },
    layer: [
      ...(zeroRule ? [{ data: { values: [{ zero: 0 }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3], aria: false }, encoding: { x: { field: 'zero', type: 'quantitative' } } }] : []),
      { mark: { type: 'rule', strokeWidth: 2, aria: false }, encoding: { y, x: { field: 'low', type: 'quantitative', title: xTitle, scale: { zero: false } }, x2: { field: 'high' }, ...colour } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { y, x: { field: 'mean', type: 'quantitative' }, ...colour, description: { field: 'label' } } },
    ],
  } as ChartSpec;
}

/** A metric with its unit, as results/README.md documents it (`mean_wait_s (s)`). */
function withUnit(metric: string): string {
  const unit = SUMMARY_COLUMNS.columns.find((c) => c.name === metric)?.unit;
  return unit === undefined || unit === '-' ? metric : `${metric} (${unit})`;
}

/** The sections of a sweep page: one per metric with its two charts. */
export async function sweepSections(dir: string, options: CompareOptions): Promise<Section[]> {
  const sections: Section[] = [];
  for (const metric of sweepMetrics(dir, options.metric)) {
    const c = compareSweep(dir, { ...options, metric });
    const means = meanRows(c);
    const diffs = diffRows(c);
    if (means.every((m) => !Number.isFinite(m.mean))) {
      // Every run failed (or none is in this folder yet): a chart would have no axis to draw.
      sections.push({ id: `metric-${metric}`, title: metric, html: '<p class="note">No finished run has a value of this metric: nothing to compare (failures.csv lists the runs that failed).</p>', figures: [] });
      continue;
    }
    const order = [...new Set(means.map((m) => m.row))];
    const figures: Figure[] = [
      await chartFigure(`mean-${metric}`, `${metric} by ${c.by}`, `Mean of ${metric} over the runs (seeds) of each value, with its 95% confidence interval (Student's t); overlapping intervals alone do not show a difference: see the paired differences.`, intervalSpec(means, order, `${withUnit(metric)}: mean, 95% CI`, false, false)),
    ];
    if (diffs.length > 0) {
      figures.push(
        await chartFigure(`diff-${metric}`, `${metric}: paired differences to ${c.baseline}`, `Forest plot: mean of (run − its baseline run with the same seed and other axes) with its 95% interval; red where the interval excludes 0 (significant at 5%).`, intervalSpec(diffs, order.filter((r) => diffs.some((d) => d.row === r)), `Δ ${withUnit(metric)} vs ${c.baseline}`, true, true)),
      );
    }
    sections.push({ id: `metric-${metric}`, title: metric, figures });
  }
  return sections;
}

/** Writes `compare.html` (or `out`) for a finished sweep and returns its path. */
export async function writeSweepReport(dir: string, options: CompareOptions & { readonly out?: string }): Promise<string> {
  const sections = await sweepSections(dir, options);
  const first = compareSweep(dir, options);
  const html = htmlPage(
    `cnsim sweep comparison: ${first.by}`,
    `sweep folder ${dir}; compared axis ${first.by}, baseline ${first.baseline}; ${sections.length} metrics`,
    [{ id: 'about', title: 'How to read', html: `<p class="note">${escapeHtml(`Each metric has two charts: the mean with its 95% interval per value of ${first.by}, and the paired differences to ${first.baseline}. Column definitions: results/README.md (sweep summary.csv, compare.csv).`)}</p>`, figures: [] }, ...sections],
    `Made by cnsim ${CNSIM_VERSION} from ${join(dir, 'summary.csv')} and sweep.json.`,
  );
  const out = checkReportPath(options.out ?? join(dir, 'compare.html'), [dir]);
  makeDirs(dirname(out));
  writeFileAtomic(out, html);
  return out;
}

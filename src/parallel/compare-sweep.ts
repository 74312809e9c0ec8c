import { InputError } from '../model/input-error.js';
import { toCsv } from '../report/csv.js';
import { formatNumber } from '../report/format.js';
import { formatAxisValue } from './axis-values.js';
import { meanInterval95, type MeanInterval } from './confidence.js';
import { COMPARE_COLUMNS } from './sweep-columns.js';
import { readSweepManifest } from './sweep-manifest.js';
import { readSweepSummary } from './sweep-tables.js';

/** What to compare. */
export interface CompareOptions {
  /** The axis compared (default: the first axis that is not `seed`). */
  readonly by?: string;
  /** A numeric column of the sweep summary (default `mean_wait_s`; `wait_s` means `mean_wait_s`). */
  readonly metric?: string;
  /** The value differences are taken against (default: the axis's first value). */
  readonly baseline?: string;
}

/** One value of the compared axis in one context. */
export interface CompareRow {
  readonly context: string;
  readonly value: string;
  readonly stats: MeanInterval;
  /** Paired differences against the baseline; undefined on the baseline row. */
  readonly diff: MeanInterval | undefined;
}

/** A comparison: its rows in axis order within each context, and its CSV text. */
export interface Comparison {
  readonly by: string;
  readonly metric: string;
  readonly baseline: string;
  readonly rows: readonly CompareRow[];
  readonly csv: string;
}

/**
 * Compares the values of one axis of a finished sweep: per value (and per combination of the
 * other axes, seeds excepted), the mean of a metric over seeds with its 95% confidence interval,
 * and the mean difference to the baseline over runs paired by seed (common random numbers: the
 * same seed gives the same workload whatever the policy), with its interval.
 *
 * @throws InputError for a folder without a finished sweep, an unknown axis, metric or baseline
 */
export function compareSweep(dir: string, options: CompareOptions = {}): Comparison {
  const manifest = readSweepManifest(dir);
  const { header, rows } = readSweepSummary(dir, 'the sweep did not finish (run it again with --resume), or this is one shard (merge the shards first)');

  const axisPaths = manifest.axes.map((a) => a.path);
  const by = options.by ?? axisPaths.find((p) => p !== 'seed');
  if (by === undefined) throw new InputError('command line', [`--by: this sweep's only axis is seed; nothing to compare`]);
  if (by === 'seed') throw new InputError('command line', ['--by seed: seeds are the replicates of a comparison; choose another axis']);
  const axis = manifest.axes.find((a) => a.path === by);
  if (axis === undefined) throw new InputError('command line', [`--by '${by}': not an axis of this sweep (axes: ${axisPaths.join(', ')})`]);

  const requested = options.metric ?? 'mean_wait_s';
  const metric = header.includes(requested) ? requested : header.includes(`mean_${requested}`) ? `mean_${requested}` : undefined;
  const numericColumns = header.slice(header.indexOf('status') + 1).filter((c) => c !== 'scenario');
  if (metric === undefined || !numericColumns.includes(metric)) {
    throw new InputError('command line', [`--metric '${requested}': not a numeric column of summary.csv (columns: ${numericColumns.join(', ')})`]);
  }
  const values = axis.values.map(formatAxisValue);
  const baseline = options.baseline ?? (values[0] as string);
  if (!values.includes(baseline)) throw new InputError('command line', [`--baseline '${baseline}': not a value of ${by} (values: ${values.join(', ')})`]);

  // Read each run's parameters from sweep.json rather than the CSV: the seed axis has no column.
  const paramsById = new Map(manifest.runs.map((r) => [r.runId, r.params]));
  const statusColumn = header.indexOf('status');
  const metricColumn = header.indexOf(metric);
  const others = axisPaths.filter((p) => p !== by);
  const contextAxes = others.filter((p) => p !== 'seed');
  type Observation = { value: string; context: string; pairKey: string; x: number };
  const observations: Observation[] = [];
  for (const row of rows) {
    const params = paramsById.get(row[0] as string);
    const cell = row[metricColumn] ?? '';
    if (params === undefined || row[statusColumn] !== 'ok' || cell === '') continue;
    observations.push({
      value: formatAxisValue(params[by]),
      context: contextAxes.map((p) => `${p}=${formatAxisValue(params[p])}`).join('; '),
      pairKey: others.map((p) => `${p}=${formatAxisValue(params[p])}`).join('\n'),
      x: Number(cell),
    });
  }

  const contexts = [...new Set(observations.map((o) => o.context))];
  const result: CompareRow[] = [];
  for (const context of contexts) {
    const inContext = observations.filter((o) => o.context === context);
    const base = new Map(inContext.filter((o) => o.value === baseline).map((o) => [o.pairKey, o.x]));
    for (const value of values) {
      const group = inContext.filter((o) => o.value === value);
      if (group.length === 0) continue;
      const diffs = group.flatMap((o) => {
        const b = base.get(o.pairKey);
        return b === undefined ? [] : [o.x - b];
      });
      result.push({ context, value, stats: meanInterval95(group.map((o) => o.x)), diff: value === baseline ? undefined : meanInterval95(diffs) });
    }
  }
  const f = formatNumber;
  const csv = toCsv(
    COMPARE_COLUMNS.columns.map((c) => c.name),
    result.map((r) => [
      metric,
      by,
      r.context,
      r.value,
      String(r.stats.n),
      f(r.stats.mean),
      f(r.stats.sd),
      f(r.stats.low),
      f(r.stats.high),
      baseline,
      r.diff === undefined ? '' : String(r.diff.n),
      r.diff === undefined ? '' : f(r.diff.mean),
      r.diff === undefined ? '' : f(r.diff.sd),
      r.diff === undefined ? '' : f(r.diff.low),
      r.diff === undefined ? '' : f(r.diff.high),
    ]),
  );
  return { by, metric, baseline, rows: result, csv };
}

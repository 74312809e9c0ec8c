import { createHash } from 'node:crypto';
import { canonicalJson } from '../report/manifest.js';
import { formatAxisValue } from './axis-values.js';

/** One axis of a sweep: a scenario path and its values, in the order written. */
export interface SweepAxis {
  readonly path: string;
  readonly values: readonly unknown[];
}

/** One run of a sweep before it is planned: its position and the value of every axis. */
export interface ExpandedRun {
  /** Position in the sweep (the order of summary.csv rows and of shard assignment). */
  readonly index: number;
  /** Stable id from the parameters only (see {@link runId}). */
  readonly runId: string;
  /** Axis path → value, in axis order. */
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * The runs of a sweep. `grid`: every combination, the first axis outermost (as nested loops in
 * axis order). `zip`: the i-th value of each axis together; every axis must have the same length.
 * @throws Error for zip axes of different lengths (the caller validates first)
 */
export function expandRuns(axes: readonly SweepAxis[], mode: 'grid' | 'zip'): ExpandedRun[] {
  const combos: unknown[][] = [];
  if (mode === 'zip') {
    const n = axes[0]?.values.length ?? 0;
    if (axes.some((a) => a.values.length !== n)) throw new Error('zip axes must have the same length');
    for (let i = 0; i < n; i++) combos.push(axes.map((a) => a.values[i]));
  } else {
    const walk = (depth: number, prefix: unknown[]): void => {
      const axis = axes[depth];
      if (axis === undefined) {
        combos.push(prefix);
        return;
      }
      for (const v of axis.values) walk(depth + 1, [...prefix, v]);
    };
    if (axes.length > 0) walk(0, []);
  }
  return combos.map((values, index) => {
    const params: Record<string, unknown> = {};
    axes.forEach((a, i) => {
      params[a.path] = values[i];
    });
    return { index, runId: runId(params), params };
  });
}

/**
 * A run id that depends only on the parameters: a readable slug of the values (axis order,
 * characters outside `[A-Za-z0-9.-]` replaced by `-`, at most 48 characters, none of `.` or `-`
 * first) and 8 hex digits of
 * the sha256 of the parameters with their paths, sorted by path. The same parameters give the
 * same id in any sweep, whatever the axis order or the other runs.
 */
export function runId(params: Readonly<Record<string, unknown>>): string {
  const slug = Object.values(params)
    .map((v) => formatAxisValue(v).replace(/[^A-Za-z0-9.-]+/g, '-'))
    .join('_')
    .slice(0, 48)
    // Not a hidden folder ('.', '..'), nor a name a command line reads as a flag ('--…').
    .replace(/^[.-]+/, '');
  const sorted = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256').update(canonicalJson(sorted)).digest('hex').slice(0, 8);
  return `${slug === '' ? 'run' : slug}-${hash}`;
}

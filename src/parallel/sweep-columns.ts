import type { FileDoc } from '../report/columns.js';
import { column as c, SUMMARY_COLUMNS } from '../report/columns.js';

/**
 * `summary.csv` of a sweep: these columns, then one column per axis (named by its path; the
 * `seed` axis has none, the run's `seed` column holds it), then `status`, then every column of a
 * run's `summary.csv`.
 */
export const SWEEP_SUMMARY_COLUMNS: FileDoc = {
  file: 'summary.csv',
  description:
    'One row per run of the sweep (or of the shard), in sweep order (grid: the first axis outermost; zip: value order), whatever the number of workers, the finishing order or the sharding. Columns: `run_id`, one column per axis named by its scenario path (e.g. `centres[wuxi].queue.policy`; an axis `seed` has no column of its own, as the run\'s `seed` column holds it), `status`, then every column of a run\'s `summary.csv` (empty for a failed run, except `seed` when it is an axis).',
  columns: [
    c('run_id', '-', 'stable id of the run: a slug of its axis values and 8 hex digits of the sha256 of its parameters; its results are in `runs/<run_id>/`'),
    c('<axis path>', 'as the scenario key', 'the value of that axis in this run (strings as written, other values as JSON)'),
    c('status', '-', '`ok`, or `failed` (the error is in `failures.csv` and `runs/<run_id>/error.txt`)'),
    ...SUMMARY_COLUMNS.columns,
  ],
};

export const SWEEP_FAILURES_COLUMNS: FileDoc = {
  file: 'failures.csv',
  description: 'One row per failed run, in sweep order (header only when every run succeeded). `cnsim sweep` exits 1 when there is any.',
  columns: [
    c('run_id', '-', 'the failed run'),
    c('error', '-', 'the error message (for bad input, every problem; the stack is in `runs/<run_id>/error.txt`)'),
  ],
};

export const COMPARE_COLUMNS: FileDoc = {
  file: 'compare.csv',
  description:
    'Written by `cnsim compare <sweep-dir>`: one row per value of the compared axis (`--by`) and context (the values of the other axes, seeds excepted). Confidence intervals use Student\'s t with n − 1 degrees of freedom (mean ± t(0.975, n − 1) · sd / √n). Paired differences use common random numbers: a run is paired with the baseline run that has the same value of every other axis, seed included, so both saw the same workload. Failed runs and empty metric cells are left out.',
  columns: [
    c('metric', '-', 'the compared column of the sweep `summary.csv` (`--metric`)'),
    c('by', '-', 'the compared axis (`--by`)'),
    c('context', '-', 'the other axes\' values, `path=value` joined by `; ` (empty when `--by` is the only axis besides `seed`)'),
    c('value', '-', 'value of the compared axis'),
    c('n', 'runs', 'runs with a value of the metric'),
    c('mean', 'metric unit', 'mean of the metric over those runs'),
    c('sd', 'metric unit', 'sample standard deviation (n − 1; empty when n < 2)'),
    c('ci95_low', 'metric unit', 'mean − t(0.975, n − 1) · sd / √n (empty when n < 2)'),
    c('ci95_high', 'metric unit', 'mean + t(0.975, n − 1) · sd / √n'),
    c('baseline', '-', 'the baseline value of the axis (`--baseline`, default its first value)'),
    c('pairs', 'pairs', 'runs paired with a baseline run (same other axis values, same seed); empty on the baseline row'),
    c('diff_mean', 'metric unit', 'mean of (run − its baseline run) over the pairs'),
    c('diff_sd', 'metric unit', 'sample standard deviation of the paired differences'),
    c('diff_ci95_low', 'metric unit', 'diff_mean − t(0.975, pairs − 1) · diff_sd / √pairs (an interval excluding 0 is a significant difference at 5%)'),
    c('diff_ci95_high', 'metric unit', 'diff_mean + t(0.975, pairs − 1) · diff_sd / √pairs'),
  ],
};

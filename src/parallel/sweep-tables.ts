import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError } from '../model/input-error.js';
import { SUMMARY_COLUMNS } from '../report/columns.js';
import { toCsv } from '../report/csv.js';
import { formatAxisValue } from './axis-values.js';
import { readRunRecord } from './run-record.js';
import type { SweepManifest } from './sweep-manifest.js';

/** One run's rows in the sweep tables: its summary row, and its error when it failed. */
export interface SweepRow {
  readonly index: number;
  readonly summary: readonly string[];
  /** Empty for a run that finished. */
  readonly error: string;
}

/** The header of a sweep's `summary.csv` (see SWEEP_SUMMARY_COLUMNS). */
export function sweepSummaryHeader(manifest: Pick<SweepManifest, 'axes'>): string[] {
  return ['run_id', ...axisColumns(manifest), 'status', ...SUMMARY_COLUMNS.columns.map((c) => c.name)];
}

/** Axis paths that get a column in the sweep summary: all but `seed`, which the run's own `seed` column holds. */
export function axisColumns(manifest: Pick<SweepManifest, 'axes'>): string[] {
  return manifest.axes.map((a) => a.path).filter((p) => p !== 'seed');
}

/**
 * The sweep row of one run, read from its folder `runs/<run-id>/` (`run.json` and `summary.csv`).
 * @throws Error when the folder is missing or was written by another cnsim (a different summary header)
 */
export function readSweepRow(manifest: SweepManifest, runIndex: number, runDir: string): SweepRow {
  const run = manifest.runs[runIndex];
  if (run === undefined) throw new Error(`no run at index ${runIndex}`);
  const record = readRunRecord(runDir);
  if (record === undefined) throw new Error(`run ${run.runId}: no results in ${runDir}`);
  const lead = [run.runId, ...axisColumns(manifest).map((p) => formatAxisValue(run.params[p]))];
  const width = SUMMARY_COLUMNS.columns.length;
  if (record.status !== 'ok') {
    const cells = new Array<string>(width).fill('');
    if ('seed' in run.params) cells[SUMMARY_COLUMNS.columns.findIndex((c) => c.name === 'seed')] = formatAxisValue(run.params.seed);
    return { index: run.index, summary: [...lead, 'failed', ...cells], error: record.error };
  }
  const [header, row] = readCsvRows(join(runDir, 'summary.csv'), 'run the sweep again with --resume: a run whose files do not read is done again');
  if (header === undefined || row === undefined || row.length !== header.length || header.join(',') !== SUMMARY_COLUMNS.columns.map((c) => c.name).join(',')) {
    throw new Error(`run ${run.runId}: ${join(runDir, 'summary.csv')} does not have this cnsim's summary columns`);
  }
  return { index: run.index, summary: [...lead, 'ok', ...row], error: '' };
}

/**
 * The rows of a CSV file of a sweep, each cell as written.
 * @throws InputError naming the file (it cannot be read, or is no CSV: cut off, garbled) and what to do
 */
function readCsvRows(file: string, todo: string): string[][] {
  try {
    return parse(readFileSync(file, 'utf8'), { relax_column_count: true }) as string[][];
  } catch (error) {
    throw new InputError(file, [`cannot read it as CSV (${error instanceof Error ? error.message : String(error)}): ${todo}`], { cause: error });
  }
}

/** `summary.csv` and `failures.csv` texts of a sweep from its rows (sorted here by run index). */
export function sweepTables(manifest: SweepManifest, rows: readonly SweepRow[]): { summary: string; failures: string } {
  const sorted = [...rows].sort((a, b) => a.index - b.index);
  const summary = toCsv(sweepSummaryHeader(manifest), sorted.map((r) => r.summary));
  const failures = toCsv(
    ['run_id', 'error'],
    sorted.filter((r) => r.error !== '').map((r) => [r.summary[0] as string, r.error]),
  );
  return { summary, failures };
}

/**
 * The header and rows of a sweep folder's `summary.csv`, cells exactly as written.
 * @param missing what to tell the user when the file is not there
 * @throws InputError when the file is missing or empty
 */
export function readSweepSummary(dir: string, missing: string): { file: string; header: readonly string[]; rows: string[][] } {
  const file = join(dir, 'summary.csv');
  if (!existsSync(file)) throw new InputError(dir, [`no summary.csv: ${missing}`]);
  const [header, ...rows] = readCsvRows(file, 'the file was cut off or edited: run the sweep again with --resume (finished runs are kept), or merge its shards again');
  if (header === undefined) throw new InputError(file, ['empty file']);
  const width = header.length;
  const short = rows.findIndex((r) => r.length !== width);
  if (short >= 0) throw new InputError(file, [`line ${short + 2}: ${(rows[short] as string[]).length} cells, the header has ${width}: the file was cut off or edited; run the sweep again with --resume`]);
  return { file, header, rows };
}

/**
 * Reads the rows of a finished sweep folder back from its `summary.csv` and `failures.csv`
 * (for `cnsim merge`): the cells come back exactly as written.
 * @throws InputError when a file is missing or its header is not this sweep's
 */
export function readSweepTables(dir: string, manifest: SweepManifest): SweepRow[] {
  const { file: summaryFile, header, rows } = readSweepSummary(dir, 'this sweep or shard did not finish; run it again with --resume (finished runs are kept)');
  if (header.join('\n') !== sweepSummaryHeader(manifest).join('\n')) throw new InputError(summaryFile, ['header does not match the sweep\'s axes (written by another cnsim version?)']);
  const failuresFile = join(dir, 'failures.csv');
  const errors = new Map<string, string>();
  if (existsSync(failuresFile)) {
    const [, ...failures] = readCsvRows(failuresFile, 'the file was cut off or edited: run the sweep again with --resume');
    for (const [runId, error] of failures) errors.set(runId as string, error ?? '');
  }
  const indexOf = new Map(manifest.runs.map((r) => [r.runId, r.index]));
  return rows.map((row) => {
    const runId = row[0] as string;
    const index = indexOf.get(runId);
    if (index === undefined) throw new InputError(summaryFile, [`run ${runId} is not in ${dir}/sweep.json`]);
    return { index, summary: row, error: errors.get(runId) ?? '' };
  });
}

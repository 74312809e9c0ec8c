import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../model/input-error.js';
import { RESULTS_FORMAT } from '../runner/version.js';
import { CsvTable } from './csv-table.js';

/** What `manifest.json` says of a results folder (the fields the report reads). */
export interface ResultsManifest {
  readonly cnsim: string;
  readonly resultsFormat: number;
  readonly scenario: string;
  readonly seed: number;
  readonly jobs: number;
  readonly files: readonly string[];
  /** Size in bytes of each listed file when the run ended (empty in folders of earlier versions). */
  readonly fileBytes: Readonly<Record<string, number>>;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A results folder as the report reads it: the small tables whole, jobs.csv by path (streamed). */
export interface ResultsFolder {
  readonly dir: string;
  readonly manifest: ResultsManifest;
  readonly summary: CsvTable;
  readonly centres: CsvTable;
  readonly utilization: CsvTable;
  readonly links: CsvTable;
  readonly linkWindows: CsvTable;
  /** Absent without energy accounting. */
  readonly energy: CsvTable | undefined;
  readonly regions: CsvTable | undefined;
  /** Absent in folders of cnsim < 0.2 and in trace replays without coordinates. */
  readonly sites: CsvTable | undefined;
  readonly outages: CsvTable | undefined;
  /** Path of jobs.csv, or undefined when the run wrote none. */
  readonly jobsFile: string | undefined;
  /** Path of jobs.parquet (`--jobs-format parquet`), or undefined. */
  readonly jobsParquetFile: string | undefined;
  /**
   * Listed files whose size is not the one the run wrote (`fileBytes`): edited since (a table saved
   * again from a spreadsheet) or cut off. The report draws them as they are and says so.
   */
  readonly changedFiles: readonly { readonly file: string; readonly bytes: number; readonly writtenBytes: number }[];
}

/** The columns each table must have for the report. */
const REQUIRED: Record<string, readonly string[]> = {
  'summary.csv': ['scenario', 'seed', 'jobs', 'done', 'killed', 'rejected', 'unfinished', 'mean_wait_s', 'p95_wait_s', 'mean_bsld', 'node_util', 'moved_bytes'],
  'centres.csv': ['centre', 'site', 'region', 'nodes', 'cores', 'gpus', 'jobs', 'node_util', 'core_util', 'gpu_util', 'mean_wait_s', 'p95_wait_s'],
  'utilization.csv': ['centre', 'window_start_s', 'window_end_s', 'node_util', 'core_util', 'gpu_util', 'running', 'queued'],
  'links.csv': ['link', 'from', 'to', 'bandwidth_bps', 'bytes', 'utilization'],
  'link_windows.csv': ['link', 'from', 'to', 'window_start_s', 'window_end_s', 'bytes', 'utilization'],
  'energy.csv': ['centre', 'window_start_s', 'window_end_s', 'it_kwh', 'energy_kwh', 'cost_cny', 'co2_kg'],
  'regions.csv': ['region', 'energy_kwh', 'cost_cny', 'co2_kg'],
  'sites.csv': ['site', 'name', 'lat_deg', 'lon_deg'],
  'outages.csv': ['kind', 'id', 'from_s', 'to_s'],
};

/** Columns of the results tables that hold text (ids and names); every other column is numeric. */
const TEXT_COLUMNS: ReadonlySet<string> = new Set(['scenario', 'centre', 'site', 'region', 'estimate', 'link', 'from', 'to', 'kind', 'id', 'name']);

/**
 * Reads a results folder written by `cnsim run` or `cnsim replay`, checking it first: a folder
 * that is not one, a file the manifest lists but that is missing, a table without the columns
 * the report reads, or a folder written in a newer results format is bad input (InputError,
 * naming the file), so the report never draws from something it misreads.
 */
export function readResultsFolder(dir: string): ResultsFolder {
  if (!existsSync(dir)) throw new InputError(dir, ['no such folder: give a results folder written by `cnsim run` (e.g. results/national-2025)']);
  if (!statSync(dir).isDirectory()) throw new InputError(dir, ['a file, not a folder: give the results folder written by `cnsim run` (e.g. results/national-2025), not one of its files']);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) {
    const hint = existsSync(join(dir, 'sweep.json'))
      ? 'this is a sweep folder: draw it with `cnsim compare <dir> --html`, or report one run with `cnsim report <dir>/runs/<run_id>`'
      : 'not a results folder (no manifest.json): give a folder written by `cnsim run` or `cnsim replay`';
    throw new InputError(dir, [hint]);
  }
  const manifest = readManifest(manifestFile);
  const listed = new Set(manifest.files);
  const path = (name: string): string => join(dir, name);
  const problems: string[] = [];
  // One stat a file the report may read: a folder in its place; a listed file missing, or of
  // another size than the run wrote (drawn as it is, and said).
  const changedFiles: { file: string; bytes: number; writtenBytes: number }[] = [];
  for (const file of new Set([...manifest.files, ...Object.keys(REQUIRED), 'jobs.csv', 'jobs.parquet'])) {
    const stat = statSync(path(file), { throwIfNoEntry: false });
    if (stat !== undefined && !stat.isFile()) problems.push(`${file}: is a folder, not a file (copy the whole results folder again)`);
    else if (!listed.has(file)) continue;
    else if (stat === undefined) problems.push(`${file}: listed in manifest.json but missing (copy the whole folder, or run again)`);
    else {
      const writtenBytes = manifest.fileBytes[file];
      if (writtenBytes !== undefined && writtenBytes !== stat.size) changedFiles.push({ file, bytes: stat.size, writtenBytes });
    }
  }
  for (const name of ['summary.csv', 'centres.csv', 'utilization.csv', 'links.csv', 'link_windows.csv']) {
    if (!listed.has(name) && !existsSync(path(name))) problems.push(`${name}: missing; the report needs it (run again with this cnsim)`);
  }
  if (problems.length > 0) throw new InputError(dir, problems);
  const table = (name: string): CsvTable => CsvTable.read(path(name), REQUIRED[name] ?? [], TEXT_COLUMNS);
  const optional = (name: string): CsvTable | undefined => (existsSync(path(name)) ? table(name) : undefined);
  const jobsFile = existsSync(path('jobs.csv')) ? path('jobs.csv') : undefined;
  const summary = table('summary.csv');
  if (summary.size !== 1) throw new InputError(summary.file, [`expected one row, found ${summary.size}`]);
  return {
    dir,
    manifest,
    changedFiles,
    summary,
    centres: table('centres.csv'),
    utilization: table('utilization.csv'),
    links: table('links.csv'),
    linkWindows: table('link_windows.csv'),
    energy: optional('energy.csv'),
    regions: optional('regions.csv'),
    sites: optional('sites.csv'),
    outages: optional('outages.csv'),
    jobsFile,
    jobsParquetFile: existsSync(path('jobs.parquet')) ? path('jobs.parquet') : undefined,
  };
}

function readManifest(file: string): ResultsManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, [`not valid JSON (${error instanceof Error ? error.message : String(error)}): the folder was not written by cnsim, or the file was cut off`], { cause: error });
  }
  const m = raw as Partial<ResultsManifest> | null;
  if (m === null || typeof m !== 'object' || typeof m.cnsim !== 'string' || !Array.isArray(m.files)) {
    throw new InputError(file, ['not a cnsim manifest (expected the fields cnsim and files): give a folder written by `cnsim run`']);
  }
  const format = m.resultsFormat === undefined ? 1 : m.resultsFormat;
  if (typeof format !== 'number' || !Number.isInteger(format) || format < 1) throw new InputError(file, [`resultsFormat: expected a whole number ≥ 1, got ${JSON.stringify(format)}`]);
  if (format > RESULTS_FORMAT) {
    throw new InputError(file, [`written by cnsim ${m.cnsim} in results format ${format}; this cnsim reads format ${RESULTS_FORMAT} and older: upgrade cnsim to draw it`]);
  }
  const names: string[] = [];
  for (const name of m.files as unknown[]) {
    // A file of the folder, or of one folder in it (the schedule exports: batsim/<centre>_jobs.csv, swf/<centre>.swf).
    if (typeof name !== 'string' || !/^[^/\\.][^/\\]*(\/[^/\\.][^/\\]*)?$/.test(name)) {
      throw new InputError(file, [`files: ${JSON.stringify(name)} is not a file name of a results folder`]);
    }
    names.push(name);
  }
  // Sizes are advice (the report draws an edited table as it is): a malformed record is ignored.
  const recorded = (m as { fileBytes?: unknown }).fileBytes;
  const fileBytes: Record<string, number> = {};
  if (recorded !== null && typeof recorded === 'object' && !Array.isArray(recorded)) {
    for (const name of names) {
      const bytes = (recorded as Record<string, unknown>)[name];
      if (Number.isSafeInteger(bytes) && (bytes as number) >= 0) fileBytes[name] = bytes as number;
    }
  }
  return {
    cnsim: m.cnsim,
    resultsFormat: format,
    scenario: typeof m.scenario === 'string' ? m.scenario : '',
    seed: typeof m.seed === 'number' ? m.seed : Number.NaN,
    jobs: typeof m.jobs === 'number' ? m.jobs : Number.NaN,
    files: names,
    fileBytes,
    options: typeof m.options === 'object' && m.options !== null ? m.options : {},
  };
}

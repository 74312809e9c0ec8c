import { availableParallelism } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type { Scenario } from '../model/scenario.js';
import { findDispatchPolicy, findQueuePolicy } from '../policies/registry.js';
import { buildReports, type Reports } from '../report/build-reports.js';
import { ManifestContent, scenarioHash } from '../report/manifest.js';
import { JOBS_COLUMNS } from '../report/columns.js';
import { CsvFileRows, rowSourceToCsv } from '../report/csv.js';
import { JobsParquet, ParquetRows } from '../report/jobs-parquet.js';
import { CellRowWriter, type JobRowWriter, RunTally } from '../report/run-tally.js';
import { jobRowNames } from '../report/jobs-table.js';
import { ThreadedJobRows } from '../report/threaded-job-rows.js';
import { sourceWarningsCsv } from '../report/source-warnings.js';
import { type ResultContent, ResultsFolder } from '../report/write-results.js';
import { type PolicyResolver, type RunOptions, type RunResult, Simulation } from '../sim/simulation.js';
import { buildJobs } from '../workload/build-jobs.js';
import { openJobStream, type OpenJobStream } from './generation-thread.js';
import { tuneHeap } from './heap-tuning.js';
import { CNSIM_VERSION, RESULTS_FORMAT } from './version.js';
import { closeDecisionProcesses, withExternalPolicies } from '../external/external-policies.js';
import { closeExports, type ExportFormat, openExports, type ScheduleExport } from '../report/schedule-export.js';

/** The built-in policies, as a run resolves them. */
export const BUILTIN_POLICIES: PolicyResolver = withExternalPolicies({ queue: findQueuePolicy, dispatch: findDispatchPolicy });

/** A finished run with its reports. */
export interface RunOutput {
  readonly result: RunResult;
  readonly reports: Reports;
  /** Wall-clock seconds spent in the simulation itself (job generation and event loop). */
  readonly simulationWallS: number;
}

/**
 * Runs a validated scenario and builds its reports (no files written), keeping every job in
 * memory ({@link RunResult.jobs}, and jobs.csv as one of the tables): for tests, tools and small
 * runs. {@link runToFolder} streams instead.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}, policies: PolicyResolver = BUILTIN_POLICIES): RunOutput {
  tuneHeap();
  const seed = options.seed ?? scenario.seed;
  const startNs = process.hrtime.bigint();
  const jobs = buildJobs(scenario, seed);
  let result: RunResult;
  try {
    result = new Simulation(scenario, jobs, policies, { ...options, seed }).run();
  } finally {
    closeDecisionProcesses();
  }
  const simulationWallS = Number(process.hrtime.bigint() - startNs) / 1e9;
  return { result, reports: buildReports(result), simulationWallS };
}

/**
 * Runs a validated scenario streaming its jobs: drawn as they arrive, tallied and written to
 * `rows` (jobs.csv or jobs.parquet; null: none) as they leave, then forgotten. Memory follows
 * the jobs in the system. The reports hold every table but jobs.csv, which `rows` has.
 */
export function runStreamed(
  scenario: Scenario,
  rows: JobRowWriter | null,
  options: RunOptions = {},
  policies: PolicyResolver = BUILTIN_POLICIES,
  more: {
    readonly samplesInMemory?: number;
    readonly exports?: readonly ScheduleExport[];
    /** Draw the Poisson jobs on a thread of their own (same jobs); default: see generation-thread.ts's drawThreadByDefault. */
    readonly drawThread?: boolean;
  } = {},
): RunOutput {
  tuneHeap();
  const seed = options.seed ?? scenario.seed;
  const exports = more.exports ?? [];
  const startNs = process.hrtime.bigint();
  const tally = new RunTally(scenario, rows, false, more.samplesInMemory, exports);
  let jobs: OpenJobStream | null = null;
  try {
    // Opening reads each source's first job (a wait for the drawing thread): inside the try.
    jobs = openJobStream(scenario, seed, more.drawThread);
    const result = new Simulation(scenario, jobs.stream, policies, { ...options, seed, sink: tally }).run();
    rows?.close();
    closeExports(exports);
    const simulationWallS = Number(process.hrtime.bigint() - startNs) / 1e9;
    return { result, reports: buildReports(result, tally), simulationWallS };
  } finally {
    // The quantiles are built (or the run failed): a long run's temporary files go now, and
    // external decision processes end; the drawing thread stops if the run failed.
    jobs?.close();
    closeDecisionProcesses();
    tally.tally.closeSamples();
  }
}

/** How a run writes its per-job table: jobs.csv, jobs.parquet, or not at all (aggregates only). */
export type JobsFormat = 'csv' | 'parquet' | 'none';
export const JOBS_FORMATS: readonly JobsFormat[] = ['csv', 'parquet', 'none'];

/** What a results folder records of how it was made, besides the run itself. */
export interface ResultExtra {
  readonly scenarioFile: string;
  readonly options: Record<string, unknown>;
  /** Default `csv`. */
  readonly jobsFormat?: JobsFormat;
  /** More files for the folder (a sweep's run.json, a replay's warnings.csv and metrics.csv), listed in the manifest. */
  readonly extraFiles?: ReadonlyMap<string, string>;
}

/** The file a run's per-job table goes to in a results folder (none for `none`). */
export function jobsFileName(format: JobsFormat): string | null {
  return format === 'csv' ? JOBS_COLUMNS.file : format === 'parquet' ? 'jobs.parquet' : null;
}

/**
 * The files of a results folder: the CSV tables and `manifest.json` (jobs.csv as text; jobs.parquet
 * is not text). `written`: files already in the folder (listed in the manifest, without a size).
 */
export function resultFiles(output: RunOutput, extra: ResultExtra, written: readonly string[] = []): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, content] of resultContents(output, extra, written)) {
    if (typeof content === 'string') files.set(name, content);
    // Sized from the texts; a file that is not text here (jobs.parquet, `written`) is listed without a size.
    else if (content instanceof ManifestContent) files.set(name, content.text((file) => (files.has(file) ? Buffer.byteLength(files.get(file) as string) : undefined)));
    else if (!('writeFile' in content)) files.set(name, rowSourceToCsv(content));
  }
  return files;
}

/**
 * The files of a results folder as {@link writeResultsFolder} takes them: the tables as tables
 * (streamed to their files, never rendered as one string), `manifest.json` last, sizing the
 * files written before it.
 */
export function resultContents(output: RunOutput, extra: ResultExtra, written: readonly string[] = []): Map<string, ResultContent> {
  const files = new Map<string, ResultContent>();
  const jobsFormat = extra.jobsFormat ?? 'csv';
  // A streamed run has written its jobs file (and its exports) already: listed first, where jobs.csv always was.
  for (const table of output.reports.tables) {
    if (table.file !== 'jobs.csv' || jobsFormat === 'csv') files.set(table.file, table);
    else if (jobsFormat === 'parquet') files.set('jobs.parquet', new JobsParquet(table));
  }
  const { result } = output;
  const warnings = sourceWarningsCsv(result.scenario);
  if (warnings !== null) files.set('warnings.csv', warnings);
  for (const [name, text] of extra.extraFiles ?? []) files.set(name, text);
  files.set(
    'manifest.json',
    new ManifestContent(
      {
        cnsim: CNSIM_VERSION,
        resultsFormat: RESULTS_FORMAT,
        scenario: result.scenario.name,
        scenarioFile: extra.scenarioFile,
        scenarioSha256: scenarioHash(result.scenario),
        seed: result.seed,
        // The jobs format changes which files there are, not what they say: recorded only when not the default.
        options: jobsFormat === 'csv' ? extra.options : { ...extra.options, jobsFormat },
        jobs: result.jobCount,
        events: result.events,
        simulatedEndS: result.endS,
        dispatch: { policy: result.scenario.dispatch.policy, module: result.scenario.dispatch.module },
        refusals: result.refusals,
        rejections: Object.fromEntries([...result.rejections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      },
      [...written, ...files.keys()],
      {
        // Everything below depends on the machine and the moment, not on the scenario.
        wallClock: {
          simulationS: Math.round(output.simulationWallS * 1000) / 1000,
          finishedAt: new Date().toISOString(),
          node: process.version,
          platform: `${process.platform}-${process.arch}`,
        },
      },
    ),
  );
  return files;
}

/** Whether a run writes its jobs file on a thread of its own unless told. */
function writerThreadByDefault(): boolean {
  return isMainThread && availableParallelism() > 1;
}

/** Where a streamed run's rows go: a writer on this thread, or on a thread of its own. */
function jobRowWriter(scenario: Scenario, format: 'csv' | 'parquet', path: string, header: readonly string[], threaded: boolean): JobRowWriter {
  const names = jobRowNames(scenario);
  if (threaded) return new ThreadedJobRows(format, path, header, names);
  return new CellRowWriter(names, format === 'csv' ? new CsvFileRows(path, header) : new ParquetRows(path, header));
}

/**
 * Runs a scenario streamed ({@link runStreamed}) into a results folder written atomically: the
 * jobs file fills in a temporary folder while the run goes, and the folder replaces `outDir`
 * only when everything is written; nothing is left when the run fails (a bad plug-in, an
 * invalid decision, a full disk).
 * @param recorded what the manifest records as the run's options (default: `options` without callbacks)
 */
export function runToFolder(
  scenario: Scenario,
  scenarioFile: string,
  outDir: string,
  options: RunOptions = {},
  policies: PolicyResolver = BUILTIN_POLICIES,
  jobsFormat: JobsFormat = 'csv',
  more: {
    readonly recorded?: Record<string, unknown>;
    readonly extraFiles?: ReadonlyMap<string, string>;
    readonly samplesInMemory?: number;
    /** Schedule exports (`--export`): each centre's schedule in Batsim's or the SWF layout. */
    readonly exports?: readonly ExportFormat[];
    /**
     * Write the jobs file on a thread of its own (same bytes); default: on a machine with more
     * than one core, unless this is already a worker thread (a sweep's runs use the cores).
     */
    readonly writerThread?: boolean;
    /** Draw the Poisson jobs on a thread of their own (same jobs); default: see generation-thread.ts's drawThreadByDefault. */
    readonly drawThread?: boolean;
  } = {},
): RunOutput {
  const folder = new ResultsFolder(outDir);
  let rows: JobRowWriter | null = null;
  let exports: readonly ScheduleExport[] = [];
  try {
    const jobsFile = jobsFileName(jobsFormat);
    const header = JOBS_COLUMNS.columns.map((col) => col.name);
    rows = jobsFormat === 'none' ? null : jobRowWriter(scenario, jobsFormat, folder.path(jobsFile as string), header, more.writerThread ?? writerThreadByDefault());
    const formats = more.exports ?? [];
    exports = openExports(formats, { scenario, seed: options.seed ?? scenario.seed, version: CNSIM_VERSION, pathOf: (name) => folder.path(name) });
    // Batsim's table names each job's nodes: the run places jobs on node ids only then.
    const placement = formats.includes('batsim') || options.placement === true;
    const output = runStreamed(scenario, rows, placement ? { ...options, placement } : options, policies, {
      ...(more.samplesInMemory === undefined ? {} : { samplesInMemory: more.samplesInMemory }),
      exports,
      ...(more.drawThread === undefined ? {} : { drawThread: more.drawThread }),
    });
    rows = null;
    const { onProgress: _progress, progressEvery: _every, sink: _sink, placement: _placement, ...recorded } = options;
    const exported = exports.flatMap((e) => e.files);
    const written = jobsFile === null ? exported : [jobsFile, ...exported];
    folder.write(
      resultContents(
        output,
        { scenarioFile, options: formats.length === 0 ? (more.recorded ?? recorded) : { ...(more.recorded ?? recorded), export: [...new Set(formats)] }, jobsFormat, ...(more.extraFiles === undefined ? {} : { extraFiles: more.extraFiles }) },
        written,
      ),
    );
    folder.commit();
    return output;
  } catch (error) {
    rows?.abort();
    try {
      closeExports(exports);
    } catch {
      // The run has failed already (a full disk, say): that is the error to report.
    }
    folder.abort();
    throw error;
  }
}

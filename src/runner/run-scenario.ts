import type { Scenario } from '../model/scenario.js';
import { findDispatchPolicy, findQueuePolicy } from '../policies/registry.js';
import { buildReports, type Reports } from '../report/build-reports.js';
import { scenarioHash } from '../report/manifest.js';
import { rowSourceToCsv } from '../report/csv.js';
import { JobsParquet } from '../report/jobs-parquet.js';
import { type ResultContent, writeResultsFolder } from '../report/write-results.js';
import { type PolicyResolver, type RunOptions, type RunResult, Simulation } from '../sim/simulation.js';
import { buildJobs } from '../workload/build-jobs.js';
import { CNSIM_VERSION, RESULTS_FORMAT } from './version.js';

/** The built-in policies, as a run resolves them. */
export const BUILTIN_POLICIES: PolicyResolver = { queue: findQueuePolicy, dispatch: findDispatchPolicy };

/** A finished run with its reports. */
export interface RunOutput {
  readonly result: RunResult;
  readonly reports: Reports;
  /** Wall-clock seconds spent in the simulation itself (job generation and event loop). */
  readonly simulationWallS: number;
}

/** Runs a validated scenario and builds its reports (no files written). */
export function runScenario(scenario: Scenario, options: RunOptions = {}, policies: PolicyResolver = BUILTIN_POLICIES): RunOutput {
  const seed = options.seed ?? scenario.seed;
  const startNs = process.hrtime.bigint();
  const jobs = buildJobs(scenario, seed);
  const result = new Simulation(scenario, jobs, policies, { ...options, seed }).run();
  const simulationWallS = Number(process.hrtime.bigint() - startNs) / 1e9;
  return { result, reports: buildReports(result), simulationWallS };
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
}

/** The files of a results folder: the CSV tables and `manifest.json` (jobs.csv as text; jobs.parquet is not text). */
export function resultFiles(output: RunOutput, extra: ResultExtra): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, content] of resultContents(output, extra)) {
    if (typeof content === 'string') files.set(name, content);
    else if (!('writeFile' in content)) files.set(name, rowSourceToCsv(content));
  }
  return files;
}

/**
 * The files of a results folder as {@link writeResultsFolder} takes them: the tables as tables
 * (streamed to their files, never rendered as one string), `manifest.json` as text.
 */
export function resultContents(output: RunOutput, extra: ResultExtra): Map<string, ResultContent> {
  const files = new Map<string, ResultContent>();
  const jobsFormat = extra.jobsFormat ?? 'csv';
  for (const table of output.reports.tables) {
    if (table.file !== 'jobs.csv' || jobsFormat === 'csv') files.set(table.file, table);
    else if (jobsFormat === 'parquet') files.set('jobs.parquet', new JobsParquet(table));
  }
  const { result } = output;
  const manifest = {
    cnsim: CNSIM_VERSION,
    resultsFormat: RESULTS_FORMAT,
    scenario: result.scenario.name,
    scenarioFile: extra.scenarioFile,
    scenarioSha256: scenarioHash(result.scenario),
    seed: result.seed,
    // The jobs format changes which files there are, not what they say: recorded only when not the default.
    options: jobsFormat === 'csv' ? extra.options : { ...extra.options, jobsFormat },
    jobs: result.jobs.length,
    events: result.events,
    simulatedEndS: result.endS,
    dispatch: { policy: result.scenario.dispatch.policy, module: result.scenario.dispatch.module },
    refusals: result.refusals,
    rejections: Object.fromEntries([...result.rejections].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    files: [...files.keys()],
    // Everything below depends on the machine and the moment, not on the scenario.
    wallClock: {
      simulationS: Math.round(output.simulationWallS * 1000) / 1000,
      finishedAt: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
  };
  files.set('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  return files;
}

/**
 * Runs a scenario and writes its results folder atomically: nothing is written when the run
 * fails (a bad plug-in, an invalid decision).
 */
export function runToFolder(
  scenario: Scenario,
  scenarioFile: string,
  outDir: string,
  options: RunOptions = {},
  policies: PolicyResolver = BUILTIN_POLICIES,
  jobsFormat: JobsFormat = 'csv',
): RunOutput {
  const output = runScenario(scenario, options, policies);
  const { onProgress: _ignored, ...recorded } = options;
  writeResultsFolder(outDir, resultContents(output, { scenarioFile, options: recorded, jobsFormat }));
  return output;
}

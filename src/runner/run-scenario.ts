import type { Scenario } from '../model/scenario.js';
import { findDispatchPolicy, findQueuePolicy } from '../policies/registry.js';
import { buildReports, type Reports } from '../report/build-reports.js';
import { scenarioHash } from '../report/manifest.js';
import { rowSourceToCsv } from '../report/csv.js';
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

/** The files of a results folder: the CSV tables and `manifest.json`. */
export function resultFiles(output: RunOutput, extra: { scenarioFile: string; options: Record<string, unknown> }): Map<string, string> {
  return new Map([...resultContents(output, extra)].map(([name, content]) => [name, typeof content === 'string' ? content : rowSourceToCsv(content)]));
}

/**
 * The files of a results folder as {@link writeResultsFolder} takes them: the tables as tables
 * (streamed to their files, never rendered as one string), `manifest.json` as text.
 */
export function resultContents(output: RunOutput, extra: { scenarioFile: string; options: Record<string, unknown> }): Map<string, ResultContent> {
  const files = new Map<string, ResultContent>();
  for (const table of output.reports.tables) files.set(table.file, table);
  const { result } = output;
  const manifest = {
    cnsim: CNSIM_VERSION,
    resultsFormat: RESULTS_FORMAT,
    scenario: result.scenario.name,
    scenarioFile: extra.scenarioFile,
    scenarioSha256: scenarioHash(result.scenario),
    seed: result.seed,
    options: extra.options,
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
): RunOutput {
  const output = runScenario(scenario, options, policies);
  const { onProgress: _ignored, ...recorded } = options;
  writeResultsFolder(outDir, resultContents(output, { scenarioFile, options: recorded }));
  return output;
}

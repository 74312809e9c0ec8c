/**
 * The piscina worker of `cnsim sweep`: one task = one whole run. It reads the scenario, applies
 * the run's overrides, loads its dispatch plug-in if it names one, runs it and writes `runs/<run-id>/` atomically, with `run.json` saying
 * which parameters produced it. A run that throws is returned as data (and recorded in its
 * folder), never thrown, so one bad run cannot take the pool down.
 */
import { resolvePolicies } from '../runner/load-plugin.js';
import { checkResources } from '../runner/resource-estimate.js';
import { type JobsFormat, runToFolder } from '../runner/run-scenario.js';
import { readScenarioSource, type ScenarioSource, scenarioFromSource } from '../scenario/load-scenario.js';
import type { Locator } from '../scenario/parse-scenario.js';
import type { Override } from '../scenario/overrides.js';
import { writeResultsFolder } from '../report/write-results.js';
import { failedRunFiles, RUN_RECORD_FILE, runRecordText } from './run-record.js';

/** What the main thread sends: plain structured-clone data. */
export interface SweepTask {
  readonly sweepName: string;
  readonly runId: string;
  readonly index: number;
  readonly scenarioFile: string;
  /** The scenario as the main thread read it ({@link SweepPlan.scenarioRaw}). */
  readonly scenarioRaw: unknown;
  readonly overrides: readonly Override[];
  readonly params: Readonly<Record<string, unknown>>;
  readonly paramsSha256: string;
  /** Absolute path of `runs/<run-id>/`. */
  readonly runDir: string;
  /** How the run writes its per-job table (default csv). */
  readonly jobsFormat?: JobsFormat;
  /** The job limit (default: `cnsim run`'s). */
  readonly maxJobs?: number;
}

/** What the worker answers: plain data; `error` is the message (the stack is in the run folder). */
export interface SweepTaskResult {
  readonly runId: string;
  readonly ok: boolean;
  readonly error: string;
  /** Wall-clock seconds of the task (reading, simulating, writing). */
  readonly wallS: number;
}

/**
 * Line and column of a scenario path, for error messages: the main thread sends the scenario
 * already parsed, so the YAML file is read here only if a run's scenario turns out invalid.
 * (Parsing it in every worker cost each one 0.1 s, and 0.2 s of compilation of the parser.)
 */
const locators = new Map<string, Locator>();
function lazyLocator(file: string): Locator {
  return (path) => {
    let locate = locators.get(file);
    if (locate === undefined) {
      try {
        locate = readScenarioSource(file).locate;
      } catch {
        // The file changed or went away since the sweep started: the problem itself still stands.
        locate = () => '';
      }
      locators.set(file, locate);
    }
    return locate(path);
  };
}

export default async function runSweepTask(task: SweepTask): Promise<SweepTaskResult> {
  const startNs = process.hrtime.bigint();
  const elapsedS = () => Number(process.hrtime.bigint() - startNs) / 1e9;
  try {
    const source: ScenarioSource = { file: task.scenarioFile, raw: task.scenarioRaw, locate: lazyLocator(task.scenarioFile) };
    const scenario = scenarioFromSource(source, task.overrides, 'sweep axis');
    // Refused before any job is drawn, as `cnsim run` refuses it: the job limit for this
    // combination of axis values (each value alone was checked when the sweep was read).
    checkResources(scenario, task.maxJobs);
    // A plug-in named by the scenario (or an axis) is imported here, once per worker: Node keeps the module.
    const policies = await resolvePolicies(scenario);
    runToFolder(scenario, task.scenarioFile, task.runDir, {}, policies, task.jobsFormat ?? 'csv', {
      recorded: { sweep: task.sweepName, runId: task.runId, params: task.params },
      extraFiles: new Map([[RUN_RECORD_FILE, runRecordText(task, 'ok', '')]]),
    });
    return { runId: task.runId, ok: true, error: '', wallS: elapsedS() };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const message = e.name === 'InputError' ? e.message : `${e.name}: ${e.message}`;
    writeResultsFolder(task.runDir, failedRunFiles(task, message, e));
    return { runId: task.runId, ok: false, error: message, wallS: elapsedS() };
  }
}

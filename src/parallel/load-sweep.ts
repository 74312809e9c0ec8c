import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import { canonicalJson } from '../report/manifest.js';
import { CNSIM_VERSION } from '../runner/version.js';
import { readScenarioSource, resolveScenarioPath, type ScenarioSource, scenarioFromSource } from '../scenario/load-scenario.js';
import { applyOverrides, type Override, parsePath } from '../scenario/overrides.js';
import { describeIssue, formatPath } from '../scenario/issue-messages.js';
import { sweepSchema } from '../scenario/sweep-schema.js';
import { axisValues, formatAxisValue } from './axis-values.js';
import { scenarioFingerprint } from './scenario-fingerprint.js';
import { checkResources } from '../runner/resource-estimate.js';
import { type ExpandedRun, expandRuns, type SweepAxis } from './expand-runs.js';

/** A planned run: its parameters, the overrides that produce it and their hash. */
export interface SweepRun extends ExpandedRun {
  /** `sweep.set` and `--set` first, then the run's axis values. */
  readonly overrides: readonly Override[];
  /**
   * sha256 of the cnsim version and the raw scenario after every override (the sweep block
   * left out). `--resume` reuses a finished run only when it still matches.
   */
  readonly paramsSha256: string;
}

/** A sweep ready to run: every run expanded and every axis value checked. */
export interface SweepPlan {
  readonly name: string;
  /** Absolute path of the sweep file (or the scenario holding the `sweep:` block). */
  readonly sweepFile: string;
  /** Absolute path of the scenario varied. */
  readonly scenarioFile: string;
  /**
   * The scenario as read (its `extends` composed, the sweep block left out), before overrides:
   * plain data, sent with every task so that workers do not parse the YAML again.
   */
  readonly scenarioRaw: unknown;
  readonly mode: 'grid' | 'zip';
  readonly axes: readonly SweepAxis[];
  /** Overrides applied to every run (`sweep.set`, then `--set`). */
  readonly set: readonly Override[];
  readonly runs: readonly SweepRun[];
  /** Identifies the list of runs (ids and parameter hashes): shards merge only with the same id. */
  readonly sweepId: string;
}

/** Most runs one sweep file may plan (each is planned and its axis values checked before any runs). */
export const MAX_SWEEP_RUNS = 20_000;

/**
 * Reads a sweep: a scenario with a `sweep:` block, or a sweep file whose `sweep.scenario` names
 * the scenario. Checks, before any run starts, that every axis path exists and that every axis
 * value alone gives a valid scenario, so a typo fails in a second rather than in every run.
 *
 * @param extraSet `--set` overrides, applied to every run after `sweep.set`
 * @throws InputError listing every problem (unknown path, empty axis, bad range or value, zip
 *   axes of different lengths)
 */
export function loadSweep(file: string, extraSet: readonly Override[] = [], maxJobs?: number): SweepPlan {
  const source = readScenarioSource(file);
  const raw = source.raw;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !('sweep' in raw)) {
    throw new InputError(source.file, ['no `sweep:` block: add one with `axes:` (see README.md, Sweeps), or run the scenario with `cnsim run`']);
  }
  const { sweep: rawSweep, ...rest } = raw as Record<string, unknown>;
  const at = (path: readonly PropertyKey[], message: string): string => {
    const where = source.locate(path);
    // An axis path is one key holding dots and brackets: quote it so it reads as one.
    const shown = path.length >= 3 && path[0] === 'sweep' && (path[1] === 'axes' || path[1] === 'set') ? `sweep.${String(path[1])}['${String(path[2])}']${formatPath(path.slice(3)).replace('(root)', '')}` : formatPath(path);
    return `${shown}${where === '' ? '' : ` (${where})`}: ${message}`;
  };
  const parsed = sweepSchema.safeParse(rawSweep, { reportInput: true });
  if (!parsed.success) {
    throw new InputError(
      source.file,
      parsed.error.issues.map((i) => at(['sweep', ...i.path], i.code === 'unrecognized_keys' ? `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')}` : describeIssue(i))),
    );
  }
  const sweep = parsed.data;
  const problems: string[] = [];

  // The base scenario, without any sweep block: `rest` has none; a named scenario may.
  let base: ScenarioSource;
  if (sweep.scenario !== undefined) {
    const others = Object.keys(rest);
    if (others.length > 0) {
      problems.push(at([others[0] as string], `a sweep file with sweep.scenario holds only \`sweep:\` (found ${others.map((k) => `'${k}'`).join(', ')}); put scenario changes in sweep.set`));
    }
    const besideSweep = resolve(dirname(source.file), sweep.scenario);
    const named = readScenarioSource(existsSync(besideSweep) ? besideSweep : resolveScenarioPath(sweep.scenario));
    base = { ...named, raw: withoutSweep(named.raw) };
  } else {
    base = { ...source, raw: rest };
  }

  const set: Override[] = [];
  for (const [path, value] of Object.entries(sweep.set)) {
    const problem = pathProblem(path);
    if (problem === null) set.push({ path, value });
    else problems.push(at(['sweep', 'set', path], problem));
  }
  set.push(...extraSet);
  // Where a fixed value came from, for a problem in it ("horizon (from sweep.set): ...").
  const setOrigin = extraSet.length === 0 ? 'sweep.set' : set.length === extraSet.length ? '--set' : 'sweep.set or --set';

  const axes: SweepAxis[] = [];
  const axisEntries = Object.entries(sweep.axes);
  if (axisEntries.length === 0) problems.push(at(['sweep', 'axes'], 'no axes: give at least one, e.g. seed: 1..5'));
  for (const [path, rawValues] of axisEntries) {
    const where = ['sweep', 'axes', path];
    const problem = pathProblem(path);
    if (problem !== null) {
      problems.push(at(where, problem));
      continue;
    }
    if (set.some((o) => o.path === path)) problems.push(at(where, `'${path}' is both an axis and a fixed value (sweep.set or --set); keep one`));
    const values = axisValues(rawValues);
    if (!values.ok) {
      problems.push(at(where, values.message));
      continue;
    }
    const seen = new Set<string>();
    for (const v of values.values) {
      const key = canonicalJson(v);
      if (seen.has(key)) problems.push(at(where, `value ${formatAxisValue(v)} appears twice`));
      seen.add(key);
    }
    axes.push({ path, values: values.values });
  }
  if (sweep.mode === 'zip' && axes.length > 1 && new Set(axes.map((a) => a.values.length)).size > 1) {
    problems.push(at(['sweep', 'mode'], `zip needs axes of equal length, got ${axes.map((a) => `${a.path}: ${a.values.length}`).join(', ')}`));
  }
  // Every run is planned, and every axis value checked, before the first run starts: a range such
  // as seed: 1..1000000 would spend minutes on that alone (0.6 ms a run) before doing anything.
  const runCount = sweep.mode === 'zip' ? Math.max(0, ...axes.map((a) => a.values.length)) : axes.reduce((product, a) => product * a.values.length, 1);
  if (runCount > MAX_SWEEP_RUNS) {
    problems.push(at(['sweep', 'axes'], `${runCount} runs, over the ${MAX_SWEEP_RUNS} one sweep file may plan: split it into several sweeps (e.g. seed ranges), each of which may still be sharded`));
  }
  if (problems.length > 0) throw new InputError(source.file, problems);

  // The fixed overrides must give a valid scenario; each axis value is then checked alone on
  // top of them (Σ axis lengths parses, not the product).
  let scenarioName: string;
  // A fixed setting may hold only with an axis (the timeout of the external policy an axis
  // chooses): valid with the first run's axis values, it is checked in that context, and so is
  // each axis value (with the other axes at their first values).
  const firstValues = axes.map((a) => ({ path: a.path, value: a.values[0] }));
  let context: typeof firstValues = [];
  try {
    let fixed: ReturnType<typeof scenarioFromSource>;
    try {
      fixed = scenarioFromSource(base, set, setOrigin);
    } catch (error) {
      if (!(error instanceof InputError) || axes.length === 0) throw error;
      try {
        fixed = scenarioFromSource(base, [...set, ...firstValues], 'sweep axis');
      } catch {
        throw error;
      }
      context = firstValues;
    }
    checkResources(fixed, maxJobs);
    scenarioName = fixed.name;
  } catch (error) {
    throw rephrase(error, source.file, 'with sweep.set and --set');
  }
  for (const axis of axes) {
    const reported = new Set<string>();
    const others = context.filter((c) => c.path !== axis.path);
    // Values written differently that mean the same (1h, 60min, 3600) would make one run twice.
    const seenScenarios = new Map<string, { value: unknown }>();
    for (const value of axis.values) {
      try {
        // Each run must also be able to end (a view refreshed every nanosecond never would), and
        // fit (the job limit of `cnsim run`); a combination of axes is checked by its worker.
        const scenario = scenarioFromSource(base, [...set, ...others, { path: axis.path, value }], 'sweep axis');
        checkResources(scenario, maxJobs);
        const fingerprint = scenarioFingerprint(scenario);
        const same = seenScenarios.get(fingerprint);
        if (same !== undefined) problems.push(at(['sweep', 'axes', axis.path], `values ${formatAxisValue(same.value)} and ${formatAxisValue(value)} give the same scenario (the same run twice): keep one`));
        else seenScenarios.set(fingerprint, { value });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        for (const p of error.problems) {
          const message = p.replace(/^--set [^:]*: /, '');
          if (reported.has(message)) continue;
          reported.add(message);
          problems.push(at(['sweep', 'axes', axis.path], `value ${formatAxisValue(value)}: ${message}`));
        }
      }
    }
  }
  if (problems.length > 0) throw new InputError(source.file, problems);

  const runs: SweepRun[] = expandRuns(axes, sweep.mode).map((run) => {
    const overrides = [...set, ...axes.map((a) => ({ path: a.path, value: run.params[a.path] }))];
    const { raw: runRaw } = applyOverrides(base.raw, overrides);
    const paramsSha256 = createHash('sha256').update(canonicalJson({ cnsim: CNSIM_VERSION, scenario: runRaw })).digest('hex');
    return { ...run, overrides, paramsSha256 };
  });
  const sweepId = createHash('sha256')
    .update(canonicalJson({ cnsim: CNSIM_VERSION, runs: runs.map((r) => [r.runId, r.paramsSha256]) }))
    .digest('hex')
    .slice(0, 16);
  return {
    name: sweep.name ?? scenarioName,
    sweepFile: source.file,
    scenarioFile: base.file,
    scenarioRaw: base.raw,
    mode: sweep.mode,
    axes,
    set,
    runs,
    sweepId,
  };
}

/** How sweep.json names the scenario: relative to the sweep file, so shards on other machines agree. */
export function scenarioReference(plan: SweepPlan): string {
  return plan.scenarioFile === plan.sweepFile ? basename(plan.sweepFile) : relative(dirname(plan.sweepFile), plan.scenarioFile);
}

function withoutSweep(raw: unknown): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const { sweep: _sweep, ...rest } = raw as Record<string, unknown>;
  return rest;
}

function pathProblem(path: string): string | null {
  try {
    parsePath(path);
    return null;
  } catch (error) {
    if (error instanceof InputError) return error.problems.join('; ');
    throw error;
  }
}

function rephrase(error: unknown, file: string, context: string): unknown {
  if (!(error instanceof InputError)) return error;
  return new InputError(file, error.problems.map((p) => `${context}: ${p.replace(/^--set /, '')}`), { cause: error });
}

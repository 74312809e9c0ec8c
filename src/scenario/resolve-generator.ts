/**
 * A `kind: poisson` source (a generator): its job classes resolved, the rate and shares scaled by
 * `demand`, the daily and weekly arrival profile (built-in, listed or read from a CSV column),
 * the runtime-estimate model; sites, datasets and the reach of a centre checked.
 */
import { resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { ArrivalProfile, Dataset, EstimateModel, JobClassSpec, WorkloadSource } from '../model/scenario.js';
import { tsafrirBins } from '../workload/estimates.js';
import { DAILY_PROFILES, normaliseProfile, WEEKLY_PROFILES } from '../workload/profiles.js';
import { readInputFile } from '../workload/read-input.js';
import type { At } from './issue-messages.js';
import { knownDatasets } from './resolve-datasets.js';
import { resolveJobClass } from './resolve-job-class.js';
import type { ScenarioInput } from './schema.js';

type PoissonInput = Extract<ScenarioInput['workload'][number], { kind: 'poisson' }>;

/** What resolving a generator needs from the scenario being resolved. */
export interface GeneratorContext {
  readonly baseDir: string;
  readonly horizonS: number;
  readonly datasets: ReadonlyMap<string, Dataset>;
  readonly at: At;
  readonly checkSite: (siteId: string, path: readonly PropertyKey[]) => boolean;
  readonly checkReach: (site: string, path: readonly PropertyKey[]) => void;
}

/** The generator `workload[i]`, named `name`; its problems reported, the source returned even so. */
export function resolvePoissonSource(w: PoissonInput, i: number, name: string, demand: ScenarioInput['demand'], ctx: GeneratorContext): WorkloadSource {
  const { baseDir, horizonS, datasets, at, checkSite, checkReach } = ctx;
  checkSite(w.origin, ['workload', i, 'origin']);
  if (w.dataSite !== undefined) checkSite(w.dataSite, ['workload', i, 'dataSite']);
  const endS = Math.min(w.end ?? horizonS, horizonS);

  if (!Number.isFinite(endS)) at(['workload', i, 'end'], 'a generator needs an end: set `end` here or a scenario `horizon`');
  const resolved = w.classes.map((c, j) => resolveJobClass(c, ['workload', i, 'classes', j], at));
  // demand.scale and demand.classScale: each class's rate (rate × share / Σ shares) is scaled.
  const classFactor = (c: JobClassSpec): number => (demand?.scale ?? 1) * (demand?.classScale[c.name] ?? 1);
  const totalShare = resolved.reduce((s, c) => s + c.share, 0);
  const scaledRate = resolved.reduce((s, c) => s + (w.rate * c.share * classFactor(c)) / totalShare, 0);
  const classes =
    demand === undefined ? resolved : resolved.map((c) => ({ ...c, share: c.share * classFactor(c), slackS: demand.classSlack[c.name] ?? c.slackS }));
  if (!(scaledRate > 0)) at(['demand'], `leaves workload[${i}] (${name}) with no demand: every class is scaled to 0`);
  const profile = w.daily === undefined && w.weekly === undefined && w.growth === 1 ? undefined : resolveProfile(w, baseDir, ['workload', i], at);
  const estimates = resolveEstimates(w.estimates);
  w.classes.forEach((c, j) =>
    c.datasets?.forEach((d, k) => {
      if (!datasets.has(d)) at(['workload', i, 'classes', j, 'datasets', k], `unknown dataset '${d}' (${knownDatasets(datasets)})`);
    }),
  );
  checkReach(w.origin, ['workload', i, 'origin']);
  if (w.dataSite !== undefined) checkReach(w.dataSite, ['workload', i, 'dataSite']);
  return {
    kind: 'poisson',
    name,
    origin: w.origin,
    dataSite: w.dataSite ?? w.origin,
    ratePerS: demand === undefined ? w.rate : scaledRate,
    startS: w.start,
    endS,
    classes,
    ...(profile === undefined ? {} : { profile }),
    ...(estimates === undefined ? {} : { estimates }),
  };
}

/** The daily and weekly weights of a source, each normalised to mean 1. */
function resolveProfile(w: PoissonInput, baseDir: string, path: readonly PropertyKey[], at: At): ArrivalProfile | undefined {
  const daily = resolveWeights(w.daily ?? 'flat', DAILY_PROFILES, 'daily', baseDir, [...path, 'daily'], at);
  const weekly = resolveWeights(w.weekly ?? 'flat', WEEKLY_PROFILES, 'weekly', baseDir, [...path, 'weekly'], at);
  if (weekly !== undefined && weekly.length !== 7) at([...path, 'weekly'], `expected 7 weights (Monday to Sunday), got ${weekly.length}`);
  if (daily === undefined || weekly === undefined) return undefined;
  return { daily, weekly, growth: w.growth };
}

/** Weights as a built-in profile name, a list, or a column of a CSV file; normalised (undefined on a problem). */
function resolveWeights(
  spec: NonNullable<PoissonInput['daily']>,
  builtins: Readonly<Record<string, () => readonly number[]>>,
  what: string,
  baseDir: string,
  path: readonly PropertyKey[],
  at: At,
): number[] | undefined {
  let weights: readonly number[];
  let source = '';
  if (typeof spec === 'string') {
    const builtin = builtins[spec];
    if (builtin === undefined) {
      at(path, `unknown ${what} profile '${spec}' (known: ${Object.keys(builtins).join(', ')}; or a list of weights, or {file, column})`);
      return undefined;
    }
    weights = builtin();
  } else if (Array.isArray(spec)) {
    weights = spec;
  } else {
    const file = resolve(baseDir, spec.file);
    source = `${file}: `;
    try {
      const rows = parseCsv(readInputFile(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, comment: '#' }) as Record<string, string>[];
      if (rows.length > 0 && !(spec.column in (rows[0] as Record<string, string>))) {
        at([...path, 'column'], `${source}no column '${spec.column}' (columns: ${Object.keys(rows[0] as Record<string, string>).join(', ')})`);
        return undefined;
      }
      weights = rows.map((r) => Number(r[spec.column]));
    } catch (error) {
      at([...path, 'file'], `cannot read '${file}': ${(error as Error).message}`);
      return undefined;
    }
  }
  const normalised = normaliseProfile(weights);
  if (typeof normalised === 'string') {
    at(path, `${source}${normalised}`);
    return undefined;
  }
  return normalised;
}

/** The runtime-estimate model of a source (none when not given). */
function resolveEstimates(e: PoissonInput['estimates']): EstimateModel | undefined {
  if (e === undefined) return undefined;
  if (e.model === 'tsafrir') return tsafrirBins(e.max, e.bins, e.maxShare);
  return { model: e.model };
}

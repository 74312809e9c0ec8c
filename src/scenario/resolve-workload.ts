/**
 * A scenario's workload: its sources in order (jobs CSV files, SWF traces, Batsim and sacct
 * traces, Poisson generators), each with a distinct name, its sites and datasets checked, jobs
 * past the horizon left out; then the `checkpoint` and `speeds` rows checked against the job
 * classes the sources give.
 */
import { resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import type { Dataset, WorkloadSource } from '../model/scenario.js';
import type { Site } from '../model/site.js';
import { readJobsCsv } from '../workload/jobs-csv.js';
import { type ConvertedSwf, convertSwf, traceJobSpec } from '../workload/swf-convert.js';
import { readSwf } from '../workload/swf.js';
import type { At } from './issue-messages.js';
import { knownDatasets } from './resolve-datasets.js';
import { resolvePoissonSource } from './resolve-generator.js';
import type { ScenarioInput } from './schema.js';
import { placeTraceJobs, resolveTraceSource, type SourceContext } from './trace-sources.js';

type WorkloadInput = ScenarioInput['workload'][number];

/** What resolving the sources needs from the scenario being resolved. */
export interface WorkloadContext extends SourceContext {
  readonly sites: ReadonlyMap<string, Site>;
  readonly datasets: ReadonlyMap<string, Dataset>;
  /** The known site ids, sorted, for messages. */
  readonly knownSites: () => string;
  /** Reports a known site that reaches no centre at `path`. */
  readonly checkReach: (site: string, path: readonly PropertyKey[]) => void;
}

/** The sources in the order given; `demand` keys checked first against the generators' classes. */
export function resolveWorkload(input: ScenarioInput, ctx: WorkloadContext): WorkloadSource[] {
  const { at } = ctx;
  for (const knob of ['classScale', 'classSlack'] as const) {
    for (const key of Object.keys(input.demand?.[knob] ?? {})) {
      if (!input.workload.some((x) => x.kind === 'poisson' && x.classes.some((c) => c.name === key))) {
        at(['demand', knob, key], `no generator class is named '${key}'`);
      }
    }
  }
  const names = new Set<string>();
  const claim = (name: string, i: number, hint: string): void => {
    if (names.has(name)) at(['workload', i, 'name'], `duplicate source name '${name}'${hint}`);
    names.add(name);
  };
  const workload: WorkloadSource[] = [];
  input.workload.forEach((w, i) => {
    let source: WorkloadSource | undefined;
    if (w.kind === 'jobs') {
      const name = w.name ?? `jobs/${w.file}`;
      claim(name, i, '');
      source = resolveJobsSource(w, i, name, ctx);
    } else if (w.kind === 'swf') {
      const name = w.name ?? `swf/${w.file}`;
      claim(name, i, '');
      source = resolveSwfSource(w, i, name, ctx);
    } else if (w.kind === 'batsim' || w.kind === 'sacct') {
      const name = w.name ?? `${w.kind}/${w.file}`;
      claim(name, i, '');
      source = resolveTraceSource(w, i, name, ctx);
    } else {
      const name = w.name ?? `poisson/${w.origin}`;
      claim(name, i, ' (give each source a distinct name)');
      source = resolvePoissonSource(w, i, name, input.demand, ctx);
    }
    if (source !== undefined) workload.push(source);
  });
  return workload;
}

/** A `kind: jobs` source: the CSV file's jobs, their sites and datasets checked; undefined when unreadable. */
function resolveJobsSource(w: Extract<WorkloadInput, { kind: 'jobs' }>, i: number, name: string, ctx: WorkloadContext): WorkloadSource | undefined {
  const { sites, datasets, at } = ctx;
  const path = resolve(ctx.baseDir, w.file);
  let jobs: JobSpec[] = [];
  try {
    jobs = readJobsCsv(path);
  } catch (error) {
    if (error instanceof InputError) {
      for (const problem of error.problems) at(['workload', i, 'file'], `${path}: ${problem}`);
    } else {
      at(['workload', i, 'file'], `cannot read '${path}': ${(error as Error).message}`);
    }
    return undefined;
  }
  // Each unknown site with the first job naming it (and in which column), to find it in the file.
  const unknown = new Map<string, string>();
  const unknownDatasets = new Set<string>();
  const resolved = jobs.map((job) => {
    if (!sites.has(job.origin) && !unknown.has(job.origin)) unknown.set(job.origin, `job ${job.id}, origin`);
    if (!sites.has(job.dataSite) && !unknown.has(job.dataSite)) unknown.set(job.dataSite, `job ${job.id}, data_site`);
    if (job.dataset === undefined) return job;
    const d = datasets.get(job.dataset);
    if (d === undefined) unknownDatasets.add(job.dataset);
    // The catalogue gives the input size of a job that names a dataset.
    return { ...job, inputBytes: d?.sizeBytes ?? 0 };
  });
  if (unknown.size > 0) {
    const named = [...unknown].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([site, first]) => `'${site}' (first: ${first})`);
    at(['workload', i, 'file'], `${path}: unknown site ids ${named.join(', ')} (known: ${ctx.knownSites()})`);
  }
  if (unknownDatasets.size > 0) {
    at(['workload', i, 'file'], `${path}: unknown datasets ${[...unknownDatasets].sort().map((s) => `'${s}'`).join(', ')} (${knownDatasets(datasets)})`);
  }
  for (const site of new Set(resolved.flatMap((j) => [j.origin, j.dataSite]))) ctx.checkReach(site, ['workload', i, 'file']);
  return { kind: 'jobs', name, jobs: resolved.filter((j) => j.submitS <= ctx.horizonS) };
}

/** A `kind: swf` source: the trace's jobs converted, scaled and shifted; undefined on any problem. */
function resolveSwfSource(w: Extract<WorkloadInput, { kind: 'swf' }>, i: number, name: string, ctx: WorkloadContext): WorkloadSource | undefined {
  const { checkSite, at } = ctx;
  const okOrigin = checkSite(w.origin, ['workload', i, 'origin']);
  const dataSite = w.dataSite ?? w.origin;
  const okData = w.dataSite === undefined || checkSite(w.dataSite, ['workload', i, 'dataSite']);
  const path = resolve(ctx.baseDir, w.file);
  let converted: ConvertedSwf;
  try {
    // Oversized jobs are the dispatcher's business here (rejected if no partition can run them).
    converted = convertSwf(readSwf(path), { conversion: 'cnsim', machineProcs: Number.POSITIVE_INFINITY, listChanges: false });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const problem of error.problems) at(['workload', i, 'file'], `${path}: ${problem}`);
    return undefined;
  }
  if (converted.jobs.length === 0) {
    // As for Batsim and sacct sources: a trace that gives no job is a wrong file, not an idle network.
    const skipped = converted.warnings.filter((x) => x.action === 'skipped');
    const why = skipped.slice(0, 5).map((x) => `line ${x.line} (${x.field}): ${x.reason}`);
    at(['workload', i, 'file'], `${path}: no job can run: ${skipped.length === 0 ? 'the trace has no job line' : `all ${skipped.length} job lines were skipped (${why.join('; ')}${skipped.length > 5 ? '; …' : ''})`}`);
    return undefined;
  }
  if (!okOrigin || !okData) return undefined;
  const jobs = placeTraceJobs(converted.jobs, w, ctx.horizonS, (job, submitS) => {
    const spec = traceJobSpec(job, { origin: w.origin, dataSite, jobClass: w.class, submitS });
    return w.sizeScale === 1 ? spec : { ...spec, cores: Math.max(1, Math.round(spec.cores * w.sizeScale)) };
  });
  const skipped = converted.warnings
    .filter((x) => x.action === 'skipped')
    .map(({ line, jobId, field, reason }) => ({ line, jobId, field, reason }));
  return { kind: 'swf', name, file: path, origin: w.origin, jobs, skipped, changed: converted.counts.changed };
}

/** Checkpoint and speed rows name job classes: a name no source uses (a typo) would silently do nothing. */
export function checkClassTables(input: ScenarioInput, workload: readonly WorkloadSource[], at: At): void {
  const classNames = new Set<string>();
  for (const w of workload) {
    if (w.kind === 'poisson') for (const c of w.classes) classNames.add(c.name);
    else for (const j of w.jobs) classNames.add(j.jobClass);
  }
  const knownClasses = (): string => `job classes: ${[...classNames].sort().join(', ') || 'none'}; '*' is every other class`;
  // Without sources of its own, the jobs come from the caller (the programmatic API): any class may appear.
  for (const table of workload.length === 0 ? [] : (['checkpoint', 'speeds'] as const)) {
    for (const key of Object.keys(input[table])) {
      if (key !== '*' && !classNames.has(key)) at([table, key], `no job class is named '${key}' (${knownClasses()})`);
    }
  }
}

import { resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import type { WorkloadSource } from '../model/scenario.js';
import { readBatsim } from '../workload/batsim-json.js';
import { readSacct } from '../workload/sacct.js';
import { traceJobSpec } from '../workload/swf-convert.js';
import type { ScenarioInput } from './schema.js';

type WorkloadInput = ScenarioInput['workload'][number];
type BatsimInput = Extract<WorkloadInput, { kind: 'batsim' }>;
type SacctInput = Extract<WorkloadInput, { kind: 'sacct' }>;

/** What resolving a source needs from the scenario being resolved. */
export interface SourceContext {
  readonly baseDir: string;
  readonly horizonS: number;
  /** Records a problem at a path of the scenario file. */
  readonly at: (path: readonly PropertyKey[], message: string) => void;
  /** Checks a site id (reporting an unknown one at `path`); true when it is known. */
  readonly checkSite: (siteId: string, path: readonly PropertyKey[]) => boolean;
}

/**
 * A `kind: batsim` or `kind: sacct` source as one region's demand: the file's jobs converted
 * (readBatsim, readSacct), the first N kept, submit × timeScale + offset, jobs past the horizon
 * left out; for Batsim, cores = resources × sizeScale (rounded, at least 1). Problems (file,
 * origin) are reported at the source's path; undefined when there were any.
 */
export function resolveTraceSource(w: BatsimInput | SacctInput, index: number, name: string, ctx: SourceContext): WorkloadSource | undefined {
  const path = resolve(ctx.baseDir, w.file);
  const okOrigin = ctx.checkSite(w.origin, ['workload', index, 'origin']);
  const okData = w.dataSite === undefined || ctx.checkSite(w.dataSite, ['workload', index, 'dataSite']);
  const dataSite = w.dataSite ?? w.origin;
  let converted: { jobs: readonly JobSpec[]; warnings: WorkloadSourceWarnings };
  try {
    converted = w.kind === 'batsim' ? batsimJobs(path, w, dataSite) : sacctJobs(path, w, dataSite);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    for (const problem of error.problems) ctx.at(['workload', index, 'file'], `${path}: ${problem}`);
    return undefined;
  }
  if (!okOrigin || !okData) return undefined;
  const jobs = placeTraceJobs(converted.jobs, w, ctx.horizonS, (job, submitS) => ({ ...job, submitS }));
  return { kind: w.kind, name, file: path, origin: w.origin, jobs, warnings: converted.warnings };
}

/**
 * A trace's jobs as a scenario takes them: its `first` jobs, their submit times scaled by
 * `timeScale` and shifted by `offset`, less those past the horizon; `make` builds each spec.
 */
export function placeTraceJobs<T extends { readonly submitS: number }>(
  jobs: readonly T[],
  w: { readonly first?: number | undefined; readonly timeScale: number; readonly offset: number },
  horizonS: number,
  make: (job: T, submitS: number) => JobSpec,
): JobSpec[] {
  const kept = w.first === undefined ? jobs : jobs.slice(0, w.first);
  const placed: JobSpec[] = [];
  for (const job of kept) {
    const submitS = job.submitS * w.timeScale + w.offset;
    if (submitS <= horizonS) placed.push(make(job, submitS));
  }
  return placed;
}

type WorkloadSourceWarnings = Extract<WorkloadSource, { kind: 'batsim' | 'sacct' }>['warnings'];

function batsimJobs(path: string, w: BatsimInput, dataSite: string): { jobs: JobSpec[]; warnings: WorkloadSourceWarnings } {
  const workload = readBatsim(path);
  const jobs = workload.jobs.map((job) => {
    const spec = traceJobSpec(job, { origin: w.origin, dataSite, jobClass: w.class, submitS: job.submitS });
    return w.sizeScale === 1 ? spec : { ...spec, cores: Math.max(1, Math.round(spec.cores * w.sizeScale)) };
  });
  return { jobs, warnings: workload.warnings };
}

function sacctJobs(path: string, w: SacctInput, dataSite: string): { jobs: JobSpec[]; warnings: WorkloadSourceWarnings } {
  const workload = readSacct(path, undefined, w.partitions === undefined ? {} : { partitions: w.partitions });
  const jobs = workload.jobs.map((job) => ({
    ...traceJobSpec(job, { origin: w.origin, dataSite, jobClass: w.classFromPartition && job.partition !== '' ? job.partition : w.class, submitS: job.submitS }),
    gpus: job.gpus,
  }));
  return { jobs, warnings: workload.warnings };
}

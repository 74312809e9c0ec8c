import { createRng, exponential, standardNormal, type Rng } from '../engine/rng.js';
import type { JobSpec } from '../model/job.js';
import type { JobClassSpec, WorkloadSource } from '../model/scenario.js';

type PoissonSource = Extract<WorkloadSource, { kind: 'poisson' }>;

/**
 * Jobs of a Poisson source: exponential inter-arrival times at `ratePerS` over [startS, endS),
 * each job of a class drawn by share. All draws come from the source's own stream
 * (`workload/<name>`), so other sources do not change it.
 *
 * Per class: cores and GPUs are powers of two drawn log-uniformly in [min, max]; the runtime is
 * lognormal (median, σ) capped at `runtimeMaxS`, at least 1 s; the requested walltime is
 * runtime × walltimeFactor rounded up to the next whole minute, as users round their requests.
 */
export function generatePoisson(source: PoissonSource, seed: number): JobSpec[] {
  const rng = createRng(seed, `workload/${source.name}`);
  const totalShare = source.classes.reduce((sum, c) => sum + c.share, 0);
  // Exponent ranges once per class, not once per job.
  const coreExponents = source.classes.map((c) => exponentRange(c.coresMin, c.coresMax));
  const gpuExponents = source.classes.map((c) => exponentRange(c.gpusMin, c.gpusMax));
  const constraints = source.classes.map(classConstraints);
  const jobs: JobSpec[] = [];
  const meanGapS = 1 / source.ratePerS;
  let t = source.startS;
  for (let n = 1; ; n++) {
    t += exponential(rng, meanGapS);
    if (t >= source.endS) break;
    const k = pickClass(rng, source.classes, totalShare);
    const jobClass = source.classes[k] as JobClassSpec;
    const runtimeS = Math.max(1, Math.min(jobClass.runtimeMaxS, jobClass.runtimeMedianS * Math.exp(jobClass.runtimeSigma * standardNormal(rng))));
    jobs.push({
      id: `${source.name}.${n}`,
      submitS: t,
      origin: source.origin,
      jobClass: jobClass.name,
      cores: powerOfTwo(rng, coreExponents[k] as ExponentRange),
      gpus: powerOfTwo(rng, gpuExponents[k] as ExponentRange),
      runtimeS,
      walltimeS: Math.ceil((runtimeS * jobClass.walltimeFactor) / 60) * 60,
      inputBytes: jobClass.inputBytes,
      outputBytes: jobClass.outputBytes,
      dataSite: source.dataSite,
      // Shared, frozen arrays: the constraints cost nothing per job.
      ...constraints[k],
    });
  }
  return jobs;
}

type Constraints = Pick<JobSpec, 'gpuModels' | 'minMemoryPerNodeBytes' | 'software'>;

/** The eligibility constraints of a class's jobs (only the keys the class sets). */
function classConstraints(c: JobClassSpec): Constraints {
  return {
    ...(c.gpuModels === undefined ? {} : { gpuModels: c.gpuModels }),
    ...(c.minMemoryPerNodeBytes === undefined ? {} : { minMemoryPerNodeBytes: c.minMemoryPerNodeBytes }),
    ...(c.software === undefined ? {} : { software: c.software }),
  };
}

function pickClass(rng: Rng, classes: readonly JobClassSpec[], totalShare: number): number {
  let u = rng.next() * totalShare;
  for (let k = 0; k < classes.length; k++) {
    u -= (classes[k] as JobClassSpec).share;
    if (u < 0) return k;
  }
  return classes.length - 1;
}

/** Exponents [lo, hi] of the powers of two in [min, max]; `none` when max is 0 (no GPUs). */
interface ExponentRange {
  readonly none: boolean;
  readonly lo: number;
  readonly hi: number;
}

function exponentRange(min: number, max: number): ExponentRange {
  const lo = Math.ceil(Math.log2(Math.max(1, min)));
  return { none: max <= 0, lo, hi: Math.max(lo, Math.floor(Math.log2(Math.max(1, max)))) };
}

/** A power of two drawn log-uniformly in the range; 0 for `none`. Always uses one draw. */
function powerOfTwo(rng: Rng, range: ExponentRange): number {
  const u = rng.next();
  if (range.none) return 0;
  return 2 ** (range.lo + Math.floor(u * (range.hi - range.lo + 1)));
}

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
  const jobs: JobSpec[] = [];
  const meanGapS = 1 / source.ratePerS;
  let t = source.startS;
  for (let n = 1; ; n++) {
    t += exponential(rng, meanGapS);
    if (t >= source.endS) break;
    const jobClass = pickClass(rng, source.classes, totalShare);
    const runtimeS = Math.max(1, Math.min(jobClass.runtimeMaxS, jobClass.runtimeMedianS * Math.exp(jobClass.runtimeSigma * standardNormal(rng))));
    jobs.push({
      id: `${source.name}.${n}`,
      submitS: t,
      origin: source.origin,
      jobClass: jobClass.name,
      cores: powerOfTwo(rng, jobClass.coresMin, jobClass.coresMax),
      gpus: powerOfTwo(rng, jobClass.gpusMin, jobClass.gpusMax),
      runtimeS,
      walltimeS: Math.ceil((runtimeS * jobClass.walltimeFactor) / 60) * 60,
      inputBytes: jobClass.inputBytes,
      outputBytes: jobClass.outputBytes,
      dataSite: source.dataSite,
    });
  }
  return jobs;
}

function pickClass(rng: Rng, classes: readonly JobClassSpec[], totalShare: number): JobClassSpec {
  let u = rng.next() * totalShare;
  for (const c of classes) {
    u -= c.share;
    if (u < 0) return c;
  }
  return classes[classes.length - 1] as JobClassSpec;
}

/** A power of two drawn log-uniformly in [min, max]; 0 when max is 0. Always uses one draw. */
function powerOfTwo(rng: Rng, min: number, max: number): number {
  const u = rng.next();
  if (max <= 0) return 0;
  const lo = Math.ceil(Math.log2(Math.max(1, min)));
  const hi = Math.floor(Math.log2(max));
  if (hi <= lo) return 2 ** lo;
  return 2 ** (lo + Math.floor(u * (hi - lo + 1)));
}


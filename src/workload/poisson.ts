import { createRng, exponential, standardNormal, type Rng } from '../engine/rng.js';
import type { JobSpec } from '../model/job.js';
import type { EstimateModel, JobClassSpec, WorkloadSource } from '../model/scenario.js';
import { ArrivalClock } from './arrival-clock.js';
import { drawTsafrirEstimateS } from './estimates.js';
import { lublinRuntimeS, lublinSize } from './lublin.js';
import { drainStream, type JobStream } from './job-stream.js';
import { smallInteger } from './small-integer.js';

export type PoissonSource = Extract<WorkloadSource, { kind: 'poisson' }>;

/**
 * Jobs of a Poisson source over [startS, endS), each job of a class drawn by share. All draws
 * come from the source's own stream (`workload/<name>`), so other sources do not change it.
 *
 * Arrivals: exponential gaps at `ratePerS`, or, with a profile, a non-homogeneous Poisson
 * process (daily and weekly weights, growth ramp; see {@link ArrivalClock}).
 *
 * Per class: `model: lublin` draws the size and runtime from the Lublin–Feitelson model
 * (see lublin.ts). Otherwise cores and GPUs are powers of two drawn log-uniformly in [min, max]
 * (cores = GPUs × coresPerGpu when that is set); the runtime is lognormal (median, σ) capped at
 * `runtimeMaxS`, at least 1 s. The requested walltime follows the source's estimate model: by
 * default runtime × walltimeFactor rounded up to the next whole minute, as users round their
 * requests.
 */
export function generatePoisson(source: PoissonSource, seed: number, datasetSizes: ReadonlyMap<string, number> = new Map()): JobSpec[] {
  return drainStream(new PoissonStream(source, seed, datasetSizes));
}

/**
 * The jobs of a Poisson source one at a time (see {@link generatePoisson}): a run draws each job
 * when the previous one arrives, so a year of demand is never held as one array of specs.
 * The draws ({@link PoissonDraws}) and the spec built from them ({@link PoissonSpecs}) are
 * apart so that a long run can draw on another thread and build here (runner/generation-thread.ts).
 */
export class PoissonStream implements JobStream {
  private readonly draws: PoissonDraws;
  private readonly specs: PoissonSpecs;
  private readonly scratch = new Float64Array(DRAW_DOUBLES);

  constructor(source: PoissonSource, seed: number, datasetSizes: ReadonlyMap<string, number> = new Map()) {
    this.draws = new PoissonDraws(source, seed);
    this.specs = new PoissonSpecs(source, datasetSizes);
  }

  next(): JobSpec | undefined {
    return this.draws.drawInto(this.scratch, 0) ? this.specs.build(this.scratch, 0) : undefined;
  }
}

/**
 * Doubles one job's draws take in a buffer, at offsets {@link DRAW}: its submit time, class,
 * dataset (a position in the class's list, -1 for none), runtime, cores, GPUs and walltime.
 */
export const DRAW_DOUBLES = 7;
export const DRAW = { submitS: 0, jobClass: 1, dataset: 2, runtimeS: 3, cores: 4, gpus: 5, walltimeS: 6 } as const;

/** The random draws of a Poisson source's jobs, in order, as numbers (no object per job). */
export class PoissonDraws {
  private readonly rng: Rng;
  private readonly totalShare: number;
  // Exponent ranges once per class, not once per job.
  private readonly coreExponents: readonly ExponentRange[];
  private readonly gpuExponents: readonly ExponentRange[];
  private readonly clock: ArrivalClock | null;
  private readonly estimates: EstimateModel;
  private readonly meanGapS: number;
  private t: number;
  private ended = false;

  constructor(
    private readonly source: PoissonSource,
    seed: number,
  ) {
    this.rng = createRng(seed, `workload/${source.name}`);
    this.totalShare = source.classes.reduce((sum, c) => sum + c.share, 0);
    this.coreExponents = source.classes.map((c) => exponentRange(c.coresMin, c.coresMax));
    this.gpuExponents = source.classes.map((c) => exponentRange(c.gpusMin, c.gpusMax));
    this.clock = source.profile === undefined ? null : new ArrivalClock(source.profile, source.ratePerS, source.startS, source.endS);
    this.estimates = source.estimates ?? { model: 'factor' };
    this.meanGapS = 1 / source.ratePerS;
    this.t = source.startS;
  }

  /** Draws the next job into `out[at, at + DRAW_DOUBLES)`; false once the source has no more. */
  drawInto(out: Float64Array, at: number): boolean {
    if (this.ended) return false;
    const { source, rng, clock } = this;
    const t = clock === null ? this.t + exponential(rng, this.meanGapS) : clock.next(this.t, exponential(rng, 1));
    this.t = t;
    if (t >= source.endS) {
      this.ended = true;
      return false;
    }
    const k = pickClass(rng, source.classes, this.totalShare);
    const jobClass = source.classes[k] as JobClassSpec;
    // Only classes with datasets draw one, so adding datasets to a class leaves the other classes' jobs unchanged.
    const dataset = jobClass.datasets === undefined || jobClass.datasets.length === 0 ? -1 : Math.floor(rng.next() * jobClass.datasets.length);
    let runtimeS: number;
    let cores: number;
    let gpus: number;
    if (jobClass.lublin !== undefined) {
      const size = lublinSize(rng, jobClass.lublin);
      runtimeS = lublinRuntimeS(rng, jobClass.lublin, size);
      cores = size * jobClass.lublin.coresPerProcessor;
      gpus = 0;
    } else {
      runtimeS = Math.max(1, Math.min(jobClass.runtimeMaxS, jobClass.runtimeMedianS * Math.exp(jobClass.runtimeSigma * standardNormal(rng))));
      cores = powerOfTwo(rng, this.coreExponents[k] as ExponentRange);
      gpus = powerOfTwo(rng, this.gpuExponents[k] as ExponentRange);
      if (jobClass.coresPerGpu > 0 && gpus > 0) cores = gpus * jobClass.coresPerGpu;
    }
    const estimates = this.estimates;
    const walltimeS =
      estimates.model === 'factor'
        ? Math.ceil((runtimeS * jobClass.walltimeFactor) / 60) * 60
        : estimates.model === 'exact'
          ? runtimeS
          : drawTsafrirEstimateS(rng, estimates, runtimeS);
    out[at + DRAW.submitS] = t;
    out[at + DRAW.jobClass] = k;
    out[at + DRAW.dataset] = dataset;
    out[at + DRAW.runtimeS] = runtimeS;
    out[at + DRAW.cores] = cores;
    out[at + DRAW.gpus] = gpus;
    out[at + DRAW.walltimeS] = walltimeS;
    return true;
  }
}

/** The job specs of a Poisson source, built from its draws in order (the ids count them). */
export class PoissonSpecs {
  private readonly constraints: readonly Constraints[];
  /**
   * `<source>.`, made once: a job's id is then one concatenation, where the template made the
   * prefix again for every job (a string of its own that lived as long as the job).
   */
  private readonly idPrefix: string;
  private n = 0;

  constructor(
    private readonly source: PoissonSource,
    private readonly datasetSizes: ReadonlyMap<string, number> = new Map(),
  ) {
    this.constraints = source.classes.map(classConstraints);
    this.idPrefix = `${source.name}.`;
  }

  /** The spec of the job whose draws are at `draws[at, at + DRAW_DOUBLES)`. */
  build(draws: Float64Array, at: number): JobSpec {
    const source = this.source;
    const n = ++this.n;
    const k = draws[at + DRAW.jobClass] as number;
    const jobClass = source.classes[k] as JobClassSpec;
    const d = draws[at + DRAW.dataset] as number;
    const dataset = d < 0 ? undefined : ((jobClass.datasets as readonly string[])[d] as string);
    const constraints = this.constraints[k] as Constraints;
    // One object literal, which V8 builds from a boilerplate; a job with a dataset, slack or
    // constraints (none in national-2025) then takes those keys in a copy of its own, since
    // every spread is a copy at run time even when it is empty.
    const spec: JobSpec = {
      id: this.idPrefix + n,
      submitS: draws[at + DRAW.submitS] as number,
      origin: source.origin,
      jobClass: jobClass.name,
      // Whole numbers as small integers, not boxed doubles (see smallInteger).
      cores: smallInteger(draws[at + DRAW.cores] as number),
      gpus: smallInteger(draws[at + DRAW.gpus] as number),
      runtimeS: draws[at + DRAW.runtimeS] as number,
      walltimeS: smallInteger(draws[at + DRAW.walltimeS] as number),
      inputBytes: jobClass.inputBytes,
      outputBytes: jobClass.outputBytes,
      dataSite: source.dataSite,
      deadlineS: jobClass.deadlineS,
      maxLatencyS: jobClass.maxLatencyS,
    };
    if (dataset === undefined && !(jobClass.slackS > 0) && constraints === NO_CONSTRAINTS) return spec;
    return withOptionalKeys(spec, jobClass, dataset, dataset === undefined ? jobClass.inputBytes : (this.datasetSizes.get(dataset) ?? 0), constraints);
  }
}

/**
 * A spec with the keys only some jobs have, in the order specs always had them: `dataset` after
 * `dataSite`, `slackS` after `deadlineS`, the constraints last (shared, frozen arrays: they cost
 * nothing per job). `inputBytes` keeps its place and takes the dataset's size.
 */
function withOptionalKeys(spec: JobSpec, jobClass: JobClassSpec, dataset: string | undefined, inputBytes: number, constraints: Constraints): JobSpec {
  const { deadlineS: _deadline, maxLatencyS: _latency, ...head } = spec;
  return {
    ...head,
    inputBytes,
    ...(dataset === undefined ? {} : { dataset }),
    deadlineS: jobClass.deadlineS,
    ...(jobClass.slackS > 0 ? { slackS: jobClass.slackS } : {}),
    maxLatencyS: jobClass.maxLatencyS,
    ...constraints,
  };
}

type Constraints = Pick<JobSpec, 'gpuModels' | 'minMemoryPerNodeBytes' | 'software'>;

/** The constraints of a class that sets none (compared by identity: such jobs take the literal path). */
const NO_CONSTRAINTS: Constraints = Object.freeze({});

/** The eligibility constraints of a class's jobs (only the keys the class sets). */
function classConstraints(c: JobClassSpec): Constraints {
  if (c.gpuModels === undefined && c.minMemoryPerNodeBytes === undefined && c.software === undefined) return NO_CONSTRAINTS;
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
  const exponent = range.lo + Math.floor(u * (range.hi - range.lo + 1));
  // A shift where it is exact (the same value as 2 ** exponent): Math.pow is a call into C.
  return exponent < 31 ? 1 << exponent : 2 ** exponent;
}

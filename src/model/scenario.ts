import type { Centre, PolicyRef } from './centre.js';
import type { JobSpec } from './job.js';
import type { Link } from './link.js';
import type { NetworkModel } from './network-model.js';
import type { Region, Site } from './site.js';

/** Parameters of the Lublin–Feitelson (2003) rigid-job model (sizes in model processors). */
export interface LublinParams {
  readonly serialProb: number;
  readonly pow2Prob: number;
  readonly uLow: number;
  readonly uMed: number;
  readonly uHi: number;
  readonly uProb: number;
  readonly a1: number;
  readonly b1: number;
  readonly a2: number;
  readonly b2: number;
  readonly pa: number;
  readonly pb: number;
  readonly maxLogRuntime: number;
  readonly coresPerProcessor: number;
}

/** Job class parameters of a Poisson generator (normalised, SI units). */
export interface JobClassSpec {
  readonly name: string;
  /** `custom` (lognormal runtime, log-uniform sizes), `lublin`, or a preset (`ai-training`, `ai-inference`, `analytics`: custom with documented defaults). */
  readonly model: 'custom' | 'lublin' | 'ai-training' | 'ai-inference' | 'analytics';
  readonly share: number;
  readonly coresMin: number;
  readonly coresMax: number;
  readonly gpusMin: number;
  readonly gpusMax: number;
  readonly runtimeMedianS: number;
  readonly runtimeSigma: number;
  readonly runtimeMaxS: number;
  readonly walltimeFactor: number;
  readonly inputBytes: number;
  readonly outputBytes: number;
  /** Datasets (catalogue ids) the jobs read, one drawn uniformly per job; empty = `inputBytes` from the data site. */
  readonly datasets?: readonly string[];
  /** Cores = GPUs × this when > 0 (instead of drawing cores). */
  readonly coresPerGpu: number;
  /** Response-time target in seconds (Infinity = none). */
  readonly deadlineS: number;
  /** Temporal-shifting slack of every job of the class, seconds (0 = none). */
  readonly slackS: number;
  /** Longest one-way route latency allowed between the origin and the centre, in seconds (Infinity = any). */
  readonly maxLatencyS: number;
  /** Present for `model: lublin`. */
  readonly lublin?: LublinParams;
  /** Eligibility constraints copied to every job of the class (see {@link JobSpec}). */
  readonly gpuModels?: readonly string[];
  readonly minMemoryPerNodeBytes?: number;
  readonly software?: readonly string[];
}

/** Arrival-rate profile of a generator: relative rates, each list normalised to mean 1. */
export interface ArrivalProfile {
  /** Rates for equal slices of the day, from 00:00 (time 0 is midnight). */
  readonly daily: readonly number[];
  /** Rates for the 7 days of the week, from Monday (time 0 is a Monday). */
  readonly weekly: readonly number[];
  /** Rate at the source's end ÷ rate at its start (linear ramp). */
  readonly growth: number;
}

/** User runtime estimates: how a job's requested walltime relates to its runtime. */
export type EstimateModel =
  | { readonly model: 'factor' }
  | { readonly model: 'exact' }
  | {
      readonly model: 'tsafrir';
      /** Estimate values in seconds, ascending; the last one is the system maximum. */
      readonly valuesS: readonly number[];
      /** Popularity of each value (sums to 1). */
      readonly shares: readonly number[];
    };

/** A job a trace source's conversion skipped (not simulated) or changed (a value derived or assumed). */
export interface SourceWarning {
  /** 1-based line of the job in the file. */
  readonly line: number;
  readonly jobId: string;
  readonly action: 'skipped' | 'changed' | 'clamped' | 'dropped';
  /** The field concerned, named as in the file's format. */
  readonly field: string;
  readonly reason: string;
}

/** One workload source of a scenario. */
export type WorkloadSource =
  | { readonly kind: 'jobs'; readonly name: string; readonly jobs: readonly JobSpec[] }
  | {
      /** An SWF trace as one region's demand (DESIGN §4 conversion). */
      readonly kind: 'swf';
      readonly name: string;
      /** Absolute path of the trace. */
      readonly file: string;
      readonly origin: string;
      /** The converted jobs (id = SWF job number, cores = processors), submit times shifted by the source offset. */
      readonly jobs: readonly JobSpec[];
      /** Jobs the conversion skipped (not simulated), each with its line and reason. */
      readonly skipped: readonly { readonly line: number; readonly jobId: string; readonly field: string; readonly reason: string }[];
      /** Number of jobs whose values were derived (walltime from run time, processors from field 8). */
      readonly changed: number;
    }
  | {
      /** A Batsim JSON workload or Slurm sacct output as one region's demand (readBatsim, readSacct). */
      readonly kind: 'batsim' | 'sacct';
      readonly name: string;
      /** Absolute path of the file. */
      readonly file: string;
      readonly origin: string;
      /** The converted jobs (id = the file's job id), submit times scaled and shifted. */
      readonly jobs: readonly JobSpec[];
      /** Every job the conversion skipped or changed, with its line and reason (the run's warnings.csv). */
      readonly warnings: readonly SourceWarning[];
    }
  | {
      readonly kind: 'poisson';
      readonly name: string;
      readonly origin: string;
      readonly dataSite: string;
      readonly ratePerS: number;
      readonly startS: number;
      readonly endS: number;
      readonly classes: readonly JobClassSpec[];
      /** Time-varying rate; absent = constant rate (a homogeneous Poisson process). */
      readonly profile?: ArrivalProfile;
      /** Absent = each class's walltimeFactor. */
      readonly estimates?: EstimateModel;
    };

/** Dispatcher settings. */
export interface DispatchSpec extends PolicyRef {
  /**
   * Absolute path of a plug-in module exporting the dispatch policy, or '' for a built-in
   * (`policy` names it). With a module, `policy` is '' until the runner loads it.
   */
  readonly module: string;
  /** Decide every this many seconds for all jobs ready since (0 = each job when it is ready). */
  readonly batchIntervalS: number;
  /**
   * Whether the view counts the jobs this dispatcher sent since the view was taken (true), or
   * shows the centres exactly as last reported (false: a stale view can make policies herd).
   */
  readonly countOwnDecisions: boolean;
  /** A job refused by a full queue is dispatched again after this many seconds (0 = rejected at once). */
  readonly retryBackoffS: number;
  /** Dispatch attempts of a job refused by full queues before it is rejected. */
  readonly maxAttempts: number;
  /** Delay between a submission and the dispatch decision, in seconds. */
  readonly latencyS: number;
  /** The view of centre state is refreshed every this many seconds (0 = live view). */
  readonly infoPeriodS: number;
  /** Age of the view when it is published, in seconds. */
  readonly infoDelayS: number;
  /**
   * Temporal shifting: jobs with slack are held until the hour of least price or carbon (over
   * their walltime, at the best eligible centre) within their slack; `none` = never held.
   */
  readonly shift: 'none' | 'price' | 'carbon';
  /** Outages of the dispatcher itself [fromS, toS), in time order. */
  readonly downS: readonly { readonly fromS: number; readonly toS: number }[];
  /** While it is down: hold the jobs, or send each to a centre at its origin site. */
  readonly fallback: 'hold' | 'origin';
}

/** Energy accounting settings. */
export interface EnergySpec {
  /** Whether runs account energy, cost and carbon (jobs, centres, windows, regions). */
  readonly accounting: boolean;
  /** Calendar month (1–12) of time 0, for monthly PUE. */
  readonly startMonth: number;
}

/** A dataset of the catalogue: jobs may name it instead of giving input bytes. */
export interface Dataset {
  readonly id: string;
  readonly sizeBytes: number;
  /** Sites holding a copy; stage-in reads from the one that would finish soonest. */
  readonly replicas: readonly string[];
}

/** A route given per site pair (used in both directions while its links are up). */
export interface RouteSpec {
  readonly from: string;
  readonly to: string;
  readonly via: readonly string[];
}

/** A validated, normalised scenario (every number in SI units). Frozen by the parser. */
export interface Scenario {
  readonly version: 1;
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** No submissions after this time (seconds). */
  readonly horizonS: number;
  readonly sites: readonly Site[];
  readonly regions: readonly Region[];
  readonly centres: readonly Centre[];
  readonly links: readonly Link[];
  readonly routes: readonly RouteSpec[];
  readonly datasets: readonly Dataset[];
  /** Largest rate of one transfer (e.g. a single TCP stream), bit/s; Infinity = none. */
  readonly flowCapBps: number;
  /** The flow model and its parameters (`network.model`); absent = `maxmin`. */
  readonly networkModel?: NetworkModel;
  readonly dispatch: DispatchSpec;
  /**
   * Speed table: job class → device model (a partition's `gpuModel`, else its `cpuModel`) →
   * relative speed, replacing the partition's `speed` for that class. Class `*` applies to
   * every class without an entry of its own.
   */
  readonly speeds: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly workload: readonly WorkloadSource[];
  readonly energy: EnergySpec;
  readonly report: { readonly utilizationWindowS: number };
  /** What happens to a job a failure kills (an abrupt outage, a node failure). */
  readonly retry: RetrySpec;
  /** Checkpointing by job class (`*`: every class without an entry of its own). */
  readonly checkpoint: Readonly<Record<string, CheckpointSpec>>;
}

/**
 * A job of the class writes a checkpoint after every `intervalS` of work, each taking `overheadS`
 * of wall time; a restart resumes from the last one. `intervalS` NaN: the Young/Daly interval
 * √(2 × overhead × M) − overhead, with M the job's mean time between failures (see checkpoint.ts).
 */
export interface CheckpointSpec {
  readonly intervalS: number;
  readonly overheadS: number;
}

/**
 * A job killed by a failure: `requeue` puts it back in the same partition's queue, `redispatch`
 * hands it back to the national dispatcher, `none` ends it as failed; after `maxAttempts` starts
 * in all it fails whatever the policy. It goes back `delayS` after the kill.
 */
export interface RetrySpec {
  readonly policy: 'requeue' | 'redispatch' | 'none';
  readonly maxAttempts: number;
  readonly delayS: number;
}

import type { Centre, PolicyRef } from './centre.js';
import type { JobSpec } from './job.js';
import type { Link } from './link.js';
import type { Region, Site } from './site.js';

/** Job class parameters of a Poisson generator (normalised, SI units). */
export interface JobClassSpec {
  readonly name: string;
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
      readonly kind: 'poisson';
      readonly name: string;
      readonly origin: string;
      readonly dataSite: string;
      readonly ratePerS: number;
      readonly startS: number;
      readonly endS: number;
      readonly classes: readonly JobClassSpec[];
    };

/** Dispatcher settings. */
export interface DispatchSpec extends PolicyRef {
  /** Delay between a submission and the dispatch decision, in seconds. */
  readonly latencyS: number;
  /** The view of centre state is refreshed every this many seconds (0 = live view). */
  readonly infoPeriodS: number;
  /** Age of the view when it is published, in seconds. */
  readonly infoDelayS: number;
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
  readonly dispatch: DispatchSpec;
  readonly workload: readonly WorkloadSource[];
  readonly report: { readonly utilizationWindowS: number };
}

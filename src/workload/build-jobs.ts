import type { JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { ArrayStream, drainStream, type JobStream } from './job-stream.js';
import { isSorted, mergeStreams, stableSortBySubmit } from './merge.js';
import { type PoissonSource, PoissonStream } from './poisson.js';

/**
 * The run's jobs as one stream in submission order: generators draw lazily, traces and jobs
 * files (already read) are sorted by submit time, and the sources are merged as the run pulls.
 */
export function jobStream(scenario: Scenario, seed: number, poisson: PoissonStreams = inThread): JobStream {
  const sizes = new Map(scenario.datasets.map((d) => [d.id, d.sizeBytes]));
  let p = 0;
  return mergeStreams(
    scenario.workload.map((source) =>
      source.kind === 'poisson' ? poisson(source, p++, seed, sizes) : new ArrayStream(isSorted(source.jobs) ? source.jobs : stableSortBySubmit(source.jobs)),
    ),
  );
}

/**
 * Makes the stream of a Poisson source: the `index`-th of the scenario's Poisson sources. By
 * default drawn on this thread; a long run draws on another (runner/generation-thread.ts).
 */
export type PoissonStreams = (source: PoissonSource, index: number, seed: number, datasetSizes: ReadonlyMap<string, number>) => JobStream;

const inThread: PoissonStreams = (source, _index, seed, sizes) => new PoissonStream(source, seed, sizes);

/** The run's job list: every workload source generated or loaded, merged in submission order. */
export function buildJobs(scenario: Scenario, seed: number): JobSpec[] {
  return drainStream(jobStream(scenario, seed));
}

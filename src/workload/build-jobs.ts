import type { JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { mergeSources } from './merge.js';
import { generatePoisson } from './poisson.js';

/** The run's job list: every workload source generated or loaded, merged in submission order. */
export function buildJobs(scenario: Scenario, seed: number): JobSpec[] {
  const sizes = new Map(scenario.datasets.map((d) => [d.id, d.sizeBytes]));
  return mergeSources(scenario.workload.map((source) => (source.kind === 'poisson' ? generatePoisson(source, seed, sizes) : source.jobs)));
}

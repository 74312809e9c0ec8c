import type { JobSpec } from '../model/job.js';

/**
 * Merges the jobs of several sources into one submission order: by submit time, then source
 * order in the scenario, then order within the source. The result is the run's job list.
 */
export function mergeSources(sources: readonly (readonly JobSpec[])[]): JobSpec[] {
  const keyed: { job: JobSpec; source: number; n: number }[] = [];
  sources.forEach((jobs, source) => {
    jobs.forEach((job, n) => keyed.push({ job, source, n }));
  });
  keyed.sort((x, y) => x.job.submitS - y.job.submitS || x.source - y.source || x.n - y.n);
  return keyed.map((k) => k.job);
}

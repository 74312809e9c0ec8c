import type { JobSpec } from '../model/job.js';
import type { WorkloadSource } from '../model/scenario.js';

/**
 * Makes the ids of the jobs read from files unique in the run. A trace's job numbers are unique
 * only within that trace (two SWF traces both have a job 1), so jobs.csv, plug-ins and error
 * messages could not tell two jobs apart. (A number repeated within one file is skipped when the
 * file is read, with a warning.) The rule is local and predictable rather than collision-driven:
 * - with two or more sources that carry their own ids (SWF, Batsim, sacct, jobs file), every one
 *   of their jobs becomes `<source name>:<id>`; a single such source keeps its ids as they are;
 * - an id that still repeats (source names with a colon: `a` + `b:1` and `a:b` + `1`) gets
 *   `#2`, `#3`, ... on its second, third, ... occurrence in source order.
 * Generated jobs are `<source>.<n>` already (source names are unique). Specs are copied only
 * when their id changes, so a lone trace with unique numbers costs one pass and no allocation.
 */
export function uniqueJobIds(workload: readonly WorkloadSource[]): WorkloadSource[] {
  const fileSources = workload.filter((w) => w.kind !== 'poisson').length;
  const prefixed = fileSources > 1;
  const seen = new Set<string>();
  // The next suffix to try for a repeated id, so n repeats cost O(n), not O(n²).
  const nextSuffix = new Map<string, number>();
  return workload.map((source) => {
    if (source.kind === 'poisson') return source;
    // Copied from the first job whose id changes; until then the source's own list stands.
    let jobs: JobSpec[] | null = null;
    source.jobs.forEach((job, i) => {
      const base = prefixed ? `${source.name}:${job.id}` : job.id;
      let id = base;
      if (seen.has(id)) {
        let k = nextSuffix.get(base) ?? 2;
        while (seen.has(`${base}#${k}`)) k++;
        id = `${base}#${k}`;
        nextSuffix.set(base, k + 1);
      }
      seen.add(id);
      if (id !== job.id) jobs ??= source.jobs.slice(0, i);
      jobs?.push(id === job.id ? job : { ...job, id });
    });
    return jobs === null ? source : { ...source, jobs };
  });
}

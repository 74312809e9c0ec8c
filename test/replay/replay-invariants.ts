import type { Job } from '../../src/model/job.js';

/**
 * Invariants every replay must satisfy, whatever the mode: capacity never exceeded at any
 * instant (releases before starts at equal times), start ≥ submit, end = start + run, and for
 * strict FCFS, starts non-decreasing in queue order. Returns the violations (empty when fine).
 */
export function replayViolations(jobs: readonly Job[], machineNodes: number, fcfsOrder: boolean): string[] {
  const problems: string[] = [];
  const points: [number, number][] = [];
  let lastStart = Number.NEGATIVE_INFINITY;
  for (const job of jobs) {
    if (!(job.startS >= job.spec.submitS)) problems.push(`${job.spec.id}: start ${job.startS} before submit ${job.spec.submitS}`);
    if (job.endS !== job.startS + job.runS) problems.push(`${job.spec.id}: end ${job.endS} ≠ start + run`);
    if (fcfsOrder && job.startS < lastStart) problems.push(`${job.spec.id}: started at ${job.startS}, before an earlier job (${lastStart})`);
    lastStart = Math.max(lastStart, job.startS);
    points.push([job.startS, job.nodes], [job.endS, -job.nodes]);
    if (problems.length > 5) return problems;
  }
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let used = 0;
  for (const [t, delta] of points) {
    used += delta;
    if (used > machineNodes) {
      problems.push(`${used} nodes in use at t=${t}, capacity ${machineNodes}`);
      break;
    }
  }
  return problems;
}

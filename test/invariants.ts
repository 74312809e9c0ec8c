import type { Job } from '../src/model/job.js';
import type { RunResult } from '../src/sim/simulation.js';

/**
 * Checks the invariants every run must satisfy and returns the violations (empty when fine):
 * no partition over capacity at any instant, start ≥ queued ≥ dispatched ≥ submit,
 * end − start = min(runtime, walltime) / speed (walltimes are stated at reference speed), done ≥ end.
 */
export function checkInvariants(result: RunResult, maxReported = 10): string[] {
  const problems: string[] = [];
  const report = (message: string): void => {
    if (problems.length < maxReported) problems.push(message);
  };
  const perPartition: Job[][] = result.partitions.map(() => []);
  for (const job of result.jobs) {
    if (!Number.isFinite(job.startS)) continue;
    perPartition[job.partition]?.push(job);
    const s = job.spec;
    if (!(job.dispatchedS >= s.submitS)) report(`${s.id}: dispatched ${job.dispatchedS} before submit ${s.submitS}`);
    if (!(job.queuedS >= job.dispatchedS)) report(`${s.id}: queued ${job.queuedS} before dispatch ${job.dispatchedS}`);
    if (!(job.startS >= job.queuedS)) report(`${s.id}: start ${job.startS} before its input arrived ${job.queuedS}`);
    if (Number.isFinite(job.endS)) {
      // The speed table may give the job a speed of its own (compatibility replays do not set one).
      const speed = Number.isFinite(job.speed) ? job.speed : (result.partitions[job.partition]?.spec.speed ?? Number.NaN);
      const expected = Math.min(s.runtimeS, s.walltimeS) / speed;
      if (Math.abs(job.endS - job.startS - expected) > 1e-9 * Math.max(1, job.endS)) {
        report(`${s.id}: ran ${job.endS - job.startS} s, expected min(runtime, walltime) / speed = ${expected}`);
      }
      if (job.endS - job.startS > (s.walltimeS / speed) * (1 + 1e-12)) report(`${s.id}: ran past its walltime`);
    }
    if (Number.isFinite(job.doneS) && !(job.doneS >= job.endS)) report(`${s.id}: done before end`);
  }
  result.partitions.forEach((p, i) => {
    const jobs = perPartition[i] as Job[];
    const points: [number, number][] = [];
    for (const j of jobs) {
      points.push([j.startS, j.nodes]);
      points.push([Number.isFinite(j.endS) ? j.endS : Number.POSITIVE_INFINITY, -j.nodes]);
    }
    // At equal times, releases come first: a job may start at the instant another ends.
    points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let used = 0;
    for (const [t, delta] of points) {
      used += delta;
      if (used > p.spec.nodes) {
        report(`${p.label}: ${used} nodes in use at t=${t}, capacity ${p.spec.nodes}`);
        break;
      }
    }
  });
  return problems;
}

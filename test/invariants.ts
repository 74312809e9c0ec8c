import type { Job } from '../src/model/job.js';
import type { RunResult } from '../src/sim/simulation.js';

/**
 * Whole nodes a job needs on a partition, from its spec alone (restated here rather than taken
 * from the engine): enough nodes for its cores and for its GPUs, at least one.
 */
function nodesFor(cores: number, gpus: number, coresPerNode: number, gpusPerNode: number): number {
  return Math.max(1, Math.ceil(cores / coresPerNode), gpusPerNode > 0 ? Math.ceil(gpus / gpusPerNode) : gpus > 0 ? Number.POSITIVE_INFINITY : 0);
}

/**
 * Checks the invariants every run must satisfy and returns the violations (empty when fine):
 * no partition over its nodes, cores or GPUs at any instant (a job's nodes computed from its
 * spec, not read from the engine), start ≥ queued ≥ dispatched ≥ submit,
 * end − start = min(runtime, walltime) / speed with runtime and walltime from the spec
 * (walltimes are stated at reference speed), done ≥ end.
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
    const { coresPerNode, gpusPerNode } = p.spec;
    // [time, nodes, cores, GPUs] changes; at equal times releases come first (a job may start at the instant another ends).
    const points: [number, number, number, number][] = [];
    for (const j of jobs) {
      const need = nodesFor(j.spec.cores, j.spec.gpus, coresPerNode, gpusPerNode);
      if (j.nodes !== need) report(`${j.spec.id}: holds ${j.nodes} nodes on ${p.label}, its ${j.spec.cores} cores and ${j.spec.gpus} GPUs need ${need}`);
      const endS = Number.isFinite(j.endS) ? j.endS : Number.POSITIVE_INFINITY;
      points.push([j.startS, need, j.spec.cores, j.spec.gpus]);
      points.push([endS, -need, -j.spec.cores, -j.spec.gpus]);
    }
    points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let nodes = 0;
    let cores = 0;
    let gpus = 0;
    for (const [t, dn, dc, dg] of points) {
      nodes += dn;
      cores += dc;
      gpus += dg;
      if (nodes > p.spec.nodes) report(`${p.label}: ${nodes} nodes in use at t=${t}, capacity ${p.spec.nodes}`);
      if (cores > p.spec.nodes * coresPerNode) report(`${p.label}: ${cores} cores in use at t=${t}, capacity ${p.spec.nodes * coresPerNode}`);
      if (gpus > p.spec.nodes * gpusPerNode) report(`${p.label}: ${gpus} GPUs in use at t=${t}, capacity ${p.spec.nodes * gpusPerNode}`);
      if (nodes > p.spec.nodes || cores > p.spec.nodes * coresPerNode || gpus > p.spec.nodes * gpusPerNode) break;
    }
  });
  return problems;
}

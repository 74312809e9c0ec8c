import { EventQueue } from '../engine/event-queue.js';
import { createJobs, type Job, JobStatus, type JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { PartitionView, QueuePolicy } from '../policies/queue-policy.js';
import { PolicyDecisionError } from '../sim/policy-decision-error.js';
import type { RunResult } from '../sim/simulation.js';
import { compatRunResult, endJob, queueJob, replayPartition, startJob } from './machine.js';

/**
 * The pyss-compatible simulator ("pyss order", reference README §3.2): a compatibility mode,
 * never the default, because its event ordering differs from DESIGN §4's batch rule.
 *
 * At each distinct second t:
 * 1. every running job whose start + walltime (pyss: estimate) = t stops occupying its
 *    processors (pyss's CPU profile is estimate-based: a job that runs exactly its estimate is
 *    gone at the very start of its end second);
 * 2. each job submitted at t, in queue order, joins the queue and a scheduling pass runs;
 * 3. each job whose actual end is t, in global start order, is released (if step 1 has not
 *    already) and a pass runs (pyss runs one on every termination event).
 *
 * The queue policy is the same decider as in the main engine (fcfs, easy, ...), checked the
 * same way. Jobs run min(runtime, walltime).
 */
export class PyssOrderSimulator {
  private readonly jobs: Job[];
  private readonly view: { totalNodes: number; freeNodes: number; queue: Job[]; running: Job[] };
  private readonly estimateEnds = new EventQueue(1024);
  private readonly actualEnds = new EventQueue(1024);
  private readonly released: Uint8Array;
  private readonly starts: number[] = [];
  private passes = 0;

  constructor(
    private readonly scenario: Scenario,
    specs: readonly JobSpec[],
    private readonly policy: QueuePolicy,
    private readonly policyName: string,
  ) {
    this.jobs = createJobs(specs);
    const nodes = scenario.centres[0]?.partitions[0]?.nodes ?? 0;
    this.view = { totalNodes: nodes, freeNodes: nodes, queue: [], running: [] };
    this.released = new Uint8Array(specs.length);
  }

  run(): RunResult {
    const jobs = this.jobs;
    const n = jobs.length;
    const partition = replayPartition(this.scenario, this.policy);
    const coresPerNode = partition.spec.coresPerNode;
    // Submission order: (submit, position) — the job list is already in queue order.
    let next = 0;
    let lastS = 0;
    while (next < n || this.actualEnds.size > 0) {
      const submitS = next < n ? (jobs[next] as Job).spec.submitS : Number.POSITIVE_INFINITY;
      const t = Math.min(submitS, this.estimateEnds.peekTime(), this.actualEnds.peekTime());
      lastS = t;
      // 1. releases at start + estimate.
      while (this.estimateEnds.size > 0 && this.estimateEnds.peekTime() <= t) {
        this.estimateEnds.pop();
        this.release(this.estimateEnds.poppedTarget);
      }
      // 2. submissions, one pass each.
      while (next < n && (jobs[next] as Job).spec.submitS === t) {
        const job = jobs[next] as Job;
        queueJob(job, Math.max(1, Math.ceil(job.spec.cores / coresPerNode)));
        this.view.queue.push(job);
        next++;
        this.pass(t);
      }
      // 3. terminations in start order, one pass each.
      while (this.actualEnds.size > 0 && this.actualEnds.peekTime() === t) {
        this.actualEnds.pop();
        const job = jobs[this.actualEnds.poppedTarget] as Job;
        this.release(job.index);
        endJob(job, t);
        this.pass(t);
      }
    }
    return compatRunResult(this.scenario, jobs, partition, lastS, this.passes);
  }

  private release(index: number): void {
    if (this.released[index] === 1) return;
    this.released[index] = 1;
    const job = this.jobs[index] as Job;
    this.view.freeNodes += job.nodes;
    removeByEstimatedEnd(this.view.running, job);
  }

  private pass(t: number): void {
    const view = this.view;
    if (view.queue.length === 0) return;
    this.passes++;
    const starts = this.starts;
    starts.length = 0;
    this.policy.decide(view as PartitionView, t, starts);
    if (starts.length === 0) return;
    for (const index of starts) {
      const job = this.jobs[index];
      if (job === undefined || job.status !== JobStatus.Queued) {
        throw new PolicyDecisionError(`queue policy '${this.policyName}' (pyss order), t=${t}s: asked to start job #${index}, which is not waiting`);
      }
      if (job.nodes > view.freeNodes) {
        throw new PolicyDecisionError(`queue policy '${this.policyName}' (pyss order), t=${t}s: job ${job.spec.id} needs ${job.nodes} nodes, only ${view.freeNodes} free`);
      }
      const walltimeS = job.spec.walltimeS;
      const killed = job.spec.runtimeS > walltimeS;
      const runS = killed ? walltimeS : job.spec.runtimeS;
      startJob(job, t, runS, killed);
      view.freeNodes -= job.nodes;
      insertByEstimatedEnd(view.running, job);
      this.estimateEnds.push(t + walltimeS, 0, job.index);
      this.actualEnds.push(t + runS, 1, job.index);
    }
    let w = 0;
    const q = view.queue;
    for (let r = 0; r < q.length; r++) {
      const job = q[r] as Job;
      if (job.status === JobStatus.Queued) q[w++] = job;
    }
    q.length = w;
  }
}

function key(job: Job): number {
  return job.startS + job.spec.walltimeS;
}

function search(running: Job[], job: Job): number {
  const end = key(job);
  let lo = 0;
  let hi = running.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = running[mid] as Job;
    const e = key(other);
    if (e < end || (e === end && other.index < job.index)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertByEstimatedEnd(running: Job[], job: Job): void {
  running.splice(search(running, job), 0, job);
}

function removeByEstimatedEnd(running: Job[], job: Job): void {
  const i = search(running, job);
  if (running[i] !== job) throw new Error(`job ${job.spec.id} is not running`);
  running.splice(i, 1);
}

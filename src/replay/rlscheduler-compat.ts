import { createJobs, type Job, type JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { RunResult } from '../sim/simulation.js';
import { compatRunResult, endJob, queueJob, replayPartition, startJob } from './machine.js';

/**
 * RLScheduler-compatible simulator (SchedGym `HPCSimPickJobs.schedule_curr_sequence_reset`
 * with the FCFS score; reference README §3.3). A compatibility mode, never the default: it is
 * not an event simulation with instants but a one-step greedy time advance.
 *
 * Loop: take the queue head by submit time (file order on ties). While it does not fit, take
 * the next arrival if its submit ≤ the earliest actual end of a running job (arrivals win
 * ties), else release that one running job (one step at a time; the clock is the max of the
 * two). Start the head at the clock. When the queue is empty, advance the same way until one
 * job arrives. Jobs run their whole trace run time (no kill at the estimate).
 *
 * With `backfill`, while the head does not fit: the shadow time is computed once, from running
 * jobs sorted by start + estimate (the first at which enough processors are free); then at every
 * step each queued job in FCFS order with now + estimate < shadow (strict) that fits starts;
 * no extra-processors rule, and the shadow is not recomputed until the head starts.
 *
 * Lists are kept exactly as the Python code keeps them (stable sorts of the running list), so
 * ties between equal end times resolve the same way.
 */
export function runRlschedulerCompat(
  scenario: Scenario,
  specs: readonly JobSpec[],
  backfill: boolean,
): RunResult {
  const partition = replayPartition(scenario, { decide: () => undefined });
  const ppn = partition.spec.coresPerNode;
  const jobs = createJobs(specs);
  const n = jobs.length;
  const submit = new Float64Array(n);
  const run = new Float64Array(n);
  const request = new Float64Array(n);
  const procs = new Float64Array(n);
  const nodes = new Int32Array(n);
  const sched = new Float64Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const s = (jobs[i] as Job).spec;
    submit[i] = s.submitS;
    run[i] = s.runtimeS;
    request[i] = s.walltimeS;
    procs[i] = s.cores;
    nodes[i] = Math.ceil(s.cores / ppn);
  }
  let free = partition.spec.nodes;
  if (n === 0) return compatRunResult(scenario, jobs, partition, 0, 0);

  // The queue is kept sorted by submit time with ties in arrival order: the same order a stable
  // sort by submit time gives on a list that was sorted before the new arrivals were appended.
  const queue: number[] = [];
  let running: number[] = [];
  let current = submit[0] as number;
  let nextArrival = 1;
  let steps = 0;
  const canAlloc = (j: number): boolean => (nodes[j] as number) <= free;
  const enqueue = (j: number): void => {
    const s = submit[j] as number;
    let i = queue.length;
    while (i > 0 && (submit[queue[i - 1] as number] as number) > s) i--;
    queue.splice(i, 0, j);
  };
  const removeFromQueue = (j: number): void => {
    const i = queue.indexOf(j);
    queue.splice(i, 1);
  };
  const sortRunning = (byRequest: boolean): void => {
    // Array.prototype.sort is stable (ES2019), as Python's list.sort.
    if (byRequest) running.sort((a, b) => (sched[a] as number) + (request[a] as number) - ((sched[b] as number) + (request[b] as number)));
    else running.sort((a, b) => (sched[a] as number) + (run[a] as number) - ((sched[b] as number) + (run[b] as number)));
  };
  const schedule = (j: number): void => {
    sched[j] = current;
    free -= nodes[j] as number;
    running.push(j);
  };
  /** One greedy step: the next arrival if it comes no later than the next end, else that end. */
  const step = (): void => {
    steps++;
    sortRunning(false);
    const first = running[0] as number;
    const releaseS = (sched[first] as number) + (run[first] as number);
    if (nextArrival < n && (submit[nextArrival] as number) <= releaseS) {
      current = Math.max(current, submit[nextArrival] as number);
      enqueue(nextArrival++);
    } else {
      current = Math.max(current, releaseS);
      free += nodes[first] as number;
      running = running.slice(1);
    }
  };

  queue.push(0);
  for (;;) {
    const head = queue[0] as number;
    if (!canAlloc(head)) {
      if (!backfill) {
        while (!canAlloc(head)) step();
      } else {
        sortRunning(true);
        let shadowS = current;
        let freeProcs = free * ppn;
        for (const r of running) {
          freeProcs += (nodes[r] as number) * ppn;
          shadowS = (sched[r] as number) + (request[r] as number);
          if (freeProcs >= (procs[head] as number)) break;
        }
        while (!canAlloc(head)) {
          for (const j of queue.slice()) {
            if (current + (request[j] as number) < shadowS && canAlloc(j)) {
              schedule(j);
              removeFromQueue(j);
            }
          }
          step();
        }
      }
    }
    schedule(head);
    removeFromQueue(head);
    // moveforward_for_job: when the queue is empty, advance until one job arrives.
    if (queue.length === 0) {
      if (nextArrival >= n) break;
      while (queue.length === 0) {
        steps++;
        let releaseS = Number.POSITIVE_INFINITY;
        if (running.length > 0) {
          sortRunning(false);
          const first = running[0] as number;
          releaseS = (sched[first] as number) + (run[first] as number);
        }
        if ((submit[nextArrival] as number) <= releaseS) {
          current = Math.max(current, submit[nextArrival] as number);
          enqueue(nextArrival++);
        } else {
          current = Math.max(current, releaseS);
          free += nodes[running[0] as number] as number;
          running = running.slice(1);
        }
      }
    }
  }

  let lastS = 0;
  for (let i = 0; i < n; i++) {
    const job = jobs[i] as Job;
    queueJob(job, nodes[i] as number);
    startJob(job, sched[i] as number, run[i] as number, false);
    const endS = (sched[i] as number) + (run[i] as number);
    endJob(job, endS);
    if (endS > lastS) lastS = endS;
  }
  return compatRunResult(scenario, jobs, partition, lastS, steps);
}

import type { Job, JobSpec } from '../../src/model/job.js';
import { findQueuePolicy } from '../../src/policies/registry.js';
import { replayScenario, REPLAY_SITE } from '../../src/replay/machine.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';

/** A job on the test machine: [submit, procs, runtime, walltime]. */
export type JobRow = readonly [submitS: number, procs: number, runtimeS: number, walltimeS: number];

export function specs(rows: readonly JobRow[]): JobSpec[] {
  return rows.map(([submitS, cores, runtimeS, walltimeS], i) => ({
    id: `j${i + 1}`,
    submitS,
    origin: REPLAY_SITE,
    jobClass: 'swf',
    cores,
    gpus: 0,
    runtimeS,
    walltimeS,
    inputBytes: 0,
    outputBytes: 0,
    dataSite: REPLAY_SITE,
  }));
}

/**
 * Runs jobs on one machine of `procs` processors through the main engine (which checks every
 * decision) and returns the start time of each job by id.
 */
export function runMachine(procs: number, policy: string, rows: readonly JobRow[], options: Record<string, unknown> = {}): Record<string, number> {
  const jobs = runMachineJobs(procs, policy, rows, options);
  return Object.fromEntries(jobs.map((j) => [j.spec.id, j.startS]));
}

export function runMachineJobs(procs: number, policy: string, rows: readonly JobRow[], options: Record<string, unknown> = {}): readonly Job[] {
  if (findQueuePolicy(policy) === undefined) throw new Error(`unknown policy ${policy}`);
  const scenario = replayScenario('test', { nodes: procs, procsPerNode: 1 }, policy, options);
  return new Simulation(scenario, specs(rows), BUILTIN_POLICIES).run().jobs;
}

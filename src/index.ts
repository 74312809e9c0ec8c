/**
 * cnsim's programmatic API: load a scenario, run it, get reports; define your own policies.
 * The CLI (`cnsim`) is a thin layer over these functions.
 */
export { createRng, EventQueue, runInstants, type InstantHandlers, type Rng } from './engine/index.js';
export * from './model/index.js';
export { RouteTable, type Route, type Hop } from './network/routes.js';
export { definePolicy, type Policy, type PolicyContext, type PolicySource } from './policies/define-policy.js';
export {
  type CandidateView,
  type DispatchJob,
  type DispatchPolicy,
  expectedCompletionS,
  loadWith,
} from './policies/dispatch-policy.js';
export type { DispatchPolicyDefinition, PolicyKind, QueuePolicyDefinition } from './policies/define-policy.js';
/** The zod instance cnsim validates options with: plug-ins declare their options with it. */
export { z } from 'zod';
export type { JobView, PartitionView, QueuePolicy } from './policies/queue-policy.js';
export { DISPATCH_POLICIES, QUEUE_POLICIES, findDispatchPolicy, findQueuePolicy } from './policies/registry.js';
export { Simulation, type PolicyResolver, type RunOptions, type RunResult } from './sim/simulation.js';
export { PolicyDecisionError } from './sim/policy-decision-error.js';
export { loadScenario, resolveScenarioPath, DEFAULT_SCENARIO } from './scenario/load-scenario.js';
export { parseScenario } from './scenario/parse-scenario.js';
export { scenarioSchema } from './scenario/schema.js';
export { buildReports, type Reports, type Table } from './report/build-reports.js';
export { RESULT_FILES } from './report/columns.js';
export { runScenario, runToFolder, resultFiles, BUILTIN_POLICIES, type RunOutput } from './runner/run-scenario.js';
export { loadDispatchPlugin, resolvePolicies } from './runner/load-plugin.js';
export { buildJobs } from './workload/build-jobs.js';
export { readJobsCsv } from './workload/jobs-csv.js';
export { loadSweep, type SweepPlan, type SweepRun } from './parallel/load-sweep.js';
export { runSweep, type SweepOptions, type SweepOutcome, type SweepProgress } from './parallel/run-sweep.js';
export { mergeSweeps } from './parallel/merge-sweeps.js';
export { compareSweep, type CompareOptions, type Comparison } from './parallel/compare-sweep.js';

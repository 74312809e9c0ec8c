// The default scenario scaled to about 10^6 jobs: the horizon (and every generator's end) is
// stretched so that the offered load stays the same while the job count grows.
import { buildJobs } from '../dist/workload/build-jobs.js';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { BUILTIN_POLICIES } from '../dist/runner/run-scenario.js';
import { drawThreadByDefault, openJobStream } from '../dist/runner/generation-thread.js';
import { Simulation } from '../dist/sim/simulation.js';
import { tuneHeap } from '../dist/runner/heap-tuning.js';
import { buildReports } from '../dist/report/build-reports.js';
import { writeResultsFolder } from '../dist/report/write-results.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns the scenario with its time span multiplied by `factor`. */
export function stretch(scenario, factor) {
  return {
    ...scenario,
    horizonS: scenario.horizonS * factor,
    workload: scenario.workload.map((w) => (w.kind === 'poisson' ? { ...w, endS: w.startS + (w.endS - w.startS) * factor } : w)),
  };
}

/** Runs national-2025 scaled to at least `targetJobs` jobs; returns figures. */
export function benchNational(targetJobs = 1_000_000, transform = (s) => s) {
  tuneHeap(); // as a run does (runner/heap-tuning.ts)
  const base = transform(loadScenario('national-2025'));
  const baseJobs = buildJobs(base, base.seed).length;
  const factor = Math.max(1, targetJobs / baseJobs);
  const scenario = stretch(base, factor);
  let t0 = process.hrtime.bigint();
  const specs = buildJobs(scenario, scenario.seed);
  const generationS = Number(process.hrtime.bigint() - t0) / 1e9;
  t0 = process.hrtime.bigint();
  const result = new Simulation(scenario, specs, BUILTIN_POLICIES).run();
  const simulationS = Number(process.hrtime.bigint() - t0) / 1e9;
  t0 = process.hrtime.bigint();
  const reports = buildReports(result);
  const reportS = Number(process.hrtime.bigint() - t0) / 1e9;
  // Writing the CSV files: jobs.csv rows are formatted here, as a run does.
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-national-'));
  t0 = process.hrtime.bigint();
  writeResultsFolder(join(dir, 'out'), new Map(reports.tables.map((t) => [t.file, t])));
  const writeS = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  const jobs = result.jobs.length;
  return {
    jobs,
    events: result.events,
    generationS,
    simulationS,
    reportS,
    writeS,
    jobsPerS: jobs / (generationS + simulationS),
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    meanWaitS: reports.wait.mean,
    nodeUtil: reports.summary.node_util,
  };
}

/**
 * The same scaled scenario run as `cnsim run` runs it: each job drawn when the previous one
 * arrives and forgotten when it leaves (a sink that only counts, so no tallies or rows), so the
 * time is generation and simulation interleaved and memory follows the jobs in the system.
 */
export function benchNationalStreamed(targetJobs = 1_000_000, drawThreadWanted = undefined) {
  tuneHeap(); // as a run does (runner/heap-tuning.ts)
  const base = loadScenario('national-2025');
  const baseJobs = buildJobs(base, base.seed).length;
  const scenario = stretch(base, Math.max(1, targetJobs / baseJobs));
  let jobs = 0;
  const sink = { retire: () => jobs++, stop: () => {} };
  const t0 = process.hrtime.bigint();
  // As `cnsim run` draws them: on a thread of their own for a long run on a machine with more than one core.
  const drawThread = drawThreadWanted ?? drawThreadByDefault(scenario);
  const source = openJobStream(scenario, scenario.seed, drawThread);
  const result = new Simulation(scenario, source.stream, BUILTIN_POLICIES, { seed: scenario.seed, sink }).run();
  source.close();
  const runS = Number(process.hrtime.bigint() - t0) / 1e9;
  return { jobs, events: result.events, runS, drawThread, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

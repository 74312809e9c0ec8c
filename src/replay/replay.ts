import { basename } from 'node:path';
import { createRng } from '../engine/rng.js';
import { InputError } from '../model/input-error.js';
import type { Job } from '../model/job.js';
import { findQueuePolicy, QUEUE_POLICIES } from '../policies/registry.js';
import { buildReports, type Reports, type Table } from '../report/build-reports.js';
import { formatNumber } from '../report/format.js';
import { toCsv } from '../report/csv.js';
import { RowTable } from '../report/table.js';
import { type ResultContent, ResultsFolder, writeResultsFolder } from '../report/write-results.js';
import { closeExports, type ExportFormat, openExports } from '../report/schedule-export.js';
import { CNSIM_VERSION } from '../runner/version.js';
import { closeDecisionProcesses, externalQueuePolicy } from '../external/external-policies.js';
import { isExternalPolicy } from '../policies/external-policy.js';
import { BUILTIN_POLICIES, resultContents, type RunOutput } from '../runner/run-scenario.js';
import { type RunResult, Simulation } from '../sim/simulation.js';
import { convertSwf, type ConvertedSwf, defaultMachineProcs, type OversizePolicy, type ReplayJob, type SwfConversion } from '../workload/swf-convert.js';
import { readSwf, type SwfTrace } from '../workload/swf.js';
import { type BatsimWorkload, readBatsim } from '../workload/batsim-json.js';
import { fitToMachine } from '../workload/fit-machine.js';
import { type ReplayMachine, replayJobSpec, replayScenario } from './machine.js';
import { PyssOrderSimulator } from './pyss-order.js';
import { METRICS_COLUMNS, type MetricsFilter, replayMetrics, type ReplayMetrics, selectJobs } from './replay-metrics.js';
import { runRlschedulerCompat } from './rlscheduler-compat.js';

/** Compatibility modes: another tool's conversion and event ordering, named as such. */
export type CompatMode = 'pyss' | 'rlscheduler';
/** Event ordering of simultaneous events: `batch` (DESIGN §4, the default) or `pyss`. */
export type Ordering = 'batch' | 'pyss';

export interface ReplayOptions {
  /** Queue policy name (`cnsim policies`). */
  readonly policy: string;
  readonly policyOptions?: Readonly<Record<string, unknown>>;
  /** Machine size in processors (default: header MaxProcs, else MaxNodes). */
  readonly procs?: number;
  readonly compat?: CompatMode;
  /** Default: `pyss` with `compat: 'pyss'`, `batch` otherwise. Not allowed with `rlscheduler`. */
  readonly ordering?: Ordering;
  /** Replay only the first N jobs (of the converted job list). */
  readonly first?: number;
  /** Replay jobs [start, start + length) of the converted job list (0-based), on an empty machine. */
  readonly window?: { readonly start: number; readonly length: number };
  readonly oversize?: OversizePolicy;
  /** pyss driver's fill-reqtime option (pyss conversion only). */
  readonly fillReqtime?: boolean;
  /** Leave the first N jobs out of the `after-warmup` metrics row. */
  readonly warmupJobs?: number;
  /** Extra metrics row with a reference tool's own filter. */
  readonly metricsFilter?: MetricsFilter;
  /** Run name (results folder name, `scenario` column). */
  readonly name?: string;
  /** Schedule exports written into the results folder (`--export`). */
  readonly exports?: readonly ExportFormat[];
}

/** Everything a replay produced. */
export interface ReplayOutput extends RunOutput {
  /** The workload file replayed. */
  readonly file: string;
  /** The SWF trace read (absent for a Batsim workload). */
  readonly trace?: SwfTrace;
  readonly converted: ConvertedSwf;
  /** The jobs simulated, in the order of `result.jobs`. */
  readonly replayed: readonly ReplayJob[];
  readonly machine: ReplayMachine;
  readonly conversion: SwfConversion;
  /** `batch`, `pyss` or `rlscheduler`. */
  readonly ordering: Ordering | 'rlscheduler';
  readonly metrics: readonly ReplayMetrics[];
}

const bad = (problem: string): InputError => new InputError('command line', [problem]);

/**
 * Replays an SWF trace on one machine (one centre, one partition) with a queue policy.
 * The default mode goes through the main engine ({@link Simulation}); `compat` selects a named
 * compatibility simulator.
 * @throws InputError for bad options (unknown policy, window beyond the trace, ...) or a bad trace
 */
export function replayTrace(trace: SwfTrace, options: ReplayOptions): ReplayOutput {
  const policy = checkedPolicy(options);
  if (options.compat === 'rlscheduler') {
    if (options.ordering !== undefined) throw bad('--ordering: not available with --compat rlscheduler (it has its own time advance)');
    if (options.policy !== 'fcfs' && options.policy !== 'easy') {
      throw bad(`--policy: --compat rlscheduler supports fcfs (no backfilling) and easy (its own backfilling), not '${options.policy}'`);
    }
  }
  if (options.fillReqtime === true && options.compat !== 'pyss') throw bad('--fill-reqtime: only with --compat pyss');

  const conversion: SwfConversion = options.compat ?? 'cnsim';
  const ordering: ReplayOutput['ordering'] = options.compat === 'rlscheduler' ? 'rlscheduler' : (options.ordering ?? (options.compat === 'pyss' ? 'pyss' : 'batch'));
  const machine = replayMachine(trace, options);
  const machineProcs = machine.nodes * machine.procsPerNode;
  const converted = convertSwf(trace, {
    conversion,
    machineProcs,
    procsPerNode: machine.procsPerNode,
    ...(options.oversize === undefined ? {} : { oversize: options.oversize }),
    ...(options.fillReqtime === undefined ? {} : { fillReqtime: options.fillReqtime }),
  });
  return replayConverted({ file: trace.file, trace, converted, machine, conversion, ordering }, policy, options);
}

/**
 * Replays a Batsim JSON workload (readBatsim's conversion) on one machine of `nb_res` processors
 * (or `procs`), as {@link replayTrace} replays an SWF trace; compatibility modes are SWF-only.
 * @throws InputError for bad options, a workload without nb_res and no `procs`, or a job larger
 *   than the machine with `oversize` `error`
 */
export function replayBatsim(workload: BatsimWorkload, options: ReplayOptions): ReplayOutput {
  const policy = checkedPolicy(options);
  if (options.compat !== undefined) throw bad(`--compat ${options.compat}: only for SWF traces (it reproduces another tool's SWF conversion)`);
  if (options.fillReqtime === true) throw bad('--fill-reqtime: only with --compat pyss');
  const machineProcs = options.procs ?? workload.nbRes;
  if (machineProcs === undefined) throw new InputError(workload.file, ["the workload has no 'nb_res': give the machine size with --procs"]);
  const converted = fitToMachine(workload.file, workload, machineProcs, options.oversize ?? 'error');
  const machine: ReplayMachine = { nodes: machineProcs, procsPerNode: 1 };
  return replayConverted({ file: workload.file, converted, machine, conversion: 'cnsim', ordering: options.ordering ?? 'batch' }, policy, options);
}

/** A converted job list and the machine and event ordering to replay it with. */
interface ReplayInput {
  readonly file: string;
  readonly trace?: SwfTrace;
  readonly converted: ConvertedSwf;
  readonly machine: ReplayMachine;
  readonly conversion: SwfConversion;
  readonly ordering: ReplayOutput['ordering'];
}

type CheckedPolicy = { readonly definition: NonNullable<ReturnType<typeof findQueuePolicy>>; readonly data: Record<string, unknown> };

/** The queue policy and its options, checked, and the options that apply to every format. */
function checkedPolicy(options: ReplayOptions): CheckedPolicy {
  const external = isExternalPolicy(options.policy);
  const definition = external ? externalQueuePolicy(options.policy) : findQueuePolicy(options.policy);
  if (definition === undefined) {
    throw bad(`--policy: unknown queue policy '${options.policy}' (known: ${QUEUE_POLICIES.map((p) => p.name).join(', ')}; or external:<command>)`);
  }
  if (external && (options.compat !== undefined || options.ordering === 'pyss')) {
    throw bad('--policy external:...: the decision process is asked by the main engine; not available with --compat or --ordering pyss');
  }
  const policyOptions = options.policyOptions ?? {};
  const parsedOptions = definition.optionsSchema.safeParse(policyOptions);
  if (!parsedOptions.success) {
    throw new InputError(
      'command line',
      parsedOptions.error.issues.map((i) => `policy option ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  if (options.procs !== undefined && !(Number.isInteger(options.procs) && options.procs > 0)) {
    throw bad(`--procs: expected a positive integer number of processors, got ${options.procs}`);
  }
  if (options.first !== undefined && options.window !== undefined) throw bad('--first and --window: give one of them');
  const placement = options.exports?.includes('batsim') === true;
  if (placement && (options.compat !== undefined || options.ordering === 'pyss')) {
    throw bad('--export batsim: node ids come from the main engine; not available with --compat or --ordering pyss (--export swf is)');
  }
  return { definition, data: parsedOptions.data as Record<string, unknown> };
}

/** Selects the jobs (--first, --window), runs them and builds the reports. */
function replayConverted(input: ReplayInput, policy: CheckedPolicy, options: ReplayOptions): ReplayOutput {
  const { converted, machine, conversion, ordering } = input;
  const { definition } = policy;
  const machineProcs = machine.nodes * machine.procsPerNode;
  // Batsim's table names each job's nodes: the run places jobs on node ids only then.
  const placement = options.exports?.includes('batsim') === true;
  let replayed: ReplayJob[] = converted.jobs;
  const total = replayed.length;
  if (options.first !== undefined) {
    if (!(Number.isInteger(options.first) && options.first > 0)) throw bad(`--first: expected a positive integer, got ${options.first}`);
    replayed = replayed.slice(0, options.first);
  } else if (options.window !== undefined) {
    const { start, length } = options.window;
    if (!(Number.isInteger(start) && start >= 0 && Number.isInteger(length) && length > 0)) {
      throw bad(`--window: expected START:LEN with integers START ≥ 0 and LEN > 0, got ${start}:${length}`);
    }
    if (start + length > total) {
      throw bad(`--window ${start}:${length}: beyond the trace, which has ${total} jobs after conversion (jobs 0 to ${total - 1})`);
    }
    replayed = replayed.slice(start, start + length);
  }
  if (replayed.length === 0) {
    // A file without a single job line is not a trace whose jobs were all skipped.
    throw new InputError(input.file, [
      converted.lines === 0
        ? 'no job line: the file holds no job (an SWF job line is 18 numbers; a jobs CSV or sacct file is converted first, with cnsim convert)'
        : 'no job to replay (every job line was skipped; see the warnings)',
    ]);
  }

  const name = options.name ?? defaultReplayName(input.file, options);
  const scenario = replayScenario(name, machine, definition.name, policy.data);
  const specs = replayed.map(replayJobSpec);
  const startNs = process.hrtime.bigint();
  let result: RunResult;
  if (ordering === 'batch') {
    try {
      result = new Simulation(scenario, specs, BUILTIN_POLICIES, placement ? { placement } : {}).run();
    } finally {
      closeDecisionProcesses();
    }
  } else if (ordering === 'pyss') {
    const queuePolicy = definition.instantiate(policy.data, { rng: createRng(1, `policy/${definition.name}/${scenario.centres[0]?.id}/all`) });
    result = new PyssOrderSimulator(scenario, specs, queuePolicy, definition.name).run();
  } else {
    result = runRlschedulerCompat(scenario, specs, options.policy === 'easy');
  }
  const simulationWallS = Number(process.hrtime.bigint() - startNs) / 1e9;
  // A replay lists its jobs in trace order (job_id = SWF job number), as SWF tools read them,
  // rather than in the order they left the run.
  const reports = buildReports({ ...result, retired: result.jobs });
  const metrics = computeMetrics(result.jobs, machineProcs, options);
  return { result, reports, simulationWallS, file: input.file, ...(input.trace === undefined ? {} : { trace: input.trace }), converted, replayed, machine, conversion, ordering, metrics };
}

function computeMetrics(jobs: readonly Job[], machineProcs: number, options: ReplayOptions): ReplayMetrics[] {
  const rows = [replayMetrics('all', jobs, machineProcs)];
  const warmup = options.warmupJobs ?? 0;
  if (warmup > 0) rows.push(replayMetrics('after-warmup', selectJobs(jobs, 'all', warmup), machineProcs));
  if (options.metricsFilter === 'pyss-printed') rows.push(replayMetrics('pyss-printed', selectJobs(jobs, 'pyss-printed', warmup), machineProcs));
  return rows;
}

function replayMachine(trace: SwfTrace, options: ReplayOptions): ReplayMachine {
  if (options.procs !== undefined) return { nodes: options.procs, procsPerNode: 1 };
  if (options.compat !== 'rlscheduler') return { nodes: defaultMachineProcs(trace), procsPerNode: 1 };
  const maxNodes = trace.header.maxNodes;
  if (maxNodes === undefined) throw new InputError(trace.file, ['--compat rlscheduler needs a MaxNodes header line (or give --procs)']);
  const maxProcs = trace.header.maxProcs ?? maxNodes;
  const ppn = maxProcs / maxNodes;
  if (!Number.isInteger(ppn)) {
    throw new InputError(trace.file, [`--compat rlscheduler: MaxProcs ${maxProcs} / MaxNodes ${maxNodes} is not a whole number of processors per node (give --procs)`]);
  }
  return { nodes: maxNodes, procsPerNode: ppn };
}

/** `replay-<trace>-<policy>[-<compat>]`, the trace name without `.swf[.gz]` or `.json`. */
export function defaultReplayName(file: string, options: Pick<ReplayOptions, 'policy' | 'compat'>): string {
  const trace = basename(file).replace(/\.gz$/, '').replace(/\.(swf|json)$/, '');
  return `replay-${trace}-${options.policy}${options.compat === undefined ? '' : `-${options.compat}`}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Columns appended to the standard `jobs.csv` of a replay. */
export const REPLAY_JOB_COLUMNS = [
  ['procs', 'processors', 'processors the job occupies, after conversion (= cores)'],
  ['swf_line', '-', 'line of the job in the (decompressed) trace file; for a Batsim JSON workload, the line where the job object starts'],
] as const;

/** `warnings.csv`: every job the conversion skipped or changed. */
export const WARNINGS_COLUMNS = [
  ['line', '-', 'line in the (decompressed) trace file; for a Batsim JSON workload, the line where the job object starts'],
  ['job_id', '-', 'SWF job number, or Batsim job id (`jobs[i]` when the job has no usable id)'],
  ['action', '-', '`skipped` (not simulated), `changed` (a value derived or altered), `clamped` or `dropped` (larger than the machine)'],
  ['field', '-', 'field concerned: SWF run_time, allocated_procs, requested_time, submit_time; Batsim id, subtime, res, walltime, profile'],
  ['reason', '-', 'what was found and what was done'],
] as const;

const n = formatNumber;

/** The files of a replay's results folder: those of `cnsim run`, plus `warnings.csv` and `metrics.csv`. */
export function replayFiles(output: ReplayOutput, options: ReplayOptions, traceFile: string, written: readonly string[] = []): Map<string, ResultContent> {
  const tables = output.reports.tables.map((table): Table => {
    if (table.file !== 'jobs.csv') return table;
    return new RowTable(table.file, [...table.header, ...REPLAY_JOB_COLUMNS.map((c) => c[0])], table.size, (i) => {
      const job = output.replayed[i] as ReplayJob;
      return [...table.row(i), n(job.procs), n(job.line)];
    });
  });
  const reports: Reports = { ...output.reports, tables };
  const warnings = toCsv(
    WARNINGS_COLUMNS.map((c) => c[0]),
    output.converted.warnings.map((w) => [String(w.line), w.jobId, w.action, w.field, w.reason]),
  );
  const metrics = toCsv(
    METRICS_COLUMNS.map((c) => c[0]),
    output.metrics.map((m) => [
      m.set,
      n(m.jobs),
      n(m.meanWaitS),
      n(m.maxWaitS),
      n(m.meanResponseS),
      n(m.meanSlowdown),
      n(m.meanBsld),
      n(m.utilization),
      n(m.makespanS),
      n(m.utilizationToLastStart),
    ]),
  );
  return resultContents(
    { result: output.result, reports, simulationWallS: output.simulationWallS },
    {
      scenarioFile: traceFile,
      options: {
        replay: {
          ...options,
          conversion: output.conversion,
          ordering: output.ordering,
          machine: output.machine,
          jobLines: output.converted.lines,
          convertedJobs: output.converted.jobs.length,
          replayedJobs: output.replayed.length,
          warnings: output.converted.counts,
        },
      },
      // Listed in the manifest with the others (they used to be added after it was made).
      extraFiles: new Map([
        ['warnings.csv', warnings],
        ['metrics.csv', metrics],
      ]),
    },
    written,
  );
}

/**
 * Reads a trace, replays it and writes the results folder atomically (nothing is written when
 * anything fails).
 */
export function replayToFolder(traceFile: string, outDir: string, options: ReplayOptions): ReplayOutput {
  // A Batsim workload is JSON; everything else is read as SWF (plain or gzipped, whatever the name),
  // except the formats cnsim convert reads, which say so.
  const other = /\.(csv|sacct|psv)$/i.exec(traceFile)?.[1];
  if (other !== undefined) {
    throw new InputError(traceFile, [`cnsim replay reads SWF (.swf, .swf.gz) and Batsim JSON (.json); convert this ${other === 'csv' ? 'jobs CSV' : 'sacct output'} first: cnsim convert ${traceFile} trace.swf`]);
  }
  const output = traceFile.toLowerCase().endsWith('.json') ? replayBatsim(readBatsim(traceFile), options) : replayTrace(readSwf(traceFile), options);
  const formats = options.exports ?? [];
  if (formats.length === 0) {
    writeResultsFolder(outDir, replayFiles(output, options, traceFile));
    return output;
  }
  const folder = new ResultsFolder(outDir);
  try {
    const { scenario, seed } = output.result;
    const exports = openExports(formats, { scenario, seed, version: CNSIM_VERSION, pathOf: (name) => folder.path(name) });
    // In trace order, as jobs.csv lists them; a replay keeps no energy account.
    for (const job of output.result.jobs) for (const e of exports) e.add(job, Number.NaN);
    closeExports(exports);
    folder.write(replayFiles(output, options, traceFile, exports.flatMap((e) => e.files)));
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
  return output;
}

import { setMaxListeners } from 'node:events';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { InputError } from '../model/input-error.js';
import { removeUnfinishedFolders, writeFileAtomic, writeResultsFolder } from '../report/write-results.js';
import type { SweepPlan } from './load-sweep.js';
import { failedRunFiles, isRunComplete } from './run-record.js';
import { inShard, type Shard } from './shard.js';
import { SWEEP_MANIFEST_FILE, sweepManifest, sweepManifestText } from './sweep-manifest.js';
import { readSweepRow, sweepTables } from './sweep-tables.js';
import type { SweepTask, SweepTaskResult } from './sweep-worker.js';
import { type JobsFormat, jobsFileName } from '../runner/run-scenario.js';
import { makeDirs } from '../report/make-dirs.js';

/** How to run a sweep. */
export interface SweepOptions {
  /** The sweep folder (created): `sweep.json`, `summary.csv`, `failures.csv`, `runs/<run-id>/`. */
  readonly outDir: string;
  /** Worker threads (default: the machine's available parallelism, at most one per run). */
  readonly workers?: number;
  /** Keep runs whose results are complete and whose parameters hash matches; run the rest. */
  readonly resume?: boolean;
  /** Run only this shard's runs (positions p with p mod count = index). */
  readonly shard?: Shard | null;
  /** Aborting stops the sweep: queued runs are dropped, running ones stopped; finished runs stay. */
  readonly signal?: AbortSignal;
  /** Called once before the first run with the work to do, then after every run. */
  readonly onProgress?: (progress: SweepProgress) => void;
  /** How each run writes its per-job table (default csv; `none` for sweeps that need only the aggregates). */
  readonly jobsFormat?: JobsFormat;
  /** A run expected to exceed this many jobs fails before it starts (default: `cnsim run`'s limit). */
  readonly maxJobs?: number;
}

/** Where a sweep stands. */
export interface SweepProgress {
  /** Runs to do in this invocation (the shard's runs less those resumed). */
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Runs of the shard kept from an earlier invocation (`--resume`). */
  readonly skipped: number;
  /** The run just finished, if any. */
  readonly last?: SweepTaskResult;
}

/** What a sweep did. */
export interface SweepOutcome {
  readonly outDir: string;
  /** Runs of the shard (or the whole sweep). */
  readonly runs: number;
  /** Run ids run now, in sweep order. */
  readonly ran: readonly string[];
  /** Run ids kept from an earlier invocation (`--resume`). */
  readonly skipped: readonly string[];
  /** Failed runs and their errors, in sweep order (empty when interrupted before any failed). */
  readonly failed: readonly { readonly runId: string; readonly error: string }[];
  /** True when the signal stopped the sweep: no `summary.csv` was written. */
  readonly interrupted: boolean;
  readonly workers: number;
}

/**
 * The compiled worker. Under vitest this module runs from the TypeScript sources, and piscina
 * needs JavaScript, so the worker is always taken from `dist/` (`npm test` builds first).
 */
export function sweepWorkerFile(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? resolve(dirname(here), '../../dist/parallel/sweep-worker.js') : join(dirname(here), 'sweep-worker.js');
}

/**
 * Runs a sweep (or one shard) on a piscina pool, one task per run; each run writes its own
 * folder atomically. Then writes `summary.csv` and `failures.csv` in sweep order, so their bytes
 * depend neither on the number of workers nor on the finishing order.
 *
 * @throws InputError when `outDir` already holds a sweep and `resume` is not set
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  const outDir = resolve(options.outDir);
  const shard = options.shard ?? null;
  const runsDir = join(outDir, 'runs');
  if (existsSync(join(outDir, SWEEP_MANIFEST_FILE)) && options.resume !== true) {
    throw new InputError(outDir, ['already holds a sweep: add --resume to keep its finished runs and do the rest, or choose another --out']);
  }
  // A sweep writes summary.csv and runs/ into its folder: never into a run's results or a folder of other files.
  const entries = existsSync(outDir) ? (statSync(outDir).isDirectory() ? readdirSync(outDir) : null) : [];
  if (entries === null) throw new InputError(outDir, ['exists and is not a folder: choose another --out']);
  if (entries.length > 0 && !entries.includes(SWEEP_MANIFEST_FILE)) {
    throw new InputError(outDir, [
      `exists and is not a sweep folder (no ${SWEEP_MANIFEST_FILE}; it holds ${entries.slice(0, 3).map((e) => `'${e}'`).join(', ')}${entries.length > 3 ? ', ...' : ''}): a sweep writes only into an empty or new folder, or its own with --resume; choose another --out`,
    ]);
  }
  makeDirs(runsDir);
  removeUnfinishedFolders(runsDir);
  const manifest = sweepManifest(plan, shard);
  writeFileAtomic(join(outDir, SWEEP_MANIFEST_FILE), sweepManifestText(manifest));
  // Tables of an earlier invocation would be stale until this one finishes.
  rmSync(join(outDir, 'summary.csv'), { force: true });
  rmSync(join(outDir, 'failures.csv'), { force: true });

  const mine = plan.runs.filter((r) => inShard(r.index, shard));
  const jobsFile = jobsFileName(options.jobsFormat ?? 'csv');
  const skipped = options.resume === true ? mine.filter((r) => isRunComplete(join(runsDir, r.runId), r.paramsSha256, jobsFile)) : [];
  const skippedIds = new Set(skipped.map((r) => r.runId));
  const todo = mine.filter((r) => !skippedIds.has(r.runId));
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), Math.max(todo.length, 1)));

  let done = 0;
  let failedCount = 0;
  const report = (last?: SweepTaskResult) =>
    options.onProgress?.({ total: todo.length, done, failed: failedCount, skipped: skipped.length, ...(last === undefined ? {} : { last }) });
  report();

  const results = new Map<string, SweepTaskResult>();
  let interrupted = options.signal?.aborted === true;
  if (todo.length > 0 && !interrupted) {
    // piscina listens to the signal once per queued task; hundreds of runs are expected here.
    if (options.signal !== undefined) setMaxListeners(todo.length + 10, options.signal);
    const pool = new Piscina<SweepTask, SweepTaskResult>({ filename: sweepWorkerFile(), minThreads: workers, maxThreads: workers, idleTimeout: 1000 });
    try {
      await Promise.all(
        todo.map(async (run) => {
          const runDir = join(runsDir, run.runId);
          const task: SweepTask = {
            sweepName: plan.name,
            runId: run.runId,
            index: run.index,
            scenarioFile: plan.scenarioFile,
            scenarioRaw: plan.scenarioRaw,
            overrides: run.overrides,
            params: run.params,
            paramsSha256: run.paramsSha256,
            runDir,
            ...(options.jobsFormat === undefined ? {} : { jobsFormat: options.jobsFormat }),
            ...(options.maxJobs === undefined ? {} : { maxJobs: options.maxJobs }),
          };
          let result: SweepTaskResult;
          try {
            result = await pool.run(task, options.signal === undefined ? {} : { signal: options.signal });
          } catch (error) {
            if (options.signal?.aborted === true) {
              interrupted = true;
              return;
            }
            // The worker itself died (out of memory, a crash in native code): the run failed.
            const message = `worker failed: ${(error as Error).message}`;
            writeResultsFolder(runDir, failedRunFiles(run, message, error));
            result = { runId: run.runId, ok: false, error: message, wallS: 0 };
          }
          results.set(run.runId, result);
          done++;
          if (!result.ok) failedCount++;
          report(result);
        }),
      );
    } finally {
      await pool.destroy();
      removeUnfinishedFolders(runsDir);
    }
  }

  const ran = todo.filter((r) => results.has(r.runId)).map((r) => r.runId);
  if (interrupted) {
    const failed = todo.flatMap((r) => {
      const result = results.get(r.runId);
      return result !== undefined && !result.ok ? [{ runId: r.runId, error: result.error }] : [];
    });
    return { outDir, runs: mine.length, ran, skipped: [...skippedIds], failed, interrupted: true, workers };
  }
  const rows = mine.map((r) => readSweepRow(manifest, r.index, join(runsDir, r.runId)));
  const tables = sweepTables(manifest, rows);
  writeFileAtomic(join(outDir, 'failures.csv'), tables.failures);
  writeFileAtomic(join(outDir, 'summary.csv'), tables.summary);
  const failed = rows.filter((r) => r.error !== '').map((r) => ({ runId: r.summary[0] as string, error: r.error }));
  return { outDir, runs: mine.length, ran, skipped: [...skippedIds], failed, interrupted: false, workers };
}

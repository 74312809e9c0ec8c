import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { InputError } from '../model/input-error.js';
import type { Comparison } from '../parallel/compare-sweep.js';
import type { JobsFormat } from '../runner/run-scenario.js';
import { parseShard } from '../parallel/shard.js';
import { alignColumns } from '../report/text-table.js';
import { writeFileAtomic } from '../report/write-results.js';
import { parseOverride } from '../scenario/overrides.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE, reportError } from './exit.js';
import { createProgressDisplay } from './sweep-progress.js';
import { checkedMaxJobs } from './describe-command.js';

const DOCS = 'Docs: README.md (Sweeps: definition, cluster use), results/README.md (summary.csv, failures.csv, compare.csv of a sweep), examples/cluster/.';

/** Exit code of a sweep stopped by Ctrl-C or SIGTERM (128 + SIGINT, as shells report it). */
export const EXIT_INTERRUPTED = 130;

export const SWEEP_COMMAND = 'sweep <file>';
export const SWEEP_DESCRIPTION = 'Run every run of a sweep (policies × variants × seeds) on worker threads, or one shard of it';

/** The options of `cnsim sweep`. */
export function sweepBuilder(y: Argv) {
  return y
    .positional('file', { type: 'string', demandOption: true, describe: 'a scenario with a `sweep:` block, or a sweep file (sweep.scenario names the scenario)' })
    .option('workers', { type: 'number', describe: 'worker threads (default: the number of cores)' })
    .option('out', { type: 'string', describe: 'sweep folder (default: results/<sweep name>-sweep)' })
    .option('resume', { type: 'boolean', default: false, describe: 'keep runs whose results are complete and whose parameters hash matches; run the rest' })
    .option('shard', { type: 'string', describe: 'run only shard I of N (every N-th run, from run I; 0 ≤ I < N), e.g. $SLURM_ARRAY_TASK_ID/8' })
    .option('set', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'override a value in every run: path=value (repeatable)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
    .option('jobs-format', { type: 'string', choices: ['csv', 'parquet', 'none'], default: 'csv', describe: "each run's per-job table: jobs.csv, jobs.parquet, or none (aggregates only)" })
    .option('max-jobs', { type: 'number', describe: 'refuse a run expected to exceed this many jobs (default as for cnsim run)' })
    .epilogue(DOCS);
}
type SweepArgs = ReturnType<typeof sweepBuilder> extends Argv<infer T> ? T : never;

/**
 * `cnsim sweep`: exit 0 when every run finished, 1 when some failed (listed in failures.csv),
 * 2 for bad input (nothing run), 130 when interrupted (finished runs kept for --resume).
 */
export async function sweepHandler(args: ArgumentsCamelCase<SweepArgs>): Promise<void> {
  if (process.exitCode === EXIT_BAD_INPUT) return;
  const controller = new AbortController();
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`\ncnsim: ${signal}: stopping the sweep; finished runs are kept, run again with --resume to do the rest\n`);
    controller.abort();
  };
  // Ctrl-C on a terminal, SIGTERM from Slurm (time limit, preemption) or Kubernetes (pod deletion).
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let progress = createProgressDisplay('none');
  try {
    if (args.workers !== undefined && !(Number.isInteger(args.workers) && args.workers >= 1)) {
      throw new InputError('command line', [`--workers: expected an integer ≥ 1, got ${args.workers}`]);
    }
    const shard = args.shard === undefined ? null : parseShard(args.shard);
    const { loadSweep } = await import('../parallel/load-sweep.js');
    const { runSweep } = await import('../parallel/run-sweep.js');
    const maxJobs = checkedMaxJobs(args.maxJobs);
    const plan = loadSweep(args.file, args.set.map(String).map(parseOverride), maxJobs);
    const outDir = resolve(args.out ?? `results/${plan.name}-sweep`);
    progress = createProgressDisplay(args.quiet ? 'none' : process.stderr.isTTY === true && !process.env.CI ? 'bar' : 'lines');
    const outcome = await runSweep(plan, {
      outDir,
      jobsFormat: args.jobsFormat as JobsFormat,
      ...(maxJobs === undefined ? {} : { maxJobs }),
      ...(args.workers === undefined ? {} : { workers: args.workers }),
      resume: args.resume,
      shard,
      signal: controller.signal,
      onProgress: (p) => progress.update(p),
    });
    progress.stop();
    const shardText = shard === null ? '' : ` (shard ${shard.index}/${shard.count} of ${plan.runs.length})`;
    if (outcome.interrupted) {
      process.stderr.write(
        `cnsim: sweep interrupted: ${outcome.ran.length + outcome.skipped.length} of ${outcome.runs} runs finished${shardText}; resume with: cnsim sweep ${args.file} --out ${outDir} --resume${shard === null ? '' : ` --shard ${args.shard}`}\n`,
      );
      process.exitCode = EXIT_INTERRUPTED;
      return;
    }
    if (!args.quiet) {
      process.stdout.write(
        `sweep ${plan.name}: ${outcome.runs} runs${shardText}, ${outcome.ran.length} run now${outcome.ran.length > 0 ? ` on ${outcome.workers} worker${outcome.workers > 1 ? 's' : ''}` : ''}, ${outcome.skipped.length} kept from before, ${outcome.failed.length} failed\n` +
          `results: ${join(outDir, 'summary.csv')}\n`,
      );
    }
    if (outcome.failed.length > 0) {
      process.stderr.write(`cnsim: ${outcome.failed.length} of ${outcome.runs} runs failed (failures.csv):\n`);
      for (const f of outcome.failed.slice(0, 5)) process.stderr.write(`  ${f.runId}: ${f.error.split('\n')[0]}\n`);
      if (outcome.failed.length > 5) process.stderr.write(`  … and ${outcome.failed.length - 5} more\n`);
      process.exitCode = EXIT_FAILURE;
    }
  } catch (error) {
    progress.stop();
    reportError(error);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

export const MERGE_COMMAND = 'merge <dirs..>';
export const MERGE_DESCRIPTION = 'Combine the folders of a sharded sweep into the summary an unsharded run gives';

/** The options of `cnsim merge`. */
export function mergeBuilder(y: Argv) {
  return y
    .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'the shard folders (cnsim sweep --shard I/N --out DIR)' })
    .option('out', { type: 'string', demandOption: true, describe: 'folder for the merged sweep.json, summary.csv and failures.csv' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
    .epilogue(DOCS);
}
type MergeArgs = ReturnType<typeof mergeBuilder> extends Argv<infer T> ? T : never;

/** `cnsim merge DIR... --out DIR`: exit 2 for folders of different sweeps or a missing shard. */
export async function mergeHandler(args: ArgumentsCamelCase<MergeArgs>): Promise<void> {
  if (process.exitCode === EXIT_BAD_INPUT) return;
  try {
    const { mergeSweeps } = await import('../parallel/merge-sweeps.js');
    const outcome = mergeSweeps(args.dirs.map(String), args.out);
    if (!args.quiet) process.stdout.write(`merged ${args.dirs.length} folders: ${outcome.runs} runs, ${outcome.failed} failed → ${join(outcome.outDir, 'summary.csv')}\n`);
    if (outcome.failed > 0) process.exitCode = EXIT_FAILURE;
  } catch (error) {
    reportError(error);
  }
}

export const COMPARE_COMMAND = 'compare <dir>';
export const COMPARE_DESCRIPTION = 'Compare the values of an axis of a finished sweep: mean and 95% CI over seeds, paired differences to a baseline';

/** The options of `cnsim compare`. */
export function compareBuilder(y: Argv) {
  return y
    .positional('dir', { type: 'string', demandOption: true, describe: 'a finished (or merged) sweep folder' })
    .option('by', { type: 'string', describe: 'the axis to compare (default: the first axis other than seed), e.g. dispatch.policy' })
    .option('metric', { type: 'string', default: 'mean_wait_s', describe: 'a numeric column of summary.csv (wait_s, bsld, response_s mean their mean_ column)' })
    .option('baseline', { type: 'string', describe: 'value of the axis to take differences against (default: its first value)' })
    .option('out', { type: 'string', describe: 'CSV file (default: <dir>/compare.csv)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'write the CSV only' })
    .option('html', { type: 'boolean', default: false, describe: 'also write compare.html: mean and 95% CI per value and a forest plot of paired differences, for the main metrics' })
    .option('html-out', { type: 'string', describe: 'HTML file (default: <dir>/compare.html)' })
    .epilogue(DOCS);
}
type CompareArgs = ReturnType<typeof compareBuilder> extends Argv<infer T> ? T : never;

/** `cnsim compare DIR [--by AXIS] [--metric COL]`: writes compare.csv and prints the table. */
export async function compareHandler(args: ArgumentsCamelCase<CompareArgs>): Promise<void> {
  if (process.exitCode === EXIT_BAD_INPUT) return;
  try {
    const options = {
      metric: args.metric,
      ...(args.by === undefined ? {} : { by: args.by }),
      ...(args.baseline === undefined ? {} : { baseline: args.baseline }),
    };
    const { compareSweep } = await import('../parallel/compare-sweep.js');
    const comparison = compareSweep(args.dir, options);
    const out = resolve(args.out ?? join(args.dir, 'compare.csv'));
    // The sweep's own files are what compare reads: writing over one would break the next compare.
    const own = relative(resolve(args.dir), out);
    if (own === 'summary.csv' || own === 'failures.csv' || own === 'sweep.json' || own === 'runs' || own.startsWith(`runs${sep}`)) {
      throw new InputError('command line', [`--out ${args.out}: a file of the sweep folder compare reads; give another file (default: ${join(args.dir, 'compare.csv')})`]);
    }
    // Both outputs or none: an HTML path that is a folder is refused before the CSV is written.
    if (args.htmlOut !== undefined && existsSync(args.htmlOut) && statSync(args.htmlOut).isDirectory()) {
      throw new InputError('command line', [`--html-out ${args.htmlOut}: a folder, not a file: give the report a file name, such as ${join(args.htmlOut, 'compare.html')}`]);
    }
    writeFileAtomic(out, comparison.csv);
    if (!args.quiet) process.stdout.write(`${formatComparison(comparison)}\nwritten: ${out}\n`);
    if (args.html || args.htmlOut !== undefined) {
      const { writeSweepReport } = await import('../view/sweep-report.js');
      const html = await writeSweepReport(args.dir, { ...options, ...(args.htmlOut === undefined ? {} : { out: args.htmlOut }) });
      if (!args.quiet) process.stdout.write(`report: ${html}\n`);
    }
  } catch (error) {
    reportError(error);
  }
}

/** The comparison as aligned text: one block per context. */
export function formatComparison(c: Comparison): string {
  const num = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3)) : '-');
  const interval = (low: number, high: number): string => (Number.isFinite(low) ? `[${num(low)}, ${num(high)}]` : '-');
  const lines = [`${c.metric} by ${c.by}: mean and 95% CI over seeds (t distribution); differences paired by seed against ${c.baseline}`];
  for (const context of [...new Set(c.rows.map((r) => r.context))]) {
    const table = [[c.by, 'runs', 'mean', '95% CI', `diff vs ${c.baseline}`, '95% CI of diff', 'pairs']];
    for (const r of c.rows.filter((x) => x.context === context)) {
      table.push([
        r.value,
        String(r.stats.n),
        num(r.stats.mean),
        interval(r.stats.low, r.stats.high),
        r.diff === undefined ? 'baseline' : num(r.diff.mean),
        r.diff === undefined ? '' : interval(r.diff.low, r.diff.high),
        r.diff === undefined ? '' : String(r.diff.n),
      ]);
    }
    lines.push('', ...(context === '' ? [] : [context]));
    for (const line of alignColumns(table)) lines.push(line.trimEnd());
  }
  return lines.join('\n');
}

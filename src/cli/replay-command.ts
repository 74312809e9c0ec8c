import { resolve } from 'node:path';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { InputError } from '../model/input-error.js';
import { setOwn } from '../model/own-key.js';
import { QUEUE_POLICIES } from '../policies/registry.js';
import type { CompatMode, Ordering, ReplayOptions } from '../replay/replay.js';
import type { MetricsFilter } from '../replay/replay-metrics.js';
import type { OversizePolicy } from '../workload/swf-convert.js';
import { EXIT_BAD_INPUT, reportError } from './exit.js';
import { EXPORT_OPTION } from './export-option.js';
import { REPORT_OPTION, writeReportPage } from './report-page.js';
import type { ExportFormat } from '../report/schedule-export.js';

const DOCS =
  'Docs: README.md (trace replay), src/policies/README.md (queue policies), results/README.md (output columns, warnings.csv, metrics.csv).';

/** Parses `START:LEN` of --window. */
function parseWindow(raw: string): { start: number; length: number } {
  const m = /^(\d+):(\d+)$/.exec(raw.trim());
  if (m === null) throw new InputError('command line', [`--window: expected START:LEN (two integers, e.g. 1981:1024), got '${raw}'`]);
  return { start: Number(m[1]), length: Number(m[2]) };
}

/** Parses repeated `--policy-option key=value` (values: numbers, true/false, or strings). */
function parsePolicyOptions(raw: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new InputError('command line', [`--policy-option: expected key=value, got '${item}'`]);
    const key = item.slice(0, eq);
    const value = item.slice(eq + 1);
    setOwn(out, key, value === 'true' ? true : value === 'false' ? false : value !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
  }
  return out;
}

/** One-line description of `cnsim replay`. */
export const REPLAY_DESCRIPTION = 'Replay an SWF trace (plain or .gz) or a Batsim JSON workload on one machine with a queue policy and write its results folder';
/** The command string of `cnsim replay`. */
export const REPLAY_COMMAND = 'replay <trace>';

/** The options of `cnsim replay` (yargs builder). */
export function replayBuilder(y: Argv) {
  return (
    y
        .positional('trace', { type: 'string', demandOption: true, describe: 'SWF trace file (.swf or .swf.gz), or Batsim JSON workload (.json)' })
        .option('policy', { type: 'string', demandOption: true, describe: `queue policy (${QUEUE_POLICIES.map((p) => p.name).join(', ')}; see \`cnsim policies\`)` })
        .option('policy-option', { type: 'string', array: true, nargs: 1, default: [] as string[], describe: 'policy option as key=value, repeatable (e.g. backfillOrder=sjf)' })
        .option('procs', { type: 'number', describe: 'machine size in processors (default: header MaxProcs, else MaxNodes; Batsim: nb_res)' })
        .option('compat', { choices: ['pyss', 'rlscheduler'] as const, describe: "reproduce that tool's job conversion and event ordering exactly (never the default; SWF only)" })
        .option('ordering', { choices: ['batch', 'pyss'] as const, describe: 'simultaneous events: batch (default: all changes of an instant, then one pass) or pyss (pass after each submission and termination)' })
        .option('first', { type: 'number', describe: 'replay only the first N jobs' })
        .option('window', { type: 'string', describe: 'replay jobs START..START+LEN-1 (0-based, after conversion) on an empty machine' })
        .option('oversize', { choices: ['error', 'clamp', 'drop'] as const, default: 'error' as const, describe: 'a job larger than the machine: an error (default), clamped to the machine, or dropped' })
        .option('fill-reqtime', { type: 'boolean', default: false, describe: "with --compat pyss: pyss driver's fill-reqtime (requested time ≤ 0 := run time)" })
        .option('warmup', { type: 'number', default: 0, describe: 'leave the first N jobs out of the after-warmup row of metrics.csv' })
        .option('metrics', { choices: ['all', 'pyss-printed'] as const, default: 'all' as const, describe: "extra metrics.csv row: pyss-printed = pyss's own statistics filter" })
        .option('out', { type: 'string', describe: 'results folder (default: results/replay-<trace>-<policy>[-<compat>])' })
        .option('export', EXPORT_OPTION)
        .option('report', REPORT_OPTION)
        .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
        .epilogue(DOCS)
  );
}

type ReplayArgs = ReturnType<typeof replayBuilder> extends Argv<infer T> ? T : never;

/**
 * `cnsim replay <trace.swf[.gz]> --policy <name> ...`: replays an SWF trace on one machine and
 * writes the same results folder as `cnsim run`, plus `warnings.csv` and `metrics.csv`.
 * Bad input (trace, options) exits 2 and writes nothing.
 */
export async function replayHandler(args: ArgumentsCamelCase<ReplayArgs>): Promise<void> {
  // yargs reports a validation failure (unknown flag, bad choice) through .fail and still calls
  // the handler: nothing may run, and nothing may be written, after bad input.
  if (process.exitCode === EXIT_BAD_INPUT) return;
    try {
      const warmup = args.warmup;
      if (!(Number.isInteger(warmup) && warmup >= 0)) throw new InputError('command line', [`--warmup: expected an integer ≥ 0, got ${warmup}`]);
      const options: ReplayOptions = {
        policy: args.policy,
        policyOptions: parsePolicyOptions(args['policy-option']),
        ...(args.procs === undefined ? {} : { procs: args.procs }),
        ...(args.compat === undefined ? {} : { compat: args.compat as CompatMode }),
        ...(args.ordering === undefined ? {} : { ordering: args.ordering as Ordering }),
        ...(args.first === undefined ? {} : { first: args.first }),
        ...(args.window === undefined ? {} : { window: parseWindow(args.window) }),
        oversize: args.oversize as OversizePolicy,
        ...(args['fill-reqtime'] ? { fillReqtime: true } : {}),
        warmupJobs: warmup,
        metricsFilter: args.metrics as MetricsFilter,
        ...(args.export.length === 0 ? {} : { exports: args.export as ExportFormat[] }),
      };
      const { defaultReplayName, replayToFolder } = await import('../replay/replay.js');
      const name = defaultReplayName(args.trace, options);
      const outDir = resolve(args.out ?? `results/${name}`);
      const output = replayToFolder(args.trace, outDir, { ...options, name });
      if (!args.quiet) {
        const c = output.converted.counts;
        const lines = [
          `${args.trace}: ${output.converted.lines} job lines, ${output.replayed.length} replayed on ${output.machine.nodes * output.machine.procsPerNode} processors ` +
            `(conversion ${output.conversion}, ordering ${output.ordering}, policy ${options.policy})`,
          `warnings: ${c.skipped} skipped, ${c.changed} changed, ${c.clamped} clamped, ${c.dropped} dropped (warnings.csv)`,
        ];
        for (const row of output.metrics) {
          lines.push(
            `${row.set}: ${row.jobs} jobs, mean wait ${row.meanWaitS.toFixed(1)} s, mean bsld ${row.meanBsld.toFixed(4)}, ` +
              `utilization ${row.utilization.toFixed(5)}, makespan ${row.makespanS} s`,
          );
        }
        lines.push(`results: ${outDir} (simulated in ${output.simulationWallS.toFixed(3)} s)`);
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      if (args.report) await writeReportPage(outDir, args.quiet);
    } catch (error) {
      reportError(error);
    }
}

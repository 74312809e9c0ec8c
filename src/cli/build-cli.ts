import { join, resolve } from 'node:path';
import yargs, { type Argv } from 'yargs';
import { z } from 'zod';
import { describePolicyOptions } from '../policies/describe-options.js';
import { DISPATCH_POLICIES, QUEUE_POLICIES } from '../policies/registry.js';
import { resolvePolicies } from '../runner/load-plugin.js';
import { CNSIM_VERSION } from '../runner/version.js';
import { DEFAULT_SCENARIO } from '../scenario/default-scenario.js';
import type { JobsFormat } from '../runner/run-scenario.js';
import type { ExportFormat } from '../report/schedule-export.js';
import { EXPORT_OPTION } from './export-option.js';
import { type Override, parseOverride } from '../scenario/overrides.js';
import { parseDuration } from '../scenario/units.js';
import { formatRunTable } from './console-table.js';
import { createRunProgress } from './run-progress.js';
import { reportError } from './exit.js';
import { REPORT_OPTION, writeReportPage } from './report-page.js';
import { checkedMaxJobs, DESCRIBE_COMMAND, DESCRIBE_DESCRIPTION, describeBuilder, describeHandler } from './describe-command.js';
import { REPLAY_COMMAND, REPLAY_DESCRIPTION, replayBuilder, replayHandler } from './replay-command.js';
import { CONVERT_COMMAND, CONVERT_DESCRIPTION, convertBuilder, convertHandler } from './convert-command.js';
import * as sweep from './sweep-commands.js';
import { InputError } from '../model/input-error.js';

/** A command line yargs rejected (already reported on stderr). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const DOCS = 'Docs: README.md, scenarios/README.md (scenario fields), results/README.md (output columns).';

/**
 * `--seed` as written: decimal digits up to 2^53 − 1, as a scenario's `seed` (a number read as
 * such would take 1e30, 0x10 or '' for 0, and give seeds beyond 2^53 the run of a neighbour).
 */
function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(seed)) {
    throw new InputError('command line', [`--seed: expected a whole number from 0 to 2^53 − 1 (${Number.MAX_SAFE_INTEGER}), got '${text}'`]);
  }
  return seed;
}

/** Builds the yargs program (exported so tests can run commands in-process). */
export function buildCli(argv: string[]): Argv {
  const commandLine = argv;
  return yargs(argv)
    .scriptName('cnsim')
    .version(CNSIM_VERSION)
    .strict()
    // An option given twice is an array; only the repeatable ones (--set, --export, ...) may be.
    .check((argv, options: { array?: readonly string[]; number?: readonly string[]; string?: readonly string[] }) => {
      // yargs drops a lone '-' (read standard input, elsewhere): it would run the default scenario.
      if (commandLine.includes('-')) throw new InputError('command line', ["'-' (standard input) is not read by cnsim: give a file path"]);
      // A flag without its value (`--out` last) arrives as '': it would mean the current folder.
      for (const key of options.string ?? []) {
        if (/[A-Z]/.test(key)) continue;
        const value = argv[key];
        if (value === '' || (Array.isArray(value) && value.includes(''))) throw new InputError('command line', [`--${key}: expected a value after it`]);
      }
      const repeatable = new Set(options.array ?? []);
      for (const [key, value] of Object.entries(argv)) {
        if (key === '_' || key === '$0' || !Array.isArray(value) || repeatable.has(key) || /[A-Z]/.test(key)) continue;
        throw new InputError('command line', [`--${key} given ${value.length} times (${value.map(String).join(', ')}): give it once`]);
      }
      // A number option given text arrives as NaN: say what was written.
      for (const key of options.number ?? []) {
        if (/[A-Z]/.test(key) || !Number.isNaN(argv[key])) continue;
        const at = commandLine.findIndex((a) => a === `--${key}` || a.startsWith(`--${key}=`));
        const written = at < 0 ? '' : (commandLine[at] as string).includes('=') ? (commandLine[at] as string).slice(key.length + 3) : (commandLine[at + 1] ?? '');
        throw new InputError('command line', [`--${key}: expected a number, got '${written}'`]);
      }
      return true;
    }, true)
    .demandCommand(1, 'Give a command, e.g. `cnsim run` (the national-2025 scenario).')
    .epilogue(DOCS)
    .fail((message, error, y) => {
      // yargs' own complaints (a flag without its value) are usage messages, not cnsim faults.
      if (error?.name === 'YError') {
        message = error.message;
        error = undefined as unknown as Error;
      }
      // `--window -1:5`: yargs reads '-1:5' as flags and complains of 'Unknown argument: 1'.
      const negative = commandLine.findIndex((a, k) => /^-\d/.test(a) && k > 0 && (commandLine[k - 1] as string).startsWith('--'));
      if (negative > 0 && /^Unknown argument/.test(message)) {
        message = `${commandLine[negative - 1]}: a value that starts with '-' is written after '=' (${commandLine[negative - 1]}=${commandLine[negative]})`;
      }
      if (error) {
        reportError(error);
        // A failed check (an option given twice) must not go on to run the command.
        if (error instanceof InputError) throw new UsageError(error.message);
        return;
      }
      process.stderr.write(`${y.help() && ''}cnsim: ${message}\nRun 'cnsim --help' for usage.\n`);
      process.exitCode = 2;
      // Throwing stops yargs before it runs the command's handler with the rejected arguments.
      throw new UsageError(message);
    })
    .command(
      'run [scenario]',
      'Run a scenario and write its results folder',
      (y) =>
        y
          .positional('scenario', { type: 'string', default: DEFAULT_SCENARIO, describe: 'scenario file, or the name of a bundled scenario' })
          .option('seed', { type: 'string', describe: 'override the scenario seed (a whole number from 0 to 2^53 − 1)' })
          .option('out', { type: 'string', describe: 'results folder (default: results/<scenario name>)' })
          .option('until', { type: 'string', describe: 'cut the run off at this simulated time (seconds, or "30d"); later jobs are `unfinished`' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
          .option('max-jobs', { type: 'number', describe: 'refuse a scenario expected to exceed this many jobs (default 10^8, less if the temporary folder is short of room; see `cnsim describe`)' })
          .option('report', REPORT_OPTION)
          .option('jobs-format', {
            type: 'string',
            choices: ['csv', 'parquet', 'none'],
            default: 'csv',
            describe: 'the per-job table: jobs.csv, jobs.parquet (same columns, typed), or none (aggregates only)',
          })
          .option('export', EXPORT_OPTION)
          .option('set', {
            type: 'string',
            array: true,
            // One value a flag: `--set a=1 scenario.yaml` keeps its scenario (repeat the flag for more).
            nargs: 1,
            default: [],
            describe: 'override a scenario value, repeatable: path=value (e.g. dispatch.policy=least-loaded, links[ZZ-GZ].bandwidth=400Gbps)',
          })
          .option('dispatch', {
            type: 'string',
            describe: 'dispatch policy: a built-in name (see `cnsim policies`) or a plug-in module file (.mjs/.js, relative to the current folder)',
          })
          .epilogue(DOCS),
      async (args) => {
        try {
          // Loaded when the command runs, so that every other command starts without them.
          const { loadScenario, resolveScenarioPath } = await import('../scenario/load-scenario.js');
          const { runToFolder } = await import('../runner/run-scenario.js');
          const file = resolveScenarioPath(args.scenario);
          const scenario = loadScenario(file, [...args.set.map(String).map(parseOverride), ...dispatchOverrides(args.dispatch)]);
          const policies = await resolvePolicies(scenario);
          const seed = args.seed === undefined ? undefined : parseSeed(args.seed);
          const untilS = args.until === undefined ? undefined : parseUntil(args.until);
          // Before any job is generated: a scenario that cannot fit is refused within a second.
          const { checkResources } = await import('../runner/resource-estimate.js');
          checkResources(scenario, checkedMaxJobs(args.maxJobs));
          const outDir = resolve(args.out ?? `results/${scenario.name}`);
          const progress = createRunProgress(scenario.name, Math.min(scenario.horizonS, untilS ?? Number.POSITIVE_INFINITY), !args.quiet && process.stderr.isTTY === true && !process.env.CI);
          let output;
          try {
            output = runToFolder(
              scenario,
              file,
              outDir,
              {
                ...(seed === undefined ? {} : { seed }),
                ...(untilS === undefined ? {} : { untilS }),
                ...(progress === undefined ? {} : { onProgress: progress.update, progressEvery: 50_000 }),
              },
              policies,
              args.jobsFormat as JobsFormat,
              { exports: args.export as ExportFormat[] },
            );
          } finally {
            progress?.stop();
          }
          if (!args.quiet) {
            process.stdout.write(`${formatRunTable(output.reports)}\n`);
            process.stdout.write(`results: ${outDir} (simulated in ${output.simulationWallS.toFixed(2)} s)\n`);
          }
          if (args.report) await writeReportPage(outDir, args.quiet);
        } catch (error) {
          reportError(error);
        }
      },
    )
    .command(
      'validate <scenario>',
      'Check a scenario file and list every problem',
      (y) =>
        y
          .positional('scenario', { type: 'string', demandOption: true })
          .option('set', { type: 'string', array: true, nargs: 1, default: [], describe: 'override a value first: path=value (repeatable)' })
          .option('dispatch', { type: 'string', describe: 'dispatch policy name or plug-in module file (checked like `run --dispatch`)' })
          .epilogue(DOCS),
      async (args) => {
        try {
          const { loadScenario } = await import('../scenario/load-scenario.js');
          const s = loadScenario(args.scenario, [...args.set.map(String).map(parseOverride), ...dispatchOverrides(args.dispatch)]);
          await resolvePolicies(s);
          // What `run` would refuse whatever the machine and its flags (report windows, view refreshes) is no valid scenario.
          const { checkRunShape } = await import('../runner/resource-estimate.js');
          checkRunShape(s);
          const nodes = s.centres.reduce((sum, c) => sum + c.partitions.reduce((a, p) => a + p.nodes, 0), 0);
          process.stdout.write(
            `${args.scenario}: valid (${s.centres.length} centres, ${s.sites.length} sites, ${s.links.length} links, ${nodes} nodes, ${s.workload.length} workload sources)\n`,
          );
        } catch (error) {
          reportError(error);
        }
      },
    )
    .command(
      'schema',
      'Print the JSON Schema of scenario files (for editors)',
      (y) => y.epilogue(DOCS),
      async () => {
        const { scenarioSchema } = await import('../scenario/schema.js');
        process.stdout.write(`${JSON.stringify(z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }), null, 2)}\n`);
      },
    )
    .command(
      'report <dir>',
      'Draw the HTML report of a results folder (map, charts; no re-run), optionally against a baseline',
      (y) =>
        y
          .positional('dir', { type: 'string', demandOption: true, describe: 'a results folder written by `cnsim run` or `cnsim replay`' })
          .option('baseline', { type: 'string', describe: 'a results folder of the same centres to compare against (what-if views)' })
          .option('out', { type: 'string', describe: 'HTML file to write (default: <dir>/report.html)' })
          .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
          .epilogue(DOCS),
      async (args) => {
        try {
          const { writeRunReport } = await import('../view/write-report.js');
          const file = await writeRunReport(args.dir, {
            ...(args.baseline === undefined ? {} : { baselineDir: args.baseline }),
            ...(args.out === undefined ? {} : { out: args.out }),
          });
          if (!args.quiet) process.stdout.write(`report: ${file}\n`);
        } catch (error) {
          reportError(error);
        }
      },
    )
    .command(REPLAY_COMMAND, REPLAY_DESCRIPTION, replayBuilder, replayHandler)
    .command(CONVERT_COMMAND, CONVERT_DESCRIPTION, convertBuilder, convertHandler)
    .command(DESCRIBE_COMMAND, DESCRIBE_DESCRIPTION, describeBuilder, describeHandler)
    .command(sweep.SWEEP_COMMAND, sweep.SWEEP_DESCRIPTION, sweep.sweepBuilder, sweep.sweepHandler)
    .command(sweep.MERGE_COMMAND, sweep.MERGE_DESCRIPTION, sweep.mergeBuilder, sweep.mergeHandler)
    .command(sweep.COMPARE_COMMAND, sweep.COMPARE_DESCRIPTION, sweep.compareBuilder, sweep.compareHandler)
    .command(
      'policies',
      'List dispatch and queue policies with their options',
      (y) => y.epilogue(DOCS),
      () => {
        const lines: string[] = [];
        for (const [title, list] of [
          ['Dispatch policies (scenario: dispatch.policy)', DISPATCH_POLICIES],
          ['Queue policies (scenario: centres[].queue.policy)', QUEUE_POLICIES],
        ] as const) {
          lines.push(title);
          for (const p of list) {
            lines.push(`  ${p.name.padEnd(24)}${p.summary}`);
            for (const o of describePolicyOptions(p)) {
              lines.push(`  ${''.padEnd(24)}  option ${o.name} (${o.type}${o.defaultValue === '' ? '' : `, default ${o.defaultValue}`}): ${o.doc}`);
            }
          }
          lines.push('');
        }
        lines.push('Plug-ins: dispatch: { module: ./my-policy.mjs, options: {...} } in a scenario, or `cnsim run --dispatch ./my-policy.mjs`;');
        lines.push('see examples/dispatch-plugin.mjs and src/policies/README.md.');
        lines.push('');
        process.stdout.write(lines.join('\n'));
      },
    )
    .help();
}

/**
 * `--dispatch <name|file>` as scenario overrides: a file (an existing path, or a name ending in
 * .mjs/.js/.cjs) becomes `dispatch.module` (absolute, so relative to the current folder), a name
 * becomes `dispatch.policy`; the other key is cleared so the scenario's own choice gives way.
 */
function dispatchOverrides(value: string | undefined): Override[] {
  if (value === undefined) return [];
  // external:<command> names a process, whatever its command line contains.
  const isFile = !value.startsWith('external:') && (/\.(mjs|cjs|js)$/.test(value) || value.includes('/') || value.includes('\\'));
  return isFile
    ? [
        { path: 'dispatch.module', value: resolve(value) },
        { path: 'dispatch.policy', value: undefined },
      ]
    : [
        { path: 'dispatch.policy', value },
        { path: 'dispatch.module', value: undefined },
      ];
}

function parseUntil(raw: string): number {
  const r = parseDuration(raw);
  if (!r.ok || r.value < 0) throw new InputError('command line', [`--until: ${r.ok ? 'expected a time ≥ 0' : r.message}`]);
  return r.value;
}

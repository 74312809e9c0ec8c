import { existsSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { InputError } from '../model/input-error.js';
import { WARNINGS_COLUMNS } from '../replay/replay.js';
import { toCsv } from '../report/csv.js';
import { writeFilesAtomic } from '../report/write-results.js';
import {
  formatOfFile,
  INPUT_FORMATS,
  type InputFormat,
  OUTPUT_FORMATS,
  type OutputFormat,
  readWorkload,
  writeWorkload,
} from '../workload/convert-workload.js';
import { EXIT_BAD_INPUT, reportError } from './exit.js';

const DOCS = 'Docs: README.md (cnsim convert: what each conversion keeps and loses), scenarios/README.md (workload formats).';

/** One-line description of `cnsim convert`. */
export const CONVERT_DESCRIPTION = 'Convert a workload between SWF, Batsim JSON and cnsim jobs CSV (also from Slurm sacct output)';
/** The command string of `cnsim convert`. */
export const CONVERT_COMMAND = 'convert <in> <out>';

/** The options of `cnsim convert` (yargs builder). */
export function convertBuilder(y: Argv) {
  return y
    .positional('in', { type: 'string', demandOption: true, describe: 'input file (.swf/.swf.gz SWF, .json Batsim, .csv jobs, .sacct/.psv sacct --parsable2)' })
    .positional('out', { type: 'string', demandOption: true, describe: 'output file (.swf or .swf.gz, .json, .csv)' })
    .option('from', { choices: INPUT_FORMATS, describe: 'input format (default: from the extension)' })
    .option('to', { choices: OUTPUT_FORMATS, describe: 'output format (default: from the extension)' })
    .option('origin', { type: 'string', default: 'origin', describe: 'jobs CSV origin site of every job, for inputs without sites (SWF, Batsim, sacct)' })
    .option('class', { type: 'string', default: 'hpc', describe: 'jobs CSV class of every job, for inputs without classes' })
    .option('class-from-partition', { type: 'boolean', default: false, describe: 'sacct input: class := the Partition column' })
    .option('procs', { type: 'number', describe: "machine size written (SWF MaxProcs, Batsim nb_res; default: the input's, else the largest job)" })
    .option('warnings', { type: 'string', describe: 'where to list skipped and changed jobs (default: <out>.warnings.csv, written only when there are some)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'print nothing but errors' })
    .epilogue(DOCS);
}

type ConvertArgs = ReturnType<typeof convertBuilder> extends Argv<infer T> ? T : never;

/**
 * `cnsim convert <in> <out>`: reads a workload, writes it in another format (atomically: a
 * temporary sibling renamed over `out`) and lists what the conversion skipped or changed in a
 * warnings CSV. Bad input exits 2 and writes nothing.
 */
export async function convertHandler(args: ArgumentsCamelCase<ConvertArgs>): Promise<void> {
  if (process.exitCode === EXIT_BAD_INPUT) return;
  try {
    const from: InputFormat | undefined = args.from ?? formatOfFile(args.in);
    if (from === undefined) {
      throw new InputError('command line', [`cannot tell the format of '${args.in}' from its name: give --from (${INPUT_FORMATS.join(', ')})`]);
    }
    const guessedTo = formatOfFile(args.out);
    const to: OutputFormat | undefined = args.to ?? (guessedTo === 'sacct' ? undefined : guessedTo);
    if (to === undefined) {
      throw new InputError('command line', [`cannot tell the output format of '${args.out}' from its name: give --to (${OUTPUT_FORMATS.join(', ')}; sacct is read only)`]);
    }
    if (args.procs !== undefined && !(Number.isInteger(args.procs) && args.procs > 0)) {
      throw new InputError('command line', [`--procs: expected a positive integer number of processors, got ${args.procs}`]);
    }
    if (args.origin === '' || args.class === '') throw new InputError('command line', ['--origin and --class: expected a non-empty name']);
    // The jobs CSV's origin is a site id of a scenario: what a scenario would refuse is refused here.
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(args.origin)) {
      throw new InputError('command line', [`--origin: expected a site id of letters, digits, "_", "." or "-" (as in a scenario), got '${args.origin}'`]);
    }
    // Writing over the input would replace the trace by its lossy conversion.
    const clash = [args.out, args.warnings].find((path) => path !== undefined && sameFile(args.in, path));
    if (clash !== undefined) throw new InputError('command line', [`'${clash}' is the input file '${args.in}': a conversion keeps its input; give another output path`]);
    const workload = readWorkload(args.in, from, { origin: args.origin, jobClass: args.class, classFromPartition: args.classFromPartition });
    const written = writeWorkload(to, workload, args.procs);
    const warnings = [...workload.warnings, ...written.warnings];
    const bytes = to === 'swf' && args.out.toLowerCase().endsWith('.gz') ? gzipSync(written.text) : written.text;
    const warningsFile = args.warnings ?? `${args.out}.warnings.csv`;
    const files: [string, string | Uint8Array][] = [[args.out, bytes]];
    if (warnings.length > 0) {
      const rows = warnings.map((w) => [String(w.line), w.jobId, w.action, w.field, w.reason]);
      files.push([warningsFile, toCsv(WARNINGS_COLUMNS.map((c) => c[0]), rows)]);
    }
    // Both files or neither: a warnings path that cannot be written leaves no output without its list.
    writeFilesAtomic(files);
    if (warnings.length === 0 && args.warnings === undefined && existsSync(warningsFile)) {
      // A list from an earlier conversion to the same file would describe another output.
      rmSync(warningsFile);
    }
    if (!args.quiet) {
      const count = (action: string): number => warnings.filter((w) => w.action === action).length;
      process.stdout.write(
        `${args.in} (${from}) → ${args.out} (${to}): ${workload.jobs.length} jobs written, ${count('skipped')} skipped, ${count('changed')} changed` +
          `${warnings.length > 0 ? ` (listed in ${warningsFile})` : ''}\n`,
      );
    }
  } catch (error) {
    reportError(error);
  }
}

/** Whether two paths name the same file (the same path, or links to one file). */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true;
  try {
    const sa = statSync(a);
    const sb = statSync(b);
    return sa.ino === sb.ino && sa.dev === sb.dev;
  } catch {
    return false;
  }
}

import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import { readBatsim } from './batsim-json.js';
import { readJobsCsv } from './jobs-csv.js';
import { readSacct } from './sacct.js';
import { convertSwf, type SwfWarning, traceJobSpec } from './swf-convert.js';
import { readSwf } from './swf.js';
import { type WriteMeta, type Written, writeBatsimText, writeJobsCsvText, writeSwfText } from './workload-writers.js';

/** Formats `cnsim convert` reads. */
export const INPUT_FORMATS = ['swf', 'batsim', 'jobs', 'sacct'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];
/** Formats `cnsim convert` writes (sacct is accounting output, never written). */
export const OUTPUT_FORMATS = ['swf', 'batsim', 'jobs'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The format of a file from its name: `.swf`/`.swf.gz` SWF, `.json` Batsim, `.csv` jobs CSV,
 * `.sacct`/`.psv` sacct output; undefined otherwise.
 */
export function formatOfFile(file: string): InputFormat | undefined {
  const name = file.toLowerCase();
  if (name.endsWith('.swf') || name.endsWith('.swf.gz')) return 'swf';
  if (name.endsWith('.json')) return 'batsim';
  if (name.endsWith('.csv')) return 'jobs';
  if (name.endsWith('.sacct') || name.endsWith('.psv')) return 'sacct';
  return undefined;
}

/** Options of reading for a conversion. */
export interface ReadWorkloadOptions {
  /** Site of every job of a format that has no site (all but jobs CSV). */
  readonly origin: string;
  /** Class of every job of a format that has no class (all but jobs CSV). */
  readonly jobClass: string;
  /** sacct: class := Partition (an empty partition keeps `jobClass`). */
  readonly classFromPartition?: boolean;
}

/** Jobs read from any format, with what the writers need and what the reading skipped or changed. */
export interface WorkloadForConversion {
  readonly jobs: JobSpec[];
  readonly warnings: SwfWarning[];
  /** Machine size the source gives (SWF MaxProcs/MaxNodes, Batsim nb_res), if any. */
  readonly machineProcs: number | undefined;
  readonly unixStartTime?: number;
  /** What was converted, for the output's header. */
  readonly notes: string[];
}

/**
 * Reads a workload file in the given format into job specs, with the conversions of the scenario
 * sources (`kind: swf`, `batsim`, `sacct`, `jobs`): DESIGN §4 for SWF (every skip and change
 * listed), readBatsim and readSacct for the others.
 * @throws InputError for an unreadable or malformed file, or one where no job can run
 */
export function readWorkload(file: string, format: InputFormat, options: ReadWorkloadOptions): WorkloadForConversion {
  const at = (submitS: number) => ({ origin: options.origin, dataSite: options.origin, jobClass: options.jobClass, submitS });
  switch (format) {
    case 'swf': {
      const trace = readSwf(file);
      // Oversize jobs are kept: the converted file is for a machine the user chooses.
      const converted = convertSwf(trace, { conversion: 'cnsim', machineProcs: Number.POSITIVE_INFINITY });
      if (converted.jobs.length === 0) throw new InputError(file, ['no job can run: every job line was skipped']);
      return {
        jobs: converted.jobs.map((j) => traceJobSpec(j, at(j.submitS))),
        warnings: converted.warnings,
        machineProcs: trace.header.maxProcs ?? trace.header.maxNodes,
        ...(trace.header.unixStartTime === undefined ? {} : { unixStartTime: trace.header.unixStartTime }),
        notes: ['jobs converted from an SWF trace by cnsim docs/DESIGN.md §4 (processors = allocated, else requested; walltime = requested time, else run time)'],
      };
    }
    case 'batsim': {
      const w = readBatsim(file);
      return {
        jobs: w.jobs.map((j) => traceJobSpec(j, at(j.submitS))),
        warnings: w.warnings,
        machineProcs: w.nbRes,
        notes: ['jobs converted from a Batsim workload (processors = res; runtime = delay profile; walltime = walltime, else runtime)'],
      };
    }
    case 'sacct': {
      const w = readSacct(file);
      return {
        jobs: w.jobs.map((j) => ({
          ...traceJobSpec(j, at(j.submitS)),
          gpus: j.gpus,
          jobClass: options.classFromPartition === true && j.partition !== '' ? j.partition : options.jobClass,
        })),
        warnings: w.warnings,
        machineProcs: undefined,
        unixStartTime: w.epochS,
        notes: [
          `jobs converted from sacct output (cores = NCPUS; gpus = AllocTRES gres/gpu; runtime = Elapsed; walltime = Timelimit, else Elapsed; ${w.steps} job steps left out); times relative to the earliest Submit, local time read as UTC`,
        ],
      };
    }
    case 'jobs':
      return { jobs: readJobsCsv(file), warnings: [], machineProcs: undefined, notes: ['jobs read from a cnsim jobs CSV'] };
  }
}

/**
 * Writes jobs in an output format. The machine size is `procs`, else the source's, else the
 * largest job's cores (a header note says which).
 */
export function writeWorkload(format: OutputFormat, workload: WorkloadForConversion, procs?: number): Written {
  const largest = workload.jobs.reduce((m, j) => Math.max(m, j.cores), 1);
  const machineProcs = procs ?? workload.machineProcs ?? largest;
  const notes = [
    ...workload.notes,
    ...(format !== 'jobs' && procs === undefined && workload.machineProcs === undefined ? [`the source gives no machine size: MaxProcs/nb_res = the largest job (${largest} processors); give --procs`] : []),
  ];
  const meta: WriteMeta = { machineProcs, notes, ...(workload.unixStartTime === undefined ? {} : { unixStartTime: workload.unixStartTime }) };
  // Written in queue order (submit, then source order), the order every reader restores.
  const jobs = workload.jobs.map((job, i) => ({ job, i })).sort((a, b) => a.job.submitS - b.job.submitS || a.i - b.i).map((x) => x.job);
  switch (format) {
    case 'swf':
      return writeSwfText(jobs, meta);
    case 'batsim':
      return writeBatsimText(jobs, meta);
    case 'jobs':
      return writeJobsCsvText(jobs, meta);
  }
}

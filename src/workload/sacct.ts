import { readInputFile } from './read-input.js';
import { InputError } from '../model/input-error.js';
import { traceNumber } from './trace-number.js';
import { parseSlurmDate, parseSlurmDuration } from './slurm-time.js';
import { smallInteger } from './small-integer.js';
import type { ReplayJob, SwfWarning } from './swf-convert.js';

/** A job of a sacct file ready to simulate; `procs` = NCPUS (cores). */
export interface SacctJob extends ReplayJob {
  /** GPUs from AllocTRES `gres/gpu=N` (or the sum of `gres/gpu:<model>=N`). */
  readonly gpus: number;
  /** Partition column ('' when absent). */
  readonly partition: string;
}

/** A sacct file after conversion. */
export interface SacctWorkload {
  readonly file: string;
  /** Jobs in queue order (submit, line); submit times relative to {@link epochS}. */
  readonly jobs: SacctJob[];
  readonly warnings: SwfWarning[];
  readonly counts: Readonly<Record<SwfWarning['action'], number>>;
  /** Job steps (`123.batch`, `123.extern`, `123.0`) left out: they run inside their job. */
  readonly steps: number;
  /** Jobs left out by the partition filter. */
  readonly filtered: number;
  /** Data lines read (jobs and steps). */
  readonly lines: number;
  /** The earliest Submit of the kept jobs, in seconds since 1970-01-01 as if the file's local time were UTC. */
  readonly epochS: number;
}

export interface SacctOptions {
  /** Keep only jobs of these partitions (default: all). */
  readonly partitions?: readonly string[];
}

/** States of a job that ran and ended: it is replayed for its Elapsed time. */
const ENDED = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'PREEMPTED', 'CANCELLED', 'DEADLINE', 'BOOT_FAIL']);
/** States of a job that has not run to an end (no runtime to replay). */
const NOT_ENDED = new Set(['PENDING', 'RUNNING', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESIZING', 'SUSPENDED', 'REVOKED', 'SPECIAL_EXIT', 'STOPPED']);
/** Timelimit values that mean "no limit of the job's own". */
const NO_LIMIT = new Set(['', 'UNLIMITED', 'Partition_Limit', 'INVALID']);
/** Start values of a job that never started. */
const NO_START = new Set(['', 'Unknown', 'None']);

const SUGGESTED = 'sacct --parsable2 --allocations --format=JobID,Submit,Start,End,Elapsed,Timelimit,NNodes,NCPUS,AllocTRES,Partition,State';
const MAX_PROBLEMS = 20;

/**
 * Reads `sacct --parsable2` output (fields separated by `|`, the header line first: output of
 * `--noheader` is refused; the trailing `|` of `--parsable` is accepted). Columns used: JobID (or
 * JobIDRaw), Submit, Start, Elapsed, NCPUS (or AllocCPUS), State; optional Timelimit, AllocTRES,
 * Partition (End and NNodes may be present and are not used: runtime = Elapsed, and cnsim places
 * cores, not nodes). Conversions:
 * - job steps (a JobID with a `.`) are left out silently and counted; array tasks (`123_4`) are jobs;
 * - submit = Submit − the earliest Submit of the kept jobs (dates without a zone, read as UTC);
 * - cores = NCPUS; GPUs = AllocTRES `gres/gpu=N`, else the sum of `gres/gpu:<model>=N` (the model is dropped);
 * - runtime = Elapsed (a job with Elapsed 0 is skipped, as an SWF job with run time ≤ 0);
 * - walltime = Timelimit; UNLIMITED, Partition_Limit or empty: walltime := runtime, listed as `changed`;
 *   a runtime beyond the walltime (TIMEOUT jobs often overrun by seconds) is killed at the walltime;
 * - states COMPLETED, FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, PREEMPTED, DEADLINE, BOOT_FAIL and
 *   CANCELLED (by N) with a Start run for their Elapsed; PENDING, RUNNING, REQUEUED, SUSPENDED, ...
 *   and CANCELLED before a start are `skipped`; an unknown state with a Start and an Elapsed is run
 *   (`changed`), without them `skipped`;
 * - a malformed date, duration, count or AllocTRES, or a line with the wrong number of fields:
 *   the line is `skipped` with the reason (a malformed Timelimit only makes walltime := runtime).
 * @throws InputError naming the file for an unreadable file, a missing header or column, or when
 *   no job can run (the first 20 reasons, each with its line)
 */
export function readSacct(file: string, text?: string, options: SacctOptions = {}): SacctWorkload {
  let source: string;
  try {
    source = text ?? readInputFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, [`cannot read: ${(error as Error).message}`], { cause: error });
  }
  const rows = source.split('\n');
  const headerIndex = rows.findIndex((r) => r.trim() !== '');
  if (headerIndex < 0) throw new InputError(file, [`empty file: expected sacct output with its header line (${SUGGESTED})`]);
  const header = splitRow(rows[headerIndex] as string);
  if (header[header.length - 1] === '') header.pop();
  const col = new Map(header.map((name, i) => [name.trim(), i]));
  const idCol = col.get('JobID') ?? col.get('JobIDRaw');
  const cpuCol = col.get('NCPUS') ?? col.get('AllocCPUS');
  const missing = [
    ...(idCol === undefined ? ['JobID'] : []),
    ...['Submit', 'Start', 'Elapsed', 'State'].filter((c) => !col.has(c)),
    ...(cpuCol === undefined ? ['NCPUS'] : []),
  ];
  if (missing.length > 0) {
    const noHeader = /^\d/.test(header[0] ?? '');
    throw new InputError(file, [
      noHeader
        ? `line ${headerIndex + 1}: expected the header line (JobID|Submit|...) first; run sacct without --noheader: ${SUGGESTED}`
        : `line ${headerIndex + 1}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}; run ${SUGGESTED}`,
    ]);
  }
  const at = (fields: readonly string[], name: string): string => {
    const i = col.get(name);
    return i === undefined ? '' : (fields[i] ?? '').trim();
  };
  const keep = options.partitions === undefined ? null : new Set(options.partitions);

  const warnings: SwfWarning[] = [];
  const counts = { skipped: 0, changed: 0, clamped: 0, dropped: 0 };
  const warn = (line: number, jobId: string, action: 'skipped' | 'changed', field: string, reason: string): void => {
    counts[action]++;
    warnings.push({ line, jobId, action, field, reason });
  };
  const absolute: (SacctJob & { readonly absSubmitS: number })[] = [];
  const seen = new Set<string>();
  let steps = 0;
  let filtered = 0;
  let lines = 0;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r] as string;
    if (row.trim() === '') continue;
    lines++;
    const line = r + 1;
    const fields = splitRow(row);
    if (fields.length === header.length + 1 && fields[fields.length - 1] === '') fields.pop();
    const id = (fields[idCol as number] ?? '').trim();
    if (fields.length !== header.length) {
      warn(line, id, 'skipped', 'line', `expected ${header.length} fields separated by '|' (as the header), got ${fields.length}`);
      continue;
    }
    if (id.includes('.')) {
      steps++;
      continue;
    }
    if (id === '') {
      warn(line, id, 'skipped', 'JobID', 'empty JobID');
      continue;
    }
    const partition = at(fields, 'Partition');
    if (keep !== null && !keep.has(partition)) {
      filtered++;
      continue;
    }
    const stateRaw = at(fields, 'State');
    const state = stateRaw.split(/\s+/)[0] ?? '';
    const startRaw = at(fields, 'Start');
    const started = !NO_START.has(startRaw);
    if (NOT_ENDED.has(state)) {
      warn(line, id, 'skipped', 'State', `state ${stateRaw}: the job has not run to its end, so there is no runtime to replay`);
      continue;
    }
    if (!started) {
      warn(line, id, 'skipped', 'State', `state ${stateRaw || '(empty)'} and no Start ('${startRaw}'): the job never ran`);
      continue;
    }
    const submit = parseSlurmDate(at(fields, 'Submit'));
    if (!submit.ok) {
      warn(line, id, 'skipped', 'Submit', submit.reason);
      continue;
    }
    const start = parseSlurmDate(startRaw);
    if (!start.ok) {
      warn(line, id, 'skipped', 'Start', start.reason);
      continue;
    }
    const elapsed = parseSlurmDuration(at(fields, 'Elapsed'));
    if (!elapsed.ok) {
      warn(line, id, 'skipped', 'Elapsed', elapsed.reason);
      continue;
    }
    if (!(elapsed.value > 0)) {
      warn(line, id, 'skipped', 'Elapsed', `run time ${elapsed.value} s ≤ 0`);
      continue;
    }
    const cpusRaw = (fields[cpuCol as number] ?? '').trim();
    const cores = traceNumber(cpusRaw);
    if (!(Number.isInteger(cores) && cores >= 1)) {
      warn(line, id, 'skipped', header[cpuCol as number] ?? 'NCPUS', `expected a whole number of CPUs from 1 to 2^53, got '${cpusRaw}'`);
      continue;
    }
    const gpus = gpusOfTres(at(fields, 'AllocTRES'));
    if (typeof gpus === 'string') {
      warn(line, id, 'skipped', 'AllocTRES', gpus);
      continue;
    }
    if (seen.has(id)) {
      warn(line, id, 'skipped', 'JobID', `duplicate JobID '${id}' (sacct --duplicates lists every run of a requeued job): the first is kept`);
      continue;
    }
    seen.add(id);
    if (!ENDED.has(state)) warn(line, id, 'changed', 'State', `unknown state '${stateRaw}': run for its Elapsed, as a job that ended`);
    const runtimeS = elapsed.value;
    const limitRaw = col.has('Timelimit') ? at(fields, 'Timelimit') : '';
    let walltimeS = runtimeS;
    if (NO_LIMIT.has(limitRaw)) {
      warn(line, id, 'changed', 'Timelimit', `no time limit of its own ('${limitRaw}'): walltime := run time ${runtimeS} s`);
    } else {
      const limit = parseSlurmDuration(limitRaw);
      if (!limit.ok || !(limit.value > 0)) {
        warn(line, id, 'changed', 'Timelimit', `${limit.ok ? `time limit ${limit.value} s ≤ 0` : limit.reason}: walltime := run time ${runtimeS} s`);
      } else {
        walltimeS = limit.value;
      }
    }
    absolute.push({ id, line, submitS: 0, absSubmitS: submit.value, procs: cores, runtimeS: smallInteger(runtimeS), walltimeS: smallInteger(walltimeS), gpus, partition });
  }
  if (absolute.length === 0) {
    const why = warnings.filter((w) => w.action === 'skipped').slice(0, MAX_PROBLEMS).map((w) => `line ${w.line} (job ${w.jobId}): ${w.field}: ${w.reason}`);
    const what = lines === 0 ? 'no job lines after the header' : `no job can run (${steps} steps${filtered > 0 ? `, ${filtered} jobs of other partitions` : ''} left out)`;
    throw new InputError(file, [what, ...why]);
  }
  const epochS = absolute.reduce((min, j) => Math.min(min, j.absSubmitS), Number.POSITIVE_INFINITY);
  const jobs = absolute.map(({ absSubmitS, ...job }) => ({ ...job, submitS: smallInteger(absSubmitS - epochS) }));
  // Queue order is (submit, line); a stable sort keeps file order among equal submits.
  jobs.sort((a, b) => a.submitS - b.submitS || a.line - b.line);
  return { file, jobs, warnings, counts, steps, filtered, lines, epochS };
}

function splitRow(row: string): string[] {
  return (row.endsWith('\r') ? row.slice(0, -1) : row).split('|');
}

/**
 * GPUs of an AllocTRES value (`billing=8,cpu=8,gres/gpu:a100=2,gres/gpu=2,mem=64G,node=1`):
 * `gres/gpu=N` when present, else the sum over `gres/gpu:<model>=N`; 0 when none. A string says
 * what is malformed.
 */
export function gpusOfTres(tres: string): number | string {
  if (tres === '') return 0;
  let generic: number | undefined;
  let typed = 0;
  for (const item of tres.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) return `expected key=value items separated by ',', got '${item}' in '${tres}'`;
    const key = item.slice(0, eq).trim();
    if (key !== 'gres/gpu' && !key.startsWith('gres/gpu:')) continue;
    const value = item.slice(eq + 1).trim();
    const n = traceNumber(value);
    if (!(Number.isInteger(n) && n >= 0)) return `${key}: expected a whole number of GPUs (at most 2^53), got '${value}'`;
    if (key === 'gres/gpu') generic = n;
    else typed += n;
  }
  return generic ?? typed;
}

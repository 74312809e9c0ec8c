import { readInputFile, withoutBom } from './read-input.js';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../model/input-error.js';
import { traceNumber, traceNumberProblem } from './trace-number.js';

/** The 18 fields of a Standard Workload Format line, in order (Parallel Workloads Archive). */
export const SWF_FIELDS = [
  'job_number',
  'submit_time',
  'wait_time',
  'run_time',
  'allocated_procs',
  'avg_cpu_time',
  'used_memory',
  'requested_procs',
  'requested_time',
  'requested_memory',
  'status',
  'user_id',
  'group_id',
  'executable',
  'queue',
  'partition',
  'preceding_job',
  'think_time',
] as const;

/** Header comments of an SWF file that matter for a replay (undefined when absent). */
export interface SwfHeader {
  readonly maxProcs: number | undefined;
  readonly maxNodes: number | undefined;
  readonly unixStartTime: number | undefined;
  readonly maxJobs: number | undefined;
  /** Every `; Key: value` header line, in file order (duplicates keep the first value). */
  readonly fields: ReadonlyMap<string, string>;
}

/**
 * The job lines of an SWF file, column-wise (one typed array per field, index = job line
 * order), so a 10^6-line trace costs 18 × 8 bytes per job and no object per line.
 */
export interface SwfTrace {
  readonly file: string;
  readonly header: SwfHeader;
  /** Number of job lines. */
  readonly count: number;
  /** `fields[k][i]` = field k+1 of job line i (see {@link SWF_FIELDS}). */
  readonly fields: readonly Float64Array[];
  /** 1-based line number in the (decompressed) file of job line i. */
  readonly lines: Int32Array;
}

/** Field indices (0-based) of {@link SwfTrace.fields}. */
export const F = {
  job: 0,
  submit: 1,
  wait: 2,
  run: 3,
  allocProcs: 4,
  reqProcs: 7,
  reqTime: 8,
} as const;

/**
 * Reads an SWF trace, plain or gzipped (detected by its magic bytes, whatever the name).
 * Header comments (`; MaxProcs: 338`) are parsed; other comment lines and blank lines are
 * ignored. Every job line must have exactly 18 numeric fields.
 * @throws InputError naming the file, the line and the field for a malformed line; or for a
 *   file that cannot be read or decompressed (e.g. a truncated gzip)
 */
export function readSwf(file: string, data?: Uint8Array): SwfTrace {
  let bytes: Uint8Array;
  try {
    bytes = data ?? readInputFile(file);
  } catch (error) {
    throw new InputError(file, [`cannot read: ${(error as Error).message}`], { cause: error });
  }
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new InputError(file, [`not a valid gzip file (truncated or corrupt): ${(error as Error).message}`], { cause: error });
    }
  }
  // UTF-8, so that a message quotes a stray character as written (SWF itself is ASCII).
  return parseSwfText(file, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
}

const MAX_PROBLEMS = 20;

/**
 * Parses the text of an SWF file (see {@link readSwf}).
 * @throws InputError listing up to 20 malformed lines
 */
export function parseSwfText(file: string, original: string): SwfTrace {
  // A byte-order mark is no part of the first line; old Mac files end lines with CR alone.
  let text = withoutBom(original);
  if (text.indexOf('\n') < 0 && text.indexOf('\r') >= 0) text = text.replaceAll('\r', '\n');
  const headerFields = new Map<string, string>();
  const problems: string[] = [];
  let capacity = 1024;
  let fields = Array.from({ length: 18 }, () => new Float64Array(capacity));
  let lines = new Int32Array(capacity);
  let count = 0;
  let lineNo = 0;
  let pos = 0;
  const n = text.length;
  const values = new Float64Array(18);
  while (pos < n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    lineNo++;
    const lineStart = pos;
    pos = end + 1;
    // Skip leading blanks.
    let i = lineStart;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    if (i >= end) continue;
    if (text.charCodeAt(i) === 59 /* ; */) {
      const body = text.slice(i + 1, end).trim();
      const colon = body.indexOf(':');
      if (colon > 0) {
        const key = body.slice(0, colon).trim();
        if (!headerFields.has(key)) headerFields.set(key, body.slice(colon + 1).trim());
      }
      continue;
    }
    // Tokenise the job line.
    let k = 0;
    let bad = '';
    while (i < end) {
      const startTok = i;
      while (i < end && !isBlank(text.charCodeAt(i))) i++;
      const token = text.slice(startTok, i);
      if (k < 18) {
        const v = traceNumber(token);
        if (Number.isNaN(v) && bad === '') bad = `field ${k + 1} (${SWF_FIELDS[k]}): expected a number, got '${token}' (${traceNumberProblem(token)})`;
        values[k] = v;
      }
      k++;
      while (i < end && isBlank(text.charCodeAt(i))) i++;
    }
    if (k !== 18) {
      if (problems.length < MAX_PROBLEMS) problems.push(`line ${lineNo}: expected 18 fields, got ${k}`);
      continue;
    }
    if (bad !== '') {
      if (problems.length < MAX_PROBLEMS) problems.push(`line ${lineNo}, ${bad}`);
      continue;
    }
    if (count === capacity) {
      capacity *= 2;
      fields = fields.map((f) => {
        const g = new Float64Array(capacity);
        g.set(f);
        return g;
      });
      const l = new Int32Array(capacity);
      l.set(lines);
      lines = l;
    }
    for (let f = 0; f < 18; f++) (fields[f] as Float64Array)[count] = values[f] as number;
    lines[count] = lineNo;
    count++;
  }
  const header: SwfHeader = {
    maxProcs: headerNumber(headerFields, 'MaxProcs', problems),
    maxNodes: headerNumber(headerFields, 'MaxNodes', problems),
    unixStartTime: headerNumber(headerFields, 'UnixStartTime', problems),
    maxJobs: headerNumber(headerFields, 'MaxJobs', problems),
    fields: headerFields,
  };
  if (problems.length > 0) throw new InputError(file, problems);
  return {
    file,
    header,
    count,
    fields: fields.map((f) => f.subarray(0, count)),
    lines: lines.subarray(0, count),
  };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

function headerNumber(fields: ReadonlyMap<string, string>, key: string, problems: string[]): number | undefined {
  const raw = fields.get(key);
  if (raw === undefined) return undefined;
  // Some headers carry a remark after the number ("338 (batch partition; 512 total)"): the
  // number is the first word, whole (not the "2" of "2e3" nor the "12" of "12abc").
  const word = /^\S+/.exec(raw)?.[0] ?? '';
  const v = traceNumber(word);
  if (Number.isNaN(v)) {
    problems.push(`header '${key}': expected a number, got '${raw}'${word === '' ? '' : ` (${traceNumberProblem(word)})`}`);
    return undefined;
  }
  if ((key === 'MaxProcs' || key === 'MaxNodes') && !(Number.isInteger(v) && v > 0)) {
    problems.push(`header '${key}': expected a whole count > 0, got '${raw}'`);
    return undefined;
  }
  return v;
}

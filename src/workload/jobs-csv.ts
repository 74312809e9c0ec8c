import { readInputFile } from './read-input.js';
import { parse } from 'csv-parse/sync';
import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import { traceNumber, traceNumberProblem } from './trace-number.js';

const REQUIRED = ['id', 'submit_s', 'origin', 'class', 'cores', 'runtime_s'] as const;
const OPTIONAL = ['gpus', 'walltime_s', 'input_bytes', 'output_bytes', 'data_site', 'dataset', 'gpu_models', 'min_memory_per_node_bytes', 'software', 'deadline_s', 'slack_s'] as const;
const MAX_PROBLEMS = 20;

/**
 * Reads a jobs file (CSV with a header row; DESIGN §5):
 * `id,submit_s,origin,class,cores,gpus,runtime_s,walltime_s,input_bytes,output_bytes,data_site`.
 * `gpus` (0), `walltime_s` (= runtime_s), `input_bytes` (0), `output_bytes` (0), `data_site`
 * (= origin) and `dataset` (a catalogue id; its size replaces input_bytes) may be omitted or left
 * empty. Optional constraint columns: `gpu_models` (accepted GPU models separated by `|`),
 * `min_memory_per_node_bytes`, `software` (required tags separated by `|`). Optional times:
 * `deadline_s` (response-time target) and `slack_s` (temporal-shifting slack).
 * @throws InputError listing every bad line (up to 20) with its line number and column
 */
export function readJobsCsv(file: string, text?: string): JobSpec[] {
  let source: string;
  try {
    source = text ?? readInputFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, [`cannot read: ${(error as Error).message}`], { cause: error });
  }
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // `info` gives each record's last line: a quoted cell may span lines, and comments and blank lines are skipped.
    parsed = parse(source, { skip_empty_lines: true, trim: true, relax_column_count: false, comment: '#', bom: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    throw new InputError(file, [String((error as Error).message)], { cause: error });
  }
  const records = parsed.map((p) => p.record);
  const header = records[0];
  if (header === undefined) throw new InputError(file, ['empty file: expected a header row starting with id,submit_s,...']);
  const problems: string[] = [];
  const col = new Map(header.map((name, i) => [name, i]));
  const headerLine = (parsed[0] as { info: { lines: number } }).info.lines;
  header.forEach((name, i) => {
    if (header.indexOf(name) !== i) problems.push(`line ${headerLine}: column '${name}' appears twice (columns ${header.indexOf(name) + 1} and ${i + 1}): keep one`);
  });
  for (const name of REQUIRED) {
    if (!col.has(name)) problems.push(`line ${headerLine}: missing column '${name}' (required: ${REQUIRED.join(', ')})`);
  }
  for (const name of header) {
    if (!(REQUIRED as readonly string[]).includes(name) && !(OPTIONAL as readonly string[]).includes(name)) {
      problems.push(`line ${headerLine}: unknown column '${name}' (known: ${[...REQUIRED, ...OPTIONAL].join(', ')})`);
    }
  }
  if (problems.length > 0) throw new InputError(file, problems);
  const jobs: JobSpec[] = [];
  const seen = new Set<string>();
  for (let r = 1; r < records.length && problems.length < MAX_PROBLEMS; r++) {
    const row = records[r] as string[];
    const line = (parsed[r] as { info: { lines: number } }).info.lines;
    const get = (name: string): string => {
      const i = col.get(name);
      return i === undefined ? '' : (row[i] ?? '');
    };
    const num = (name: string, fallback: number | null, check: (v: number) => boolean, what: string): number => {
      const raw = get(name);
      if (raw === '' && fallback !== null) return fallback;
      const v = traceNumber(raw);
      if (raw === '' || !Number.isFinite(v) || !check(v)) {
        problems.push(`line ${line}, column ${name}: expected ${what}, got '${raw}'${raw !== '' && Number.isNaN(v) ? ` (${traceNumberProblem(raw)})` : ''}`);
        return Number.NaN;
      }
      return v;
    };
    const id = get('id');
    if (id === '') problems.push(`line ${line}, column id: empty job id`);
    else if (seen.has(id)) problems.push(`line ${line}, column id: duplicate job id '${id}'`);
    seen.add(id);
    const origin = get('origin');
    if (origin === '') problems.push(`line ${line}, column origin: empty site id`);
    const runtimeS = num('runtime_s', null, (v) => v > 0, 'a runtime in seconds > 0');
    jobs.push({
      id,
      submitS: num('submit_s', null, (v) => v >= 0, 'a submit time in seconds ≥ 0'),
      origin,
      jobClass: get('class') || 'default',
      cores: num('cores', null, (v) => Number.isInteger(v) && v >= 1, 'an integer ≥ 1'),
      gpus: num('gpus', 0, (v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0'),
      runtimeS,
      walltimeS: num('walltime_s', runtimeS, (v) => v > 0, 'a walltime in seconds > 0'),
      inputBytes: num('input_bytes', 0, (v) => v >= 0, 'a byte count ≥ 0'),
      outputBytes: num('output_bytes', 0, (v) => v >= 0, 'a byte count ≥ 0'),
      dataSite: get('data_site') || origin,
      ...(get('dataset') === '' ? {} : { dataset: get('dataset') }),
      ...optionalTime('deadlineS', num('deadline_s', 0, (v) => v >= 0, 'a deadline in seconds ≥ 0 (empty: none)')),
      ...optionalTime('slackS', num('slack_s', 0, (v) => v >= 0, 'a slack in seconds ≥ 0 (empty: none)')),
      ...constraintsOf(get('gpu_models'), num('min_memory_per_node_bytes', 0, (v) => v >= 0, 'a byte count ≥ 0'), get('software')),
    });
  }
  if (problems.length > 0) throw new InputError(file, problems);
  if (jobs.length === 0) throw new InputError(file, ['no job: the file has its header but no job line']);
  return jobs;
}

/** `{ [key]: seconds }` when the optional time column was given (> 0), else nothing. */
function optionalTime(key: 'deadlineS' | 'slackS', seconds: number): Partial<Pick<JobSpec, 'deadlineS' | 'slackS'>> {
  return seconds > 0 ? { [key]: seconds } : {};
}

/** The optional constraint fields of a job row (only those given, so plain jobs stay plain). */
function constraintsOf(gpuModels: string, minMemoryPerNodeBytes: number, software: string): Pick<JobSpec, 'gpuModels' | 'minMemoryPerNodeBytes' | 'software'> {
  const list = (raw: string): string[] => raw.split('|').map((x) => x.trim()).filter((x) => x !== '');
  return {
    ...(gpuModels === '' ? {} : { gpuModels: list(gpuModels) }),
    ...(minMemoryPerNodeBytes > 0 ? { minMemoryPerNodeBytes } : {}),
    ...(software === '' ? {} : { software: list(software) }),
  };
}

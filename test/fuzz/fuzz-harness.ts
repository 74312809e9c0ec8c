/**
 * The property every input must meet, checked in-process (the CLI's own classification of
 * errors, without a process per case): a case ends in valid outputs, or in bad input (exit 2)
 * whose message names a file and, below it, a path or line; never in any other error (a crash,
 * exit 1), a message with a stack trace, or a case that takes past its time bound.
 */
import { gunzipSync } from 'node:zlib';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { fileSystemProblem } from '../../src/cli/exit.js';
import { InputError } from '../../src/model/input-error.js';
import type { Scenario } from '../../src/model/scenario.js';
import { checkResources } from '../../src/runner/resource-estimate.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { replayTrace } from '../../src/replay/replay.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { readSwf } from '../../src/workload/swf.js';
import { loadSweep } from '../../src/parallel/load-sweep.js';

export const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = join(ROOT, 'scenarios');

/** How a case ended. */
export type Outcome = { kind: 'ok' } | { kind: 'bad-input'; message: string } | { kind: 'failure'; message: string };

/** Longest a case may take (a hang is a failure too). */
export const CASE_BOUND_S = 30;
/** Runs are cut to this span and job count, so that a case stays well under a second. */
const CUT_S = 2 * 3600;
const MAX_JOBS = 20_000;

/** Runs `work` and classifies what it threw as the CLI would (reportError), checking the message. */
export function classify(work: () => void): Outcome {
  const startNs = process.hrtime.bigint();
  let outcome: Outcome;
  try {
    work();
    outcome = { kind: 'ok' };
  } catch (error) {
    const input = error instanceof InputError ? error : fileSystemProblem(error);
    if (input === undefined) {
      const e = error instanceof Error ? error : new Error(String(error));
      outcome = { kind: 'failure', message: `${e.name}: ${e.message}\n${e.stack ?? ''}` };
    } else {
      outcome = { kind: 'bad-input', message: input.message };
    }
  }
  const seconds = Number(process.hrtime.bigint() - startNs) / 1e9;
  if (seconds > CASE_BOUND_S) return { kind: 'failure', message: `took ${seconds.toFixed(1)} s (bound ${CASE_BOUND_S} s)` };
  return outcome;
}

/** A bad-input message cnsim may print: it names something, and says where; no stack, no "Invalid input", no [object Object]. */
export function messageProblem(message: string): string | undefined {
  if (message.trim() === '') return 'empty message';
  if (/\n\s+at .+:\d+:\d+/.test(message)) return 'stack trace in the message';
  if (/Invalid input|\[object Object\]/.test(message)) return 'a message without words';
  // "subject: problem": a file, 'command line', or a scenario name, then what is wrong.
  if (!/^[^:\n]+: \S/.test(message)) return 'the message names no file or subject';
  return undefined;
}

/** The scenario cut short and small: its sources end at CUT_S and the run at 2 × CUT_S. */
function cut(scenario: Scenario): Scenario {
  return {
    ...scenario,
    horizonS: Math.min(scenario.horizonS, CUT_S),
    workload: scenario.workload.map((w) => (w.kind === 'poisson' ? { ...w, endS: Math.min(w.endS, CUT_S) } : w)),
  };
}

/** Loads a scenario file (with overrides) and, when valid, runs it cut short and checks the outputs. */
export function runScenarioCase(file: string, overrides: readonly string[] = []): Outcome {
  return classify(() => {
    const scenario = cut(loadScenario(file, overrides.map(parseOverride)));
    checkResources(scenario, MAX_JOBS);
    const output = runScenario(scenario, { untilS: 2 * CUT_S });
    const s = output.reports.summary;
    const jobs = Number(s.jobs);
    const counted = Number(s.done) + Number(s.killed) + Number(s.failed) + Number(s.rejected) + Number(s.unfinished);
    if (jobs !== counted) throw new Error(`invalid outputs: summary jobs ${jobs} ≠ done + killed + failed + rejected + unfinished ${counted}`);
    // A name the user chose may read 'NaN' (a scenario named NaN); a number must never.
    const userTexts = userWords(scenario);
    for (const table of output.reports.tables) {
      for (let i = 0; i < Math.min(table.size, 50); i++) {
        const row = table.row(i);
        if (row.length !== table.header.length) throw new Error(`invalid outputs: ${table.file} row ${i} has ${row.length} cells for ${table.header.length} columns`);
        if (row.some((c) => (c === 'NaN' || c === 'undefined' || c === 'Infinity') && !userTexts.has(c))) throw new Error(`invalid outputs: ${table.file} row ${i}: ${row.join(',')}`);
      }
    }
  });
}

/** Every name and id the scenario's author wrote (they may be any text). */
function userWords(scenario: Scenario): Set<string> {
  const words = new Set<string>([scenario.name]);
  for (const s of scenario.sites) words.add(s.id).add(s.name).add(s.region);
  for (const c of scenario.centres) {
    words.add(c.id).add(c.region).add(c.siteId);
    for (const p of c.partitions) words.add(p.id).add(p.gpuModel).add(p.cpuModel);
  }
  for (const l of scenario.links) words.add(l.id);
  for (const r of scenario.regions) words.add(r.id);
  for (const d of scenario.datasets) words.add(d.id);
  for (const w of scenario.workload) {
    if (w.kind !== 'poisson') continue;
    words.add(w.name).add(w.origin).add(w.dataSite);
    for (const c of w.classes) words.add(c.name);
  }
  return words;
}

/** The bundled scenarios a mutation starts from (those that read traces are fuzzed through the trace cases). */
export function baseScenarios(): { name: string; text: string }[] {
  return readdirSync(SCENARIOS)
    // Not another fuzz run's hidden copies (mutatedScenarioCase).
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('.'))
    .map((name) => ({ name, text: readFileSync(join(SCENARIOS, name), 'utf8') }))
    .filter((s) => !s.text.includes('kind: swf'))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Odd values a user might type (or a corrupted file hold). */
const ODD_VALUES = ['-1', '0', '1.5', '1e308', '-1e308', '.inf', '-.inf', '.nan', 'null', '~', '""', "'x'", '[]', '{}', 'true', 'no', '7d', '-3h', '100Gbps', '0/h', '1e9/s', '[1, 2]', '{ a: 1 }', '2h30', '12:30', '0x10', '1_000', '∞', '中', 'NaN'];
const ODD_CHARS = [':', '[', ']', '{', '}', '"', "'", '\t', '#', '&', '*', '!', '|', '>', '%', '@', '`', ',', '-', '\u0000', '\uFEFF'];

export type Mutation =
  | { op: 'value'; line: number; value: string }
  | { op: 'delete'; line: number }
  | { op: 'duplicate'; line: number }
  | { op: 'char'; line: number; at: number; char: string }
  | { op: 'key'; line: number; suffix: string }
  | { op: 'truncate'; at: number }
  | { op: 'indent'; line: number; spaces: number };

export const mutationArb: fc.Arbitrary<Mutation[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('value' as const), line: fc.nat(), value: fc.constantFrom(...ODD_VALUES) }),
    fc.record({ op: fc.constant('delete' as const), line: fc.nat() }),
    fc.record({ op: fc.constant('duplicate' as const), line: fc.nat() }),
    fc.record({ op: fc.constant('char' as const), line: fc.nat(), at: fc.nat(), char: fc.constantFrom(...ODD_CHARS) }),
    fc.record({ op: fc.constant('key' as const), line: fc.nat(), suffix: fc.constantFrom('x', '_', 'S', '2') }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('indent' as const), line: fc.nat(), spaces: fc.integer({ min: -4, max: 4 }) }),
  ),
  { minLength: 1, maxLength: 3 },
);

/** Applies mutations to a YAML text, line-wise (values after a `: `, keys before it, characters, deletions). */
export function mutate(text: string, mutations: readonly Mutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    if (lines.length === 0) break;
    if (m.op === 'truncate') {
      const joined = lines.join('\n');
      lines = joined.slice(0, m.at % (joined.length + 1)).split('\n');
      continue;
    }
    const i = m.line % lines.length;
    const line = lines[i] as string;
    if (m.op === 'delete') lines.splice(i, 1);
    else if (m.op === 'duplicate') lines.splice(i, 0, line);
    else if (m.op === 'char') {
      const at = m.at % (line.length + 1);
      lines[i] = line.slice(0, at) + m.char + line.slice(at);
    } else if (m.op === 'indent') {
      lines[i] = m.spaces >= 0 ? ' '.repeat(m.spaces) + line : line.replace(new RegExp(`^ {0,${-m.spaces}}`), '');
    } else {
      // Values and keys: the first `key: value` pair on the line (flow mappings included).
      const pair = /([A-Za-z_][\w.\[\]-]*):\s*([^,}\]#\n]*)/.exec(line);
      if (pair === null) continue;
      const start = pair.index;
      lines[i] =
        m.op === 'value'
          ? `${line.slice(0, start)}${pair[1]}: ${m.value}${line.slice(start + pair[0].length)}`
          : `${line.slice(0, start)}${pair[1]}${m.suffix}:${line.slice(start + (pair[1] as string).length + 1)}`;
    }
  }
  return lines.join('\n');
}

/** Runs a mutated bundled scenario, written beside the original so that its relative paths hold. */
export function mutatedScenarioCase(base: { name: string; text: string }, mutations: readonly Mutation[], tag: string): Outcome {
  const file = join(SCENARIOS, `.fuzz-${process.pid}-${tag}-${base.name}`);
  writeFileSync(file, mutate(base.text, mutations));
  try {
    return runScenarioCase(file);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The first lines of a real trace, as text (the fuzz corrupts these). */
export function traceText(lines = 400): string {
  const text = gunzipSync(readFileSync(join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz'))).toString('utf8');
  return text.split('\n').slice(0, lines).join('\n');
}

export type TraceMutation =
  | { op: 'truncate'; at: number }
  | { op: 'bytes'; at: number; bytes: number[] }
  | { op: 'field'; line: number; field: number; value: string }
  | { op: 'drop-field'; line: number; field: number }
  | { op: 'add-field'; line: number }
  | { op: 'crlf' };

const ODD_NUMBERS = ['-1', '-2', '0', '1e308', '99999999999999999999', '1.5', 'x', '', 'NaN', '-0', '1e-9', '18446744073709551616'];

export const traceMutationArb: fc.Arbitrary<TraceMutation[]> = fc.array(
  fc.oneof(
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ op: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }) }),
    fc.record({ op: fc.constant('field' as const), line: fc.nat(), field: fc.nat({ max: 17 }), value: fc.constantFrom(...ODD_NUMBERS) }),
    fc.record({ op: fc.constant('drop-field' as const), line: fc.nat(), field: fc.nat({ max: 17 }) }),
    fc.record({ op: fc.constant('add-field' as const), line: fc.nat() }),
    fc.record({ op: fc.constant('crlf' as const) }),
  ),
  { minLength: 1, maxLength: 4 },
);

/** Applies corruptions to an SWF text; returns the bytes. */
export function corruptTrace(text: string, mutations: readonly TraceMutation[]): Buffer {
  let lines = text.split('\n');
  let crlf = false;
  let extra: { at: number; bytes: number[] }[] = [];
  for (const m of mutations) {
    if (m.op === 'crlf') crlf = true;
    else if (m.op === 'truncate') {
      const joined = lines.join('\n');
      lines = joined.slice(0, m.at % (joined.length + 1)).split('\n');
    } else if (m.op === 'bytes') extra.push(m);
    else {
      if (lines.length === 0) continue;
      const i = m.line % lines.length;
      const fields = (lines[i] as string).trim().split(/\s+/);
      if (m.op === 'field') fields[m.field % Math.max(1, fields.length)] = m.value;
      else if (m.op === 'drop-field') fields.splice(m.field % Math.max(1, fields.length), 1);
      else fields.push('7');
      lines[i] = fields.join(' ');
    }
  }
  let bytes = Buffer.from(lines.join(crlf ? '\r\n' : '\n'), 'utf8');
  for (const e of extra) {
    const at = e.at % (bytes.length + 1);
    bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(e.bytes), bytes.subarray(at)]);
  }
  extra = [];
  return bytes;
}

/** Replays a corrupted trace in-process (easy, the machine size from the header). */
export function traceCase(bytes: Buffer, file: string): Outcome {
  return classify(() => {
    const trace = readSwf(file, bytes);
    replayTrace(trace, { policy: 'easy' });
  });
}

/** A random `--set path=value` on the two-sites example. */
export const setArb = fc.tuple(
  fc.constantFrom(
    'horizon',
    'seed',
    'dispatch.policy',
    'dispatch.infoPeriod',
    'centres[wuxi].partitions[cpu].nodes',
    'centres[wuxi].queue.policy',
    'centres[guiyang].down',
    'links[shanghai-wuxi].bandwidth',
    'links[shanghai-wuxi].latency',
    'links[nope-x].bandwidth',
    'workload[0].rate',
    'workload[0].classes[0].cores',
    'workload[0].classes[1].runtime.median',
    'workload[5].rate',
    'energy.startMonth',
    'report.utilizationWindow',
    'regions[Jiangsu].pue',
    'sites[0].lat',
    'centres[wuxi',
    'a..b',
    '',
  ),
  fc.constantFrom(...ODD_VALUES, 'least-loaded', 'easy', 'fcfs', 'conservative', 'nope', '[{from: 1h, to: 2h}]', '[{from: 2h, to: 1h}]', '4', '400Gbps', '3h'),
);

/** Runs two-sites with one `--set`. */
export function setCase(path: string, value: string): Outcome {
  return runScenarioCase(join(ROOT, 'examples', 'two-sites.yaml'), [`${path}=${value}`]);
}

/** A random sweep file over two-sites. */
export const sweepArb = fc.record({
  mode: fc.constantFrom('grid', 'zip', 'diagonal', '1', ''),
  axes: fc.dictionary(fc.constantFrom('seed', 'dispatch.policy', 'centres[wuxi].queue.policy', 'horizon', 'nope.path', 'workload[0].rate'), fc.oneof(fc.constantFrom('1..3', '3..1', '1..1000000', 'x..y', '', '[]'), fc.array(fc.constantFrom('fcfs', 'easy', 'least-loaded', '1h', 7, -1, null, 'x'), { maxLength: 3 })), { maxKeys: 3 }),
});

/** Loads a sweep file made from `sweep` (the plan: every run resolved, nothing run). */
export function sweepCase(sweep: Record<string, unknown>, file: string): Outcome {
  const yaml = ['sweep:', `  scenario: ${JSON.stringify(join(ROOT, 'examples', 'two-sites.yaml'))}`, `  mode: ${JSON.stringify(sweep.mode)}`, `  axes: ${JSON.stringify(sweep.axes)}`, ''].join('\n');
  writeFileSync(file, yaml);
  return classify(() => {
    loadSweep(file);
  });
}

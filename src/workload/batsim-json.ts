import { readInputFile, withoutBom } from './read-input.js';
import { InputError } from '../model/input-error.js';
import { topLevelArrayElementLines } from './json-element-lines.js';
import { jsonErrorProblem } from './json-error-position.js';
import { smallInteger } from './small-integer.js';
import { TRACE_NUMBER_LIMIT } from './trace-number.js';
import type { ConvertedSwf, ReplayJob, SwfWarning } from './swf-convert.js';

/** A Batsim workload after conversion: the jobs cnsim can run and what was skipped or changed. */
export interface BatsimWorkload extends ConvertedSwf {
  readonly file: string;
  /** `nb_res`: the machine size in resources (undefined when absent). */
  readonly nbRes: number | undefined;
}

/** Profile types that are a plain wait: `delay` (Batsim ≤ 4) and `DelayProfile` (later names). */
const DELAY_TYPES = new Set(['delay', 'DelayProfile']);
/** Profile types that run a list of profiles one after the other, `repeat` times. */
const SEQUENCE_TYPES = new Set(['composed', 'SequentialCompositionProfile']);

/** What a profile amounts to for cnsim. */
type ProfileOutcome =
  | { readonly kind: 'delay'; readonly seconds: number }
  /** Anything Batsim computes on its platform model (flops, bytes, traces): cnsim cannot. */
  /** `leaf`: the type of the profile, deepest in its sequences, that cannot be modelled (for messages of bounded length). */
  | { readonly kind: 'unmodelled'; readonly type: string; readonly leaf?: string }
  | { readonly kind: 'invalid'; readonly reason: string };

const MAX_PROBLEMS = 20;

/**
 * Reads a Batsim JSON workload (`nb_res`, `jobs[]`, `profiles{}`) and converts its jobs:
 * - `res` resources → processors (as an SWF job's processors);
 * - runtime = the profile's delay (`delay`/`DelayProfile`), or the sum of a sequence of delays ×
 *   `repeat` (`composed`/`SequentialCompositionProfile`); a walltime shorter than it kills the job
 *   at the walltime, as Batsim does (and as cnsim does for SWF jobs);
 * - a profile cnsim cannot model (parallel tasks, traces, SMPI, I/O, ...): runtime := walltime,
 *   listed as `changed`; without a walltime the job is `skipped`;
 * - walltime absent, null or ≤ 0 (Batsim's -1 = no limit): walltime := runtime, listed as `changed`;
 * - a job with a missing or invalid id, subtime, res or profile (or an unknown profile name) is
 *   `skipped` with the reason.
 * Warnings name the line of the job in the file (where its object starts). Jobs are in queue
 * order: (subtime, position in the file).
 * @throws InputError naming the file for unreadable or invalid JSON, a malformed top level
 *   (`jobs` not a list, `profiles` not an object, `nb_res` not a positive integer), or when no
 *   job can run (the first 20 reasons, each with its line)
 */
export function readBatsim(file: string, text?: string): BatsimWorkload {
  let source: string;
  try {
    // A byte-order mark is no JSON (JSON.parse calls it an unexpected token, invisible in the message).
    source = withoutBom(text ?? readInputFile(file, 'utf8'));
  } catch (error) {
    throw new InputError(file, [`cannot read: ${(error as Error).message}`], { cause: error });
  }
  let root: unknown;
  try {
    root = JSON.parse(source);
  } catch (error) {
    throw new InputError(file, [jsonErrorProblem(source, error as Error)], { cause: error });
  }
  if (!isObject(root)) throw new InputError(file, ['expected a JSON object with nb_res, jobs and profiles (a Batsim workload)']);
  const problems: string[] = [];
  const jobsRaw = root.jobs;
  if (!Array.isArray(jobsRaw)) problems.push(`'jobs': expected a list of jobs, got ${describe(jobsRaw)}`);
  const profiles = root.profiles;
  if (!isObject(profiles)) problems.push(`'profiles': expected an object of named profiles, got ${describe(profiles)}`);
  let nbRes: number | undefined;
  if (root.nb_res !== undefined) {
    if (typeof root.nb_res === 'number' && Number.isInteger(root.nb_res) && root.nb_res > 0 && root.nb_res <= TRACE_NUMBER_LIMIT) nbRes = root.nb_res;
    else problems.push(`'nb_res': expected a positive integer number of resources (at most 2^53), got ${describe(root.nb_res)}`);
  }
  if (problems.length > 0) throw new InputError(file, problems);
  const list = jobsRaw as unknown[];
  const lines = topLevelArrayElementLines(source, 'jobs');
  const lineOf = (i: number): number => lines?.[i] ?? i + 1;
  const outcomes = new Map<string, ProfileOutcome>();
  const outcomeOf = (name: string): ProfileOutcome | undefined => {
    if (!Object.hasOwn(profiles as object, name)) return undefined;
    return resolveProfile(name, profiles as Record<string, unknown>, outcomes);
  };

  const warnings: SwfWarning[] = [];
  const counts = { skipped: 0, changed: 0, clamped: 0, dropped: 0 };
  const warn = (line: number, jobId: string, action: 'skipped' | 'changed', field: string, reason: string): void => {
    counts[action]++;
    warnings.push({ line, jobId, action, field, reason });
  };
  const jobs: (ReplayJob & { readonly index: number })[] = [];
  const seen = new Set<string>();
  list.forEach((raw, index) => {
    const line = lineOf(index);
    const label = `jobs[${index}]`;
    if (!isObject(raw)) return warn(line, label, 'skipped', 'job', `expected a job object, got ${describe(raw)}`);
    const idRaw = raw.id;
    if (!(typeof idRaw === 'string' && idRaw !== '') && !(typeof idRaw === 'number' && Number.isFinite(idRaw))) {
      return warn(line, label, 'skipped', 'id', `expected a job id (string or number), got ${describe(idRaw)}`);
    }
    const id = String(idRaw);
    if (seen.has(id)) return warn(line, id, 'skipped', 'id', `duplicate job id '${id}' (the first one is kept)`);
    seen.add(id);
    const subtime = raw.subtime;
    if (!(typeof subtime === 'number' && subtime >= 0 && subtime <= TRACE_NUMBER_LIMIT)) {
      return warn(line, id, 'skipped', 'subtime', `expected a submission time in seconds from 0 to 2^53, got ${describe(subtime)}`);
    }
    const res = raw.res;
    if (!(typeof res === 'number' && Number.isInteger(res) && res >= 1 && res <= TRACE_NUMBER_LIMIT)) {
      return warn(line, id, 'skipped', 'res', `expected a whole number of resources from 1 to 2^53, got ${describe(res)}`);
    }
    const wall = raw.walltime;
    let walltimeS: number | undefined;
    if (typeof wall === 'number' && Math.abs(wall) <= TRACE_NUMBER_LIMIT) walltimeS = wall > 0 ? wall : undefined;
    else if (wall !== undefined && wall !== null) {
      return warn(line, id, 'skipped', 'walltime', `expected a walltime in seconds up to 2^53 (or -1/absent for none), got ${describe(wall)}`);
    }
    const profileName = raw.profile;
    if (typeof profileName !== 'string') return warn(line, id, 'skipped', 'profile', `expected a profile name, got ${describe(profileName)}`);
    const outcome = outcomeOf(profileName);
    if (outcome === undefined) {
      return warn(line, id, 'skipped', 'profile', `unknown profile '${profileName}' (known: ${knownNames(profiles as object)})`);
    }
    let runtimeS: number;
    if (outcome.kind === 'invalid') return warn(line, id, 'skipped', 'profile', `profile '${profileName}': ${outcome.reason}`);
    if (outcome.kind === 'unmodelled') {
      if (walltimeS === undefined) {
        return warn(line, id, 'skipped', 'profile', `profile '${profileName}' of type ${outcome.type} cannot be modelled (cnsim has no platform model) and the job has no walltime to run instead`);
      }
      runtimeS = walltimeS;
      warn(line, id, 'changed', 'profile', `profile '${profileName}' of type ${outcome.type} cannot be modelled (cnsim has no platform model): runtime := walltime ${walltimeS} s`);
    } else {
      runtimeS = outcome.seconds;
      if (!(runtimeS > 0)) return warn(line, id, 'skipped', 'profile', `profile '${profileName}': delay ${runtimeS} s ≤ 0`);
    }
    if (walltimeS === undefined) {
      walltimeS = runtimeS;
      warn(line, id, 'changed', 'walltime', `no walltime (${describe(wall)}): walltime := runtime ${runtimeS} s`);
    }
    jobs.push({ id, index, line, submitS: smallInteger(subtime), procs: res, runtimeS: smallInteger(runtimeS), walltimeS: smallInteger(walltimeS) });
  });
  if (jobs.length === 0) {
    const why = warnings.filter((w) => w.action === 'skipped').slice(0, MAX_PROBLEMS).map((w) => `line ${w.line} (job ${w.jobId}): ${w.field}: ${w.reason}`);
    throw new InputError(file, [list.length === 0 ? "'jobs' is empty: nothing to run" : 'no job can run:', ...why]);
  }
  // Queue order is (subtime, position); a stable sort keeps file order among equal subtimes.
  jobs.sort((a, b) => a.submitS - b.submitS || a.index - b.index);
  return { file, nbRes, jobs: jobs.map(({ index: _i, ...job }) => job), warnings, counts, lines: list.length };
}

/** A sequence profile being resolved: its parts, how far, and their sum so far. */
interface SequenceFrame {
  readonly name: string;
  readonly type: string;
  readonly parts: readonly string[];
  readonly repeat: number;
  next: number;
  sumS: number;
}

/**
 * What a named profile amounts to, following sequences (a cycle is invalid). Iterative, and each
 * profile is resolved once (`resolved` keeps every outcome): a file may chain thousands of
 * sequences, deeper than the call stack, or share parts so that expanding them again at each use
 * would double the work per level.
 */
function resolveProfile(root: string, profiles: Record<string, unknown>, resolved: Map<string, ProfileOutcome>): ProfileOutcome {
  const known = resolved.get(root);
  if (known !== undefined) return known;
  const stack: SequenceFrame[] = [];
  const onStack = new Set<string>();
  let name = root;
  for (;;) {
    // Open `name`: a leaf resolves at once, a sequence is pushed and its parts are visited in order.
    let outcome = resolved.get(name);
    if (outcome === undefined) {
      if (onStack.has(name)) {
        const from = stack.findIndex((f) => f.name === name);
        outcome = { kind: 'invalid', reason: `sequence cycle ${[...stack.slice(from).map((f) => f.name), name].join(' → ')}` };
      } else {
        const opened = openProfile(name, profiles);
        if ('parts' in opened) {
          stack.push(opened);
          onStack.add(name);
        } else {
          outcome = opened;
          resolved.set(name, outcome);
        }
      }
    }
    // Fold the outcome into the sequences above it until one has a part left to open.
    while (outcome !== undefined) {
      const top = stack[stack.length - 1];
      if (top === undefined) return outcome;
      const part = top.parts[top.next++] as string;
      if (outcome.kind === 'delay') {
        top.sumS += outcome.seconds;
        if (top.next < top.parts.length) break;
        const totalS = top.sumS * top.repeat;
        outcome =
          totalS <= TRACE_NUMBER_LIMIT
            ? { kind: 'delay', seconds: totalS }
            : { kind: 'invalid', reason: `${top.type}: the delays add up to ${totalS} s (${top.repeat} × ${top.sumS}), beyond 2^53 s` };
      } else if (outcome.kind === 'unmodelled') {
        // Named by the innermost type, not by every sequence between: a chain 12,000 deep would
        // otherwise give each job a message of 12,000 clauses.
        const leaf = outcome.leaf ?? outcome.type;
        outcome = { kind: 'unmodelled', type: `${top.type} (its part '${part}' is ${leaf})`, leaf };
      }
      // Done (summed, or failed with its part, as every sequence above it will).
      stack.pop();
      onStack.delete(top.name);
      resolved.set(top.name, outcome);
    }
    const top = stack[stack.length - 1] as SequenceFrame;
    name = top.parts[top.next] as string;
  }
}

/** A profile's own fields: a leaf outcome, or a sequence to resolve part by part. */
function openProfile(name: string, profiles: Record<string, unknown>): ProfileOutcome | SequenceFrame {
  if (!Object.hasOwn(profiles, name)) return { kind: 'invalid', reason: `unknown profile '${name}' in a sequence` };
  const p = profiles[name];
  if (!isObject(p)) return { kind: 'invalid', reason: `expected a profile object, got ${describe(p)}` };
  const type = p.type;
  if (typeof type !== 'string') return { kind: 'invalid', reason: `expected a profile type, got ${describe(type)}` };
  if (DELAY_TYPES.has(type)) {
    const d = p.delay;
    if (!(typeof d === 'number' && Math.abs(d) <= TRACE_NUMBER_LIMIT)) return { kind: 'invalid', reason: `${type}: expected 'delay' in seconds (at most 2^53), got ${describe(d)}` };
    return { kind: 'delay', seconds: d };
  }
  if (!SEQUENCE_TYPES.has(type)) return { kind: 'unmodelled', type };
  // Batsim ≤ 4 names the list `seq`; later versions `profiles`.
  const seq = p.seq ?? p.profiles;
  if (!Array.isArray(seq) || seq.length === 0 || !seq.every((s) => typeof s === 'string')) {
    return { kind: 'invalid', reason: `${type}: expected 'seq' as a non-empty list of profile names, got ${describe(seq)}` };
  }
  const repeat = p.repeat ?? 1;
  if (!(typeof repeat === 'number' && Number.isInteger(repeat) && repeat >= 1)) {
    return { kind: 'invalid', reason: `${type}: expected 'repeat' as an integer ≥ 1, got ${describe(repeat)}` };
  }
  return { name, type, parts: seq as string[], repeat, next: 0, sumS: 0 };
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function knownNames(o: object): string {
  const names = Object.keys(o).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return names.length > 10 ? `${names.slice(0, 10).join(', ')}, ...` : names.join(', ');
}

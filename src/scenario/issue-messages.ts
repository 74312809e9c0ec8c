/**
 * How a scenario problem is worded: a path as `centres[2].partitions[0].nodes`, a value as the
 * author wrote it, a zod issue as "expected …, got …". Shared by the scenario and sweep parsers.
 */
import type { z } from 'zod';

/** Records a problem at a path of the scenario file (the error collector every resolver shares). */
export type At = (path: readonly PropertyKey[], message: string) => void;

/** Formats a path as `centres[2].partitions[0].nodes`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(root)' : out;
}

/** zod's names of types, in a scenario author's words. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  array: 'a list',
  tuple: 'a list',
  object: 'a mapping of keys to values',
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
};

/** A value as the author wrote it in YAML (.inf, not JSON's null), cut to a readable length. */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One zod issue as "what is expected, got what was found", never a bare "Invalid input". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  const kinds = discriminatorOptions(issue);
  if (kinds !== null) {
    // A source's or a model's `kind` that matches none: its value, not the whole mapping it heads.
    const input = issue.input as Record<string, unknown> | null | undefined;
    const value = input !== null && typeof input === 'object' ? input[String(issue.path.at(-1))] : undefined;
    const expected = oneOf(kinds);
    return value === undefined ? `missing (expected ${expected})` : `expected ${expected}, got ${showValue(value)}`;
  }
  const got = `, got ${showValue(issue.input)}`;
  // A message the schema gives for this field says it best; zod's defaults are translated below.
  if (issue.code !== 'custom' && !/^(Invalid|Too small|Too big|Unrecognized)/.test(issue.message)) return `${issue.message}${got}`;
  if (issue.code === 'invalid_type') {
    const expected = expectation(issue) as string;
    return issue.input === undefined ? `missing (expected ${expected})` : `expected ${expected}${got}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const op = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
    if (issue.origin === 'array') return `expected ${itemCount(issue.code, bound)}${got}`;
    if (issue.origin === 'string') return `expected text of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} character${bound === '1' ? '' : 's'}${got}`;
    return `expected a number ${op} ${bound}${got}`;
  }
  if (issue.code === 'invalid_value') return `expected ${oneOf(issue.values)}${got}`;
  const either = unionExpectations(issue);
  if (either !== null) return `expected ${either}${got}`;
  // Custom issues (units, cross-checks) already name what they found.
  if (issue.code === 'custom') return issue.message;
  const message = issue.message.replace(/^(Invalid input|Too small|Too big):? ?/, '');
  return `${message === '' ? 'not a valid value here' : message}${got}`;
}

/** The values a discriminated union accepts, when `issue` says none matched; else null. */
function discriminatorOptions(issue: z.core.$ZodIssue): readonly unknown[] | null {
  if (issue.code !== 'invalid_union') return null;
  const options = (issue as { options?: unknown }).options;
  return (issue as { discriminator?: unknown }).discriminator !== undefined && Array.isArray(options) ? options : null;
}

/**
 * What each branch of a union expects, as "a number or a list of at most 2 items", when every
 * branch failed on the value itself (not inside it); else null.
 */
function unionExpectations(issue: z.core.$ZodIssue): string | null {
  if (issue.code !== 'invalid_union') return null;
  const branches = (issue as { errors?: unknown }).errors;
  if (!Array.isArray(branches) || branches.length === 0) return null;
  const words: string[] = [];
  for (const branch of branches as z.core.$ZodIssue[][]) {
    const first = branch[0];
    const word = first === undefined || first.path.length > 0 ? null : expectation(first);
    if (word === null) return null;
    if (!words.includes(word)) words.push(word);
  }
  return words.join(' or ');
}

/** What one issue on a value expects, in a scenario author's words; null when it is not that simple. */
function expectation(issue: z.core.$ZodIssue): string | null {
  if (issue.code === 'invalid_type') return TYPE_WORDS[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') return oneOf(issue.values);
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'array') {
    return `a list of ${itemCount(issue.code, String(issue.code === 'too_small' ? issue.minimum : issue.maximum))}`;
  }
  return null;
}

/** "one of "a", "b"": the values as written. */
function oneOf(values: readonly unknown[]): string {
  return `one of ${values.map((v) => showValue(v)).join(', ')}`;
}

/** "at least 2 items", "at most 1 item": a list's length bound. */
function itemCount(code: 'too_small' | 'too_big', bound: string): string {
  return `${code === 'too_small' ? 'at least' : 'at most'} ${bound} item${bound === '1' ? '' : 's'}`;
}

import { parse as parseYaml } from 'yaml';
import { InputError } from '../model/input-error.js';
import { ownValue, setOwn } from '../model/own-key.js';

/**
 * Scenario overrides: `--set dispatch.policy=origin-first`, `--set links[ZZ-GZ].bandwidth=400Gbps`,
 * sweep axes such as `centres[ZZ-NSCC].partitions[gpu].nodes`.
 *
 * Path syntax: keys separated by dots; `[n]` selects the n-th element of a list (0-based);
 * `[name]` selects the element whose `id` (or `name`) is `name`, or, in `links`, the link whose
 * `between` is that pair written `A-B` in either order; `[+]` appends a new element (e.g.
 * `centres[+]={id: NEW, ...}`); `[+label]` does the same, the label only keeping the keys of an
 * `overrides:` block unique (`workload[+bj]`, `workload[+sh]`). Values are YAML scalars or flow
 * collections (`400Gbps`, `12`, `true`, `[1, 64]`, `{policy: easy}`). A path that ends on a key
 * that does not exist yet creates it (the schema then says whether it is allowed).
 */
export interface Override {
  readonly path: string;
  readonly value: unknown;
}

type Segment = { readonly key: string } | { readonly index: number } | { readonly select: string };

/** Splits `a.b[3].c[x-y]` into segments. @throws InputError on a malformed path */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]|(\.)/gy;
  let expectKey = true;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    m = re.exec(path);
    if (m === null) throw new InputError('command line', [`path '${path}': unexpected character at ${pos + 1}`]);
    pos = re.lastIndex;
    if (m[1] !== undefined) {
      if (!expectKey) throw new InputError('command line', [`path '${path}': missing '.' before '${m[1]}'`]);
      // setAt writes own entries only, so a job class may be called `constructor`; `__proto__` is no name for anything.
      if (m[1] === '__proto__') {
        throw new InputError('command line', [`path '${path}': '${m[1]}' is not a scenario key`]);
      }
      segments.push({ key: m[1] });
      expectKey = false;
    } else if (m[2] !== undefined) {
      const inner = m[2].trim();
      if (inner === '') throw new InputError('command line', [`path '${path}': empty [] selector`]);
      segments.push(/^\d+$/.test(inner) ? { index: Number(inner) } : { select: inner });
      expectKey = false;
    } else {
      if (expectKey) throw new InputError('command line', [`path '${path}': empty key at ${pos}`]);
      expectKey = true;
    }
  }
  if (segments.length === 0 || expectKey) throw new InputError('command line', [`path '${path}': expected a path like dispatch.policy`]);
  return segments;
}

/** Parses `path=value` (value as YAML). @throws InputError without '=' */
export function parseOverride(text: string): Override {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new InputError('command line', [`--set '${text}': expected path=value, e.g. dispatch.policy=origin-first`]);
  const path = text.slice(0, eq).trim();
  const [first] = parsePath(path);
  if (first !== undefined && 'key' in first && (first.key === 'extends' || first.key === 'overrides')) {
    // Files are composed before --set applies: setting these would be read by nothing.
    throw new InputError('command line', [`--set '${text}': '${first.key}' composes scenario files before --set applies; write it in a scenario file (one that extends this one)`]);
  }
  const rawValue = text.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYaml(rawValue);
  } catch {
    // Not valid YAML on its own (e.g. a stray colon): take the text as a string.
    value = rawValue;
  }
  return { path, value: value ?? null };
}

/**
 * Applies overrides to a raw scenario object (as read from YAML/JSON), in order, and returns a
 * new object (the input is not modified). Each override also reports the concrete path it
 * wrote (selectors resolved to indices), for error messages.
 * @throws InputError listing every override that does not apply
 */
export function applyOverrides(raw: unknown, overrides: readonly Override[]): { raw: unknown; written: (PropertyKey[])[] } {
  const root = structuredClone(raw) as unknown;
  const problems: string[] = [];
  const written: PropertyKey[][] = [];
  for (const o of overrides) {
    const result = setAt(root, parsePath(o.path), o.value);
    if (typeof result === 'string') problems.push(`--set ${o.path}: ${result}`);
    else {
      written.push(result);
      replaceDispatchChoice(root, result, o.value);
    }
  }
  if (problems.length > 0) throw new InputError('command line', problems);
  return { raw: root, written };
}

/**
 * Applies one override in place (the caller owns `root`): the concrete path written (selectors
 * resolved to indices), or a message saying why the path does not apply.
 */
export function applyOverrideInPlace(root: unknown, override: Override): PropertyKey[] | string {
  const result = setAt(root, parsePath(override.path), override.value);
  if (typeof result !== 'string') replaceDispatchChoice(root, result, override.value);
  return result;
}

/**
 * `dispatch.policy` and `dispatch.module` are one choice: writing one (an override, a sweep
 * axis, a child scenario over its parent) drops the other, as `--dispatch` does, so a what-if
 * can switch a built-in for a plug-in and back without "not both".
 */
export function replaceDispatchChoice(root: unknown, written: readonly PropertyKey[], value: unknown): void {
  if (value === undefined || written.length !== 2 || written[0] !== 'dispatch') return;
  const other = written[1] === 'module' ? 'policy' : written[1] === 'policy' ? 'module' : undefined;
  const dispatch = (root as Record<string, unknown> | null)?.dispatch;
  if (other !== undefined && dispatch !== null && typeof dispatch === 'object' && !Array.isArray(dispatch)) delete (dispatch as Record<string, unknown>)[other];
}

function setAt(root: unknown, segments: readonly Segment[], value: unknown): PropertyKey[] | string {
  let node: unknown = root;
  const concrete: PropertyKey[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as Segment;
    const last = i === segments.length - 1;
    const here = concrete.length === 0 ? '(root)' : formatConcrete(concrete);
    if ('key' in seg) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return `${here} is not an object, cannot take key '${seg.key}'`;
      const obj = node as Record<string, unknown>;
      concrete.push(seg.key);
      // Own entries only: `--set constructor.x=1` must not walk into Object, nor `__proto__` into every object's prototype.
      if (last) {
        setOwn(obj, seg.key, structuredClone(value));
        return concrete;
      }
      if (ownValue(obj, seg.key) === undefined) setOwn(obj, seg.key, 'index' in (segments[i + 1] as Segment) ? [] : {});
      node = obj[seg.key];
      continue;
    }
    if (!Array.isArray(node)) return `${here} is not a list, cannot select [${'index' in seg ? seg.index : seg.select}]`;
    const list = node as unknown[];
    const appending = 'select' in seg && seg.select.startsWith('+');
    if (appending) list.push(last ? value : {});
    const index = appending ? list.length - 1 : 'index' in seg ? seg.index : findByName(list, seg.select, concrete[concrete.length - 1]);
    if (index < 0 || index >= list.length) {
      const known = list.map(describeItem).filter((x) => x !== '').join(', ');
      const what = 'index' in seg ? `index ${seg.index}` : `'${seg.select}'`;
      return `${here} has no element ${what}${known === '' ? ` (it has ${list.length})` : ` (known: ${known})`}`;
    }
    concrete.push(index);
    if (last) {
      list[index] = structuredClone(value);
      return concrete;
    }
    node = list[index];
  }
  return concrete;
}

function findByName(list: readonly unknown[], name: string, listKey: PropertyKey | undefined): number {
  return list.findIndex((item) => {
    if (item === null || typeof item !== 'object') return false;
    const o = item as Record<string, unknown>;
    if (o.id === name || o.name === name) return true;
    if (listKey === 'links' && Array.isArray(o.between)) {
      const [a, b] = o.between as unknown[];
      return `${String(a)}-${String(b)}` === name || `${String(b)}-${String(a)}` === name;
    }
    return false;
  });
}

function describeItem(item: unknown): string {
  if (item === null || typeof item !== 'object') return '';
  const o = item as Record<string, unknown>;
  if (typeof o.id === 'string') return o.id;
  if (typeof o.name === 'string') return o.name;
  if (Array.isArray(o.between)) return (o.between as unknown[]).map(String).join('-');
  return '';
}

function formatConcrete(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

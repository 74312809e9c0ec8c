import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { InputError } from '../model/input-error.js';
import { setOwn } from '../model/own-key.js';
import { applyOverrideInPlace, replaceDispatchChoice } from './overrides.js';
import type { Locator } from './parse-scenario.js';

/** One file read but not validated (see read-scenario-file.ts). */
export interface ScenarioFile {
  readonly file: string;
  readonly raw: unknown;
  readonly locate: Locator;
}

/** Where a value of the composed scenario came from, highest precedence first. */
interface Layer {
  readonly file: string;
  readonly label: string;
  readonly raw: unknown;
  readonly locate: Locator;
  /** Paths written by this file's `overrides:` block, with the block entry that wrote each. */
  readonly written: readonly { readonly path: readonly PropertyKey[]; readonly entry: string }[];
}

/** Keys whose values are file paths, relative to the file that wrote them (rebased on `extends`). */
const FILE_KEYS: readonly (readonly string[])[] = [['file'], ['daily', 'file'], ['weekly', 'file']];

/**
 * Reads a scenario file and the chain of files it `extends`, and composes them:
 * - the child's keys deep-merge over the parent's (objects merge key by key; lists and scalars
 *   replace the parent's value);
 * - then the child's `overrides:` block (path: value, the `--set` path syntax of overrides.ts,
 *   so list items can be patched by id) is applied in order;
 * - file paths inside a parent (workload files, profile files) are rebased so that they stay
 *   relative to the file that wrote them.
 * Error locations name the file a value came from.
 *
 * @param read reads one file (YAML or JSON) without validating it
 * @throws InputError for an `extends` cycle (with the chain), a missing parent, or an override
 *   path that does not apply (naming the file, the path and the line)
 */
export function composeScenario(file: string, read: (file: string) => ScenarioFile): ScenarioFile {
  const layers: Layer[] = [];
  const raw = composeInto(file, read, [], layers, dirname(file));
  const top = layers[layers.length - 1] as Layer;
  // Highest precedence first: the last-read layer is the top file.
  const ordered = [...layers].reverse();
  const locate: Locator = (path) => {
    for (const layer of ordered) {
      const hit = layer.written.find((w) => w.path.length <= path.length && w.path.every((k, i) => k === path[i]));
      if (hit !== undefined) return where(layer, top, `overrides '${hit.entry}'`, layer.locate(['overrides', hit.entry]));
      if (covers(layer.raw, path)) return where(layer, top, '', layer.locate(path));
    }
    return top.locate(path);
  };
  return { file: top.file, raw, locate };
}

function where(layer: Layer, top: Layer, what: string, lineCol: string): string {
  const parts = [layer === top ? '' : layer.label, what, lineCol].filter((x) => x !== '');
  return parts.join(' ');
}

/** True when `raw` itself sets the value at `path` (or a list or scalar above it). */
function covers(raw: unknown, path: readonly PropertyKey[]): boolean {
  let node: unknown = raw;
  for (const key of path) {
    if (Array.isArray(node) || node === null || typeof node !== 'object') return node !== raw;
    if (!Object.hasOwn(node, key as string)) return false;
    node = (node as Record<string, unknown>)[key as string];
  }
  return true;
}

function composeInto(file: string, read: (file: string) => ScenarioFile, chain: readonly string[], layers: Layer[], topDir: string): unknown {
  if (chain.includes(file)) {
    const cycle = [...chain.slice(chain.indexOf(file)), file].map((f) => basename(f)).join(' → ');
    throw new InputError(chain[0] ?? file, [`extends: cycle ${cycle} (files: ${[...chain, file].join(' → ')})`]);
  }
  const source = read(file);
  if (source.raw === null || typeof source.raw !== 'object' || Array.isArray(source.raw)) {
    // Not a mapping: let the schema say so, against this file.
    layers.push({ file, label: basename(file), raw: source.raw, locate: source.locate, written: [] });
    return source.raw;
  }
  const { extends: parentRef, overrides, ...own } = source.raw as Record<string, unknown>;
  const rebased = dirname(file) === topDir ? own : rebaseFiles(own, dirname(file), topDir);
  let merged: unknown = rebased;
  if (parentRef !== undefined) {
    if (typeof parentRef !== 'string' || parentRef === '') {
      throw new InputError(file, [`extends${at(source, ['extends'])}: expected a file name, got ${JSON.stringify(parentRef)}`]);
    }
    const parentFile = resolve(dirname(file), parentRef);
    if (!existsSync(parentFile)) {
      throw new InputError(file, [`extends${at(source, ['extends'])}: no such file '${parentFile}'`]);
    }
    const parent = composeInto(parentFile, read, [...chain, file], layers, topDir);
    // An empty or non-mapping parent would merge as nothing, and the child be blamed for what it lacks.
    if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) {
      throw new InputError(file, [`extends${at(source, ['extends'])}: '${parentFile}' holds no scenario (${parent === null || parent === undefined ? 'it is empty' : `a ${Array.isArray(parent) ? 'list' : typeof parent}, not a mapping of keys`})`]);
    }
    merged = deepMerge(parent, rebased);
    // The child's choice of dispatch policy or plug-in replaces the parent's other one.
    const childDispatch = (rebased as { dispatch?: unknown }).dispatch;
    if (childDispatch !== null && typeof childDispatch === 'object') {
      const { module, policy } = childDispatch as Record<string, unknown>;
      // (A child that writes both is told "not both" by the parser.)
      if ((module === undefined) !== (policy === undefined)) replaceDispatchChoice(merged, ['dispatch', module === undefined ? 'policy' : 'module'], module ?? policy);
    }
  }
  const written: { path: readonly PropertyKey[]; entry: string }[] = [];
  if (overrides !== undefined) {
    if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides)) {
      throw new InputError(file, [`overrides${at(source, ['overrides'])}: expected a mapping of path: value, e.g. "links[ZZ-GZ].bandwidth": 400Gbps`]);
    }
    merged = structuredClone(merged);
    const problems: string[] = [];
    for (const [entry, value] of Object.entries(overrides as Record<string, unknown>)) {
      let result: PropertyKey[] | string;
      try {
        result = applyOverrideInPlace(merged, { path: entry, value });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        result = error.problems.join('; ');
      }
      if (typeof result === 'string') problems.push(`overrides '${entry}'${at(source, ['overrides', entry])}: ${result}`);
      else written.push({ path: result, entry });
    }
    if (problems.length > 0) throw new InputError(file, problems);
  }
  layers.push({ file, label: basename(file), raw: rebased, locate: source.locate, written });
  return merged;
}

function at(source: ScenarioFile, path: readonly PropertyKey[]): string {
  const where = source.locate(path);
  return where === '' ? '' : ` (${where})`;
}

/** Objects merge key by key; anything else (lists, scalars) in `over` replaces `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) setOwn(out, key, Object.hasOwn(out, key) ? deepMerge(out[key], value) : value);
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Rewrites relative file paths of workload sources from `fromDir` to `toDir`. */
function rebaseFiles(raw: Record<string, unknown>, fromDir: string, toDir: string): Record<string, unknown> {
  if (!Array.isArray(raw.workload)) return raw;
  const workload = raw.workload.map((w: unknown) => {
    if (!isPlainObject(w)) return w;
    const copy = structuredClone(w);
    for (const keys of FILE_KEYS) {
      let node: unknown = copy;
      for (const k of keys.slice(0, -1)) node = isPlainObject(node) ? node[k] : undefined;
      const last = keys[keys.length - 1] as string;
      if (isPlainObject(node) && typeof node[last] === 'string' && !isAbsolute(node[last])) {
        node[last] = relative(toDir, resolve(fromDir, node[last])) || '.';
      }
    }
    return copy;
  });
  return { ...raw, workload };
}

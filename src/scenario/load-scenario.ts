import { readInputFile, withoutBom } from '../workload/read-input.js';
import { jsonErrorProblem } from '../workload/json-error-position.js';
import { existsSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../model/input-error.js';
import type { Scenario } from '../model/scenario.js';
import { composeScenario } from './compose-scenario.js';
import { applyOverrides, type Override } from './overrides.js';
import { parseScenario, type Locator } from './parse-scenario.js';

/** The folder of scenarios shipped with the package. */
export const BUNDLED_SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** The scenario `cnsim run` uses when none is given. */
export { DEFAULT_SCENARIO } from './default-scenario.js';

/**
 * Finds a scenario file: an existing path, or the name of a bundled scenario (`national-2025`).
 * @throws InputError when neither exists
 */
export function resolveScenarioPath(nameOrPath: string): string {
  if (existsSync(nameOrPath)) return resolve(nameOrPath);
  for (const ext of ['.yaml', '.yml', '.json']) {
    const bundled = join(BUNDLED_SCENARIOS_DIR, `${nameOrPath}${ext}`);
    if (existsSync(bundled)) return bundled;
  }
  throw new InputError(nameOrPath, [
    `no such file, and no bundled scenario of that name (bundled ones are in ${BUNDLED_SCENARIOS_DIR}; try 'national-2025')`,
  ]);
}

/** A scenario file read but not yet validated: the raw object and where its parts came from. */
export interface ScenarioSource {
  readonly file: string;
  readonly raw: unknown;
  readonly locate: Locator;
}

/**
 * Reads a scenario file (YAML or JSON, by extension; YAML otherwise) without validating it, with
 * the files it `extends` composed under it (compose-scenario.ts).
 * @throws InputError for an unreadable file, a syntax error (with line and column), an `extends`
 *   cycle or an `overrides:` path that does not apply
 */
export function readScenarioSource(nameOrPath: string): ScenarioSource {
  return composeScenario(resolveScenarioPath(nameOrPath), readOneFile);
}

/** Reads one scenario file, without `extends`. */
function readOneFile(file: string): ScenarioSource {
  let text: string;
  try {
    text = readInputFile(file, 'utf8');
  } catch (error) {
    throw new InputError(file, [`cannot read: ${(error as Error).message}`], { cause: error });
  }
  let json: unknown;
  if (extname(file) === '.json') {
    try {
      // A byte-order mark is no JSON (YAML skips it by itself).
      json = JSON.parse(withoutBom(text));
    } catch (error) {
      throw new InputError(file, [jsonErrorProblem(withoutBom(text), error as Error)], { cause: error });
    }
  }
  // Valid JSON is YAML too: its document gives a JSON file what JSON.parse does not, a repeated
  // key as an error (JSON.parse keeps the last silently) and the line of every path.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  // JSON.parse has read a JSON file: of YAML's objections to it only a repeated key counts.
  const errors = json === undefined ? doc.errors : doc.errors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (errors.length > 0) {
    throw new InputError(
      file,
      errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        // The library's own wording for this one names its API, not the fix.
        const message = e.code === 'MULTIPLE_DOCS' ? 'a scenario is one YAML document, and this file holds several (separated by ---): keep one per file' : e.message.split('\n')[0];
        return `line ${pos.line}, col ${pos.col}: ${message}`;
      }),
    );
  }
  const locate: Locator = (path) => {
    // Walk up to the nearest node that exists (a missing key points at its parent).
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `line ${pos.line}, col ${pos.col}`;
      }
    }
    return '';
  };
  if (json !== undefined) return { file, raw: json, locate };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 10_000 });
  } catch (error) {
    // Well-formed YAML that cannot become data: an alias to no anchor, an alias bomb.
    throw new InputError(file, [`${(error as Error).message}: define each anchor (&name) before its aliases (*name), or write the value out`], { cause: error });
  }
  return { file, raw, locate };
}

/**
 * Validates a read scenario after applying overrides (`--set`, sweep axes). Problems in an
 * overridden value are located as `from <origin>` (default "from --set") rather than at the
 * file's original line.
 * @throws InputError with every problem
 */
export function scenarioFromSource(source: ScenarioSource, overrides: readonly Override[] = [], origin = '--set'): Scenario {
  if (overrides.length === 0) return parseScenario(source.raw, source.file, source.locate);
  const { raw, written } = applyOverrides(source.raw, overrides);
  const locate: Locator = (path) => {
    const overridden = written.some((w) => w.length <= path.length && w.every((k, i) => k === path[i]));
    return overridden ? `from ${origin}` : source.locate(path);
  };
  return parseScenario(raw, source.file, locate);
}

/**
 * Reads and validates a scenario file, with optional overrides.
 * @throws InputError with every problem, each with its path and (for YAML) line and column
 */
export function loadScenario(nameOrPath: string, overrides: readonly Override[] = []): Scenario {
  // The API's callers, in the words of the CLI (an InputError, not a TypeError from inside).
  if (typeof nameOrPath !== 'string') throw new InputError('loadScenario', [`expected a scenario file or bundled name, got ${String(nameOrPath)}`]);
  if (!Array.isArray(overrides) || !overrides.every((o) => o !== null && typeof o === 'object' && typeof (o as Override).path === 'string')) {
    throw new InputError('loadScenario', ["overrides: expected a list of { path, value } (e.g. [{ path: 'horizon', value: '1h' }])"]);
  }
  const source = readScenarioSource(nameOrPath);
  // A sweep file holds a `sweep:` block naming its scenario, and no scenario of its own: say so
  // rather than list the scenario keys it lacks.
  const raw = source.raw as Record<string, unknown> | null;
  if (raw !== null && typeof raw === 'object' && 'sweep' in raw && !('centres' in raw)) {
    throw new InputError(source.file, ['a sweep file (its sweep: block names the scenario and the axes): run it with `cnsim sweep ' + source.file + '`; run, validate and describe take a scenario']);
  }
  return scenarioFromSource(source, overrides);
}

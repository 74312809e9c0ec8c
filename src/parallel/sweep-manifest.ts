import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../model/input-error.js';
import { CNSIM_VERSION } from '../runner/version.js';
import type { SweepAxis } from './expand-runs.js';
import { scenarioReference, type SweepPlan } from './load-sweep.js';
import type { Shard } from './shard.js';

/** The file at the top of a sweep folder that describes the sweep. */
export const SWEEP_MANIFEST_FILE = 'sweep.json';

/**
 * Contents of `sweep.json`: the sweep's definition and every run, with no path or time that
 * depends on the machine, so shards written anywhere agree and a merge reproduces it exactly.
 */
export interface SweepManifest {
  readonly cnsim: string;
  readonly sweepId: string;
  readonly name: string;
  readonly sweepFile: string;
  readonly scenario: string;
  readonly mode: 'grid' | 'zip';
  readonly axes: readonly SweepAxis[];
  readonly set: readonly { readonly path: string; readonly value: unknown }[];
  /** null for a whole sweep (and a merged one); the shard this folder holds otherwise. */
  readonly shard: Shard | null;
  readonly runs: readonly { readonly index: number; readonly runId: string; readonly params: Readonly<Record<string, unknown>>; readonly paramsSha256: string }[];
}

/** The manifest of a plan, for the whole sweep or one shard. */
export function sweepManifest(plan: SweepPlan, shard: Shard | null): SweepManifest {
  return {
    cnsim: CNSIM_VERSION,
    sweepId: plan.sweepId,
    name: plan.name,
    sweepFile: basename(plan.sweepFile),
    scenario: scenarioReference(plan),
    mode: plan.mode,
    axes: plan.axes,
    set: plan.set.map((o) => ({ path: o.path, value: o.value })),
    shard,
    runs: plan.runs.map((r) => ({ index: r.index, runId: r.runId, params: r.params, paramsSha256: r.paramsSha256 })),
  };
}

/** `sweep.json` text (two-space JSON, final newline). */
export function sweepManifestText(manifest: SweepManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads `sweep.json` of a sweep folder.
 * @throws InputError when the folder holds no sweep
 */
export function readSweepManifest(dir: string): SweepManifest {
  const file = join(dir, SWEEP_MANIFEST_FILE);
  if (!existsSync(file)) throw new InputError(dir, [`not a sweep folder: no ${SWEEP_MANIFEST_FILE} (written by \`cnsim sweep --out ${dir}\`)`]);
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as SweepManifest;
    if (manifest === null || typeof manifest !== 'object' || typeof manifest.sweepId !== 'string' || !Array.isArray(manifest.runs) || !Array.isArray(manifest.axes)) {
      throw new Error('missing sweepId, axes or runs');
    }
    // Every entry as written by cnsim sweep: a file edited by hand or cut off is named, not a TypeError deep in compare or merge.
    manifest.axes.forEach((a: unknown, i) => {
      const axis = a as { path?: unknown; values?: unknown } | null;
      if (axis === null || typeof axis !== 'object' || typeof axis.path !== 'string' || !Array.isArray(axis.values)) throw new Error(`axes[${i}]: expected { path, values: [...] }`);
    });
    manifest.runs.forEach((r: unknown, i) => {
      const run = r as { runId?: unknown; index?: unknown; params?: unknown } | null;
      if (run === null || typeof run !== 'object' || typeof run.runId !== 'string' || typeof run.index !== 'number' || run.params === null || typeof run.params !== 'object') {
        throw new Error(`runs[${i}]: expected { index, runId, params, paramsSha256 }`);
      }
    });
    return manifest;
  } catch (error) {
    throw new InputError(file, [`unreadable sweep manifest: ${(error as Error).message}`], { cause: error });
  }
}

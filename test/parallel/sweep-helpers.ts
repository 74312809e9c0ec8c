import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';

export const ROOT = join(import.meta.dirname, '..', '..');
export const TWO_SITES = join(ROOT, 'examples', 'two-sites.yaml');

/** A fresh temporary folder. */
export function tempDir(prefix = 'cnsim-sweep-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Writes a sweep file over examples/two-sites.yaml with a short horizon (runs of ~50 ms) and
 * returns its path.
 */
export function writeSweep(dir: string, sweep: Record<string, unknown>, name = 'sweep.yaml'): string {
  const file = join(dir, name);
  const { set, ...rest } = sweep as { set?: Record<string, unknown> };
  writeFileSync(file, stringify({ sweep: { scenario: TWO_SITES, ...rest, set: { horizon: '3h', ...(set ?? {}) } } }));
  return file;
}

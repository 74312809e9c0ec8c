import { createHash } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Scenario } from '../model/scenario.js';

/** Stable JSON (sorted keys, no Infinity) used to hash a scenario. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  });
}

/** sha256 of the normalised scenario (after units, defaults and file loading). */
export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

/**
 * `manifest.json` of a results folder, written after the files it lists: it records each one's
 * size in bytes (`fileBytes`), so that a file cut off or edited since (a copy that stopped half
 * way, a hand edit) is seen by whoever trusts the folder later (`cnsim sweep --resume`).
 */
export class ManifestContent {
  /**
   * @param fields the manifest's keys before `files` (what produced the folder)
   * @param files the folder's other files, in the order listed
   * @param after the keys after `fileBytes` (the machine and the moment)
   */
  constructor(
    private readonly fields: Readonly<Record<string, unknown>>,
    readonly files: readonly string[],
    private readonly after: Readonly<Record<string, unknown>>,
  ) {}

  /** The text, given each listed file's size in bytes (undefined: not known, left out). */
  text(bytesOf: (file: string) => number | undefined): string {
    const fileBytes: Record<string, number> = {};
    for (const f of this.files) {
      const bytes = bytesOf(f);
      if (bytes !== undefined) fileBytes[f] = bytes;
    }
    return `${JSON.stringify({ ...this.fields, files: this.files, fileBytes, ...this.after }, null, 2)}\n`;
  }

  /** Writes the manifest into the folder of `path`, whose listed files are written already. */
  writeFile(path: string): void {
    writeFileSync(path, this.text((file) => statSync(join(dirname(path), file)).size));
  }
}

import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Table } from './build-reports.js';
import { toCsv } from './csv.js';

/** Renders a table as CSV (RFC 4180 quoting, `\n` line ends). */
export function tableToCsv(table: Table): string {
  return toCsv(table.header, table.rows);
}

/**
 * Writes a results folder atomically: every file goes to a temporary sibling folder, which then
 * replaces `dir` in one rename. A crash or an error leaves the previous results intact and no
 * half-written folder behind.
 * @param files file name → content
 */
export function writeResultsFolder(dir: string, files: ReadonlyMap<string, string>): void {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  try {
    for (const [name, content] of files) writeFileSync(join(temp, name), content);
    if (existsSync(target)) {
      const old = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
      renameSync(target, old);
      renameSync(temp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(temp, target);
    }
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

import { closeSync, existsSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { type RowSource, writeCsvSync } from './csv.js';
import type { FileContent } from './jobs-parquet.js';

/** Writes a file by a rename from a temporary sibling: readers see the old or the new file, never half of one. */
export function writeFileAtomic(file: string, content: string): void {
  const temp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * The content of a result file: its text, a table written as CSV (the bytes of `rowSourceToCsv`
 * in csv.ts), or anything that writes its own file (jobs.parquet).
 */
export type ResultContent = string | RowSource | FileContent;

/**
 * Removes the hidden siblings that {@link writeResultsFolder} left in `parentDir` when its process
 * was killed mid-write (`.<name>.tmp-<pid>`, `.<name>.old-<pid>`): never results.
 */
export function removeUnfinishedFolders(parentDir: string): void {
  for (const name of readdirSync(parentDir)) {
    if (name.startsWith('.') && /\.(tmp|old)-\d+$/.test(name)) rmSync(join(parentDir, name), { recursive: true, force: true });
  }
}

/**
 * Writes a results folder atomically: every file goes to a temporary sibling folder, which then
 * replaces `dir` in one rename. A crash or an error leaves the previous results intact and no
 * half-written folder behind. Tables are streamed to their file rather than rendered as one
 * string first.
 * @param files file name → content
 */
export function writeResultsFolder(dir: string, files: ReadonlyMap<string, ResultContent>): void {
  const target = resolve(dir);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  try {
    for (const [name, content] of files) {
      if (typeof content === 'string') {
        writeFileSync(join(temp, name), content);
      } else if ('writeFile' in content) {
        content.writeFile(join(temp, name));
      } else {
        const fd = openSync(join(temp, name), 'w');
        try {
          writeCsvSync(fd, content);
        } finally {
          closeSync(fd);
        }
      }
    }
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

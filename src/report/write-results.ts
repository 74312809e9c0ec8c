import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import { type RowSource, writeCsvSync } from './csv.js';
import type { FileContent } from './jobs-parquet.js';
import { makeDirs } from './make-dirs.js';

/** Writes a file by a rename from a temporary sibling: readers see the old or the new file, never half of one. */
export function writeFileAtomic(file: string, content: string | Uint8Array): void {
  writeFilesAtomic([[file, content]]);
}

/**
 * Writes several files so that either all of them are written or none is changed: each to a
 * temporary sibling first, then all renamed (a rename within a folder does not fail for lack of
 * space). On an error the temporary files are removed and the error is thrown.
 */
export function writeFilesAtomic(files: readonly (readonly [string, string | Uint8Array])[]): void {
  const temps: string[] = [];
  try {
    for (const [file, content] of files) {
      const temp = `${file}.tmp-${process.pid}`;
      temps.push(temp);
      writeFileSync(temp, content);
    }
    // A folder in a target's place would fail its rename after the others were done.
    for (const [file] of files) {
      if (statSync(file, { throwIfNoEntry: false })?.isDirectory() === true) {
        throw Object.assign(new Error(`EISDIR: illegal operation on a directory, rename to '${file}'`), { code: 'EISDIR', path: file });
      }
    }
    files.forEach(([file], i) => renameSync(temps[i] as string, file));
  } catch (error) {
    for (const temp of temps) rmSync(temp, { force: true });
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
  removeLeftovers(parentDir, () => true);
}

/** Temporary folders of results being written by this process (not yet committed or aborted). */
const unfinished = new Set<string>();

/**
 * Removes the temporary folders of results this process has not finished, and returns them: for
 * a process that exits in the middle of a run (a plug-in calling process.exit).
 */
export function removeUnfinishedResults(): string[] {
  const left = [...unfinished];
  for (const temp of left) rmSync(temp, { recursive: true, force: true });
  unfinished.clear();
  return left;
}

/**
 * Removes what earlier processes left beside `target` when they were killed mid-write (Ctrl-C,
 * SIGTERM, SIGKILL: a synchronous run cannot clean up on a signal).
 */
function removeAbandoned(target: string): void {
  const own = `.${basename(target)}`;
  removeLeftovers(dirname(target), (name) => name.slice(0, name.lastIndexOf('.')) === own);
}

/**
 * Removes the `.<name>.tmp-<pid>` and `.<name>.old-<pid>` folders in `parent` that `wanted` names,
 * of processes that no longer exist (a live process's are being written). What cannot be
 * deleted (read-only) is left: it is hidden and harms nothing.
 */
function removeLeftovers(parent: string, wanted: (name: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = /\.(?:tmp|old)-(\d+)$/.exec(name);
    if (!name.startsWith('.') || m === null || !wanted(name) || processExists(Number(m[1]))) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch {
      // Not ours to delete.
    }
  }
}

/** Whether a process with this id runs (ours counts: its folder is replaced by the caller). */
function processExists(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A results folder being written: every file goes to a temporary sibling folder (a streamed run
 * writes jobs.csv there while it runs), which {@link commit} renames over `dir` in one step. A
 * crash or an error ({@link abort}) leaves the previous results intact and no half-written
 * folder behind.
 */
export class ResultsFolder {
  private readonly target: string;
  private readonly temp: string;

  /**
   * @throws InputError when `dir` exists and is not a results folder (a file, or a folder with
   *   other things in it and no manifest.json): replacing it would delete the user's files
   */
  constructor(dir: string) {
    this.target = resolve(dir);
    refuseToReplace(this.target);
    makeDirs(dirname(this.target));
    removeAbandoned(this.target);
    this.temp = join(dirname(this.target), `.${basename(this.target)}.tmp-${process.pid}`);
    rmSync(this.temp, { recursive: true, force: true });
    mkdirSync(this.temp);
    unfinished.add(this.temp);
  }

  /** Where a file of the folder is written before the commit. */
  path(name: string): string {
    return join(this.temp, name);
  }

  /** Writes files (tables are streamed to their file rather than rendered as one string first). */
  write(files: ReadonlyMap<string, ResultContent>): void {
    for (const [name, content] of files) {
      if (typeof content === 'string') {
        writeFileSync(this.path(name), content);
      } else if ('writeFile' in content) {
        content.writeFile(this.path(name));
      } else {
        const fd = openSync(this.path(name), 'w');
        try {
          writeCsvSync(fd, content);
        } finally {
          closeSync(fd);
        }
      }
    }
  }

  /** Puts the folder in place of `dir` (the previous one is removed only once the new one is there). */
  commit(): void {
    const { target, temp } = this;
    if (existsSync(target)) {
      const old = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
      renameSync(target, old);
      renameSync(temp, target);
      try {
        rmSync(old, { recursive: true, force: true });
      } catch {
        // The new results are in place: an earlier folder we may not delete (read-only) is no
        // failure of this run; it stays hidden beside them, for the next run to try again.
      }
    } else {
      renameSync(temp, target);
    }
    unfinished.delete(temp);
  }

  /** Drops what was written. */
  abort(): void {
    rmSync(this.temp, { recursive: true, force: true });
    unfinished.delete(this.temp);
  }
}

/**
 * Whether a folder is cnsim's: its manifest.json says `cnsim` (a web app's manifest.json does
 * not), or its run.json names a sweep run.
 */
function isResultsFolder(dir: string, entries: readonly string[]): boolean {
  const says = (file: string, key: string): boolean => {
    if (!entries.includes(file)) return false;
    try {
      const value = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown> | null;
      return value !== null && typeof value === 'object' && typeof value[key] === 'string';
    } catch {
      return false;
    }
  };
  return says('manifest.json', 'cnsim') || says('run.json', 'runId');
}

/**
 * A results folder replaces what is at its path only when that is nothing, an empty folder or
 * an earlier results folder: `--out .`, `--out ~/thesis` or `--out scenarios` would otherwise
 * delete a folder of the user's files (it is renamed aside, then removed).
 */
function refuseToReplace(target: string): void {
  const stat = statSync(target, { throwIfNoEntry: false });
  if (stat === undefined) return;
  if (!stat.isDirectory()) {
    throw new InputError(target, ['exists and is not a folder: cnsim writes a results folder there, replacing only an earlier one; choose another --out, or remove the file']);
  }
  const entries = readdirSync(target);
  if (entries.length === 0 || isResultsFolder(target, entries)) return;
  const shown = entries.slice(0, 3).map((e) => `'${e}'`).join(', ');
  throw new InputError(target, [
    `exists and is not a cnsim results folder (it has no manifest.json, and holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: ${shown}${entries.length > 3 ? ', ...' : ''}): cnsim replaces only its own results; choose another --out, e.g. ${join(target, 'results')}`,
  ]);
}

/**
 * Writes a results folder atomically (see {@link ResultsFolder}).
 * @param files file name → content
 */
export function writeResultsFolder(dir: string, files: ReadonlyMap<string, ResultContent>): void {
  const folder = new ResultsFolder(dir);
  try {
    folder.write(files);
    folder.commit();
  } catch (error) {
    folder.abort();
    throw error;
  }
}

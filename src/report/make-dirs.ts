import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`: creates a folder and its missing parents, one at a time.
 *
 * Not `mkdirSync(path, { recursive: true })`: Node's recursive mkdir takes an ENOENT from a
 * child as "its parent is missing", creates the parent (EEXIST: fine) and tries the child
 * again, forever, where the parent exists but cannot hold folders (`--out /proc/x/y` spins a
 * core at 100 % and no signal handler ever runs; a dangling symbolic link did the same in some
 * versions). Here each missing folder is made once, and its error is the answer.
 * @throws the file-system error of the first folder that cannot be made (ENOENT, EACCES, ENOTDIR, ...)
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); !existsSync(dir); ) {
    missing.push(dir);
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (let i = missing.length - 1; i >= 0; i--) {
    try {
      mkdirSync(missing[i] as string);
    } catch (error) {
      // Made meanwhile by another process (a sweep's workers), or a link to a folder: fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

import { InputError } from '../model/input-error.js';
import { PolicyDecisionError } from '../sim/policy-decision-error.js';

/** Exit codes of every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/** What to do about a file-system error while writing, by its code. */
const FILE_SYSTEM_ADVICE: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device: free some space, or write elsewhere with --out',
  EDQUOT: 'disk quota exceeded: free some space, or write elsewhere with --out',
  EROFS: 'the file system is read-only: write elsewhere with --out',
  EACCES: 'permission denied: write to a folder you may write to, with --out',
  EPERM: 'operation not permitted: write to a folder you may write to, with --out',
  ENOTDIR: 'a part of the path is a file, not a folder: choose another --out',
  EEXIST: 'a part of the path is a file, not a folder: choose another --out',
  EISDIR: 'this is a folder where a file was expected: choose another path',
  ERR_FS_EISDIR: 'this is a folder where a file was expected: remove it, or choose another path',
  ENAMETOOLONG: 'the path is too long: choose a shorter --out',
  ENOENT: 'a folder on the path does not exist: create it, or choose another path',
};

/**
 * A file-system error of the machine (full or read-only disk, no permission, a file where a
 * folder should be) as bad input: the user can fix it, it is not a bug. Undefined for others.
 */
export function fileSystemProblem(error: unknown, context: { readonly path?: string; readonly outcome?: string } = {}): InputError | undefined {
  const e = error as NodeJS.ErrnoException | null;
  if (e === null || typeof e !== 'object' || typeof e.code !== 'string') return undefined;
  const advice = FILE_SYSTEM_ADVICE[e.code];
  if (advice === undefined) return undefined;
  // The path of a temporary file (`<name>.tmp-<pid>`, removed on failure) is named by its final name.
  // So is a results folder being written (`.<name>.tmp-<pid>/...`, `.<name>.old-<pid>`): that one
  // first, or the file rule would leave `.<name>` of the folder itself.
  const path = typeof e.path === 'string' ? e.path.replace(/(^|\/)\.([^/]+)\.(?:tmp|old)-\d+(?=\/|$)/, '$1$2').replace(/\.tmp-\d+$/, '') : (context.path ?? 'output');
  return new InputError(path, [`cannot write (${e.code}): ${advice}; ${context.outcome ?? 'nothing was half-written'}`], { cause: error });
}

/**
 * Reports an error on stderr and sets the exit code: 2 with every problem for bad input (and
 * for a disk that is full, read-only or not ours to write), 1 with the stack for anything else
 * (a bug or an invalid policy decision).
 */
export function reportError(error: unknown): void {
  if (error instanceof PolicyDecisionError && error.byPlugin) {
    // The user's own code: what it did, and where in it, without cnsim's internals.
    const cause = error.cause instanceof Error ? error.cause : undefined;
    const frame = cause?.stack
      ?.split('\n')
      .map((line) => /\(?((?:file:\/\/)?\/[^():]+\.(?:m|c)?js):(\d+):(\d+)\)?$/.exec(line.trim()))
      .find((m) => m !== null && !m[1]?.includes('/dist/') && !m[1]?.includes('/node_modules/'));
    const where = frame === undefined || frame === null ? '' : `\n  where: ${(frame[1] as string).replace(/^file:\/\//, '')}, line ${frame[2]}, column ${frame[3]}`;
    process.stderr.write(`cnsim: ${error.message}${where}\n  ${error.hint}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const input = error instanceof InputError ? error : fileSystemProblem(error);
  if (input !== undefined) {
    process.stderr.write(`cnsim: ${input.message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`cnsim: run failed: ${e.stack ?? e.message}\n`);
  process.exitCode = EXIT_FAILURE;
}

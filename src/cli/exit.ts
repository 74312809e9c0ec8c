import { InputError } from '../model/input-error.js';

/** Exit codes of every command. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

/**
 * Reports an error on stderr and sets the exit code: 2 with every problem for bad input,
 * 1 with the stack for anything else (a bug or an invalid policy decision).
 */
export function reportError(error: unknown): void {
  if (error instanceof InputError) {
    process.stderr.write(`cnsim: ${error.message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const e = error instanceof Error ? error : new Error(String(error));
  process.stderr.write(`cnsim: run failed: ${e.stack ?? e.message}\n`);
  process.exitCode = EXIT_FAILURE;
}

import { closeSync, mkdtempSync, openSync, readSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../model/input-error.js';

/**
 * Bytes appended to a temporary file and read back from any offset: where a long run keeps the
 * per-job samples its exact quantiles need, so that memory follows the jobs in the system.
 *
 * The file is unlinked as soon as it is open (where the system allows it: POSIX), so nothing is
 * left behind whatever ends the process; elsewhere {@link close} removes it.
 */
export class SpillFile {
  private fd: number;
  private dir: string | null;
  /** Bytes written so far. */
  bytes = 0;

  constructor() {
    const base = tmpdir();
    try {
      const dir = mkdtempSync(join(base, 'cnsim-samples-'));
      const path = join(dir, 'values');
      this.fd = openSync(path, 'w+');
      this.dir = dir;
    } catch (error) {
      throw spillProblem(base, error);
    }
    try {
      unlinkSync(join(this.dir, 'values'));
      rmSync(this.dir, { recursive: true, force: true });
      this.dir = null;
    } catch {
      // An open file cannot be removed on Windows: close() does it.
    }
  }

  /** Appends the bytes of `view`. */
  append(view: ArrayBufferView): void {
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    let done = 0;
    try {
      while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, this.bytes + done);
    } catch (error) {
      throw spillProblem(tmpdir(), error);
    }
    this.bytes += bytes.length;
  }

  /** Fills `into` with the bytes from `byteOffset` on (they must have been written). */
  read(byteOffset: number, into: ArrayBufferView): void {
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(this.fd, bytes, done, bytes.length - done, byteOffset + done);
      if (n === 0) throw new Error(`SpillFile: read past the end (${byteOffset + done} of ${this.bytes} bytes)`);
      done += n;
    }
  }

  /** Closes (and, where it still exists, removes) the file. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}

/** A temporary folder that cannot take the samples is the user's to fix: say which and how. */
function spillProblem(dir: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? 'error';
  return new InputError(dir, [
    `cannot write the run's temporary samples (${code}): a long run keeps 36 bytes a job there for exact quantiles; free space in it, or point TMPDIR to a folder with room`,
  ], { cause: error });
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file in `runs/<run-id>/` that says what the folder holds. */
export const RUN_RECORD_FILE = 'run.json';

/** Contents of `run.json`: written last into the run folder, which appears atomically. */
export interface RunRecord {
  readonly runId: string;
  readonly index: number;
  readonly status: 'ok' | 'failed';
  /** Empty for a run that finished; the error message otherwise (the stack is in `error.txt`). */
  readonly error: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly paramsSha256: string;
}

/** What identifies a run in its record. */
export type RunIdentity = Pick<RunRecord, 'runId' | 'index' | 'params' | 'paramsSha256'>;

/** The text of `run.json` for a run that finished (`error` empty) or failed. */
export function runRecordText(run: RunIdentity, status: RunRecord['status'], error: string): string {
  const record: RunRecord = { runId: run.runId, index: run.index, status, error, params: run.params, paramsSha256: run.paramsSha256 };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** The folder of a failed run: `run.json` with the message, `error.txt` with the stack. */
export function failedRunFiles(run: RunIdentity, message: string, error: unknown): Map<string, string> {
  const stack = error instanceof Error ? error.stack : undefined;
  return new Map([
    [RUN_RECORD_FILE, runRecordText(run, 'failed', message)],
    ['error.txt', `${stack ?? message}\n`],
  ]);
}

/** Reads `run.json` of a run folder; undefined when the folder or the record is missing or unreadable. */
export function readRunRecord(runDir: string): RunRecord | undefined {
  const file = join(runDir, RUN_RECORD_FILE);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch {
    // A record that does not parse is treated as missing: the run is simply done again.
    return undefined;
  }
}

/**
 * Whether a run folder holds complete results of these parameters: `--resume` skips such runs.
 * The folder is written atomically, so a record with status ok means every file is there; the
 * summary is checked anyway, as a folder may have been edited by hand.
 */
export function isRunComplete(runDir: string, paramsSha256: string): boolean {
  const record = readRunRecord(runDir);
  return record !== undefined && record.status === 'ok' && record.paramsSha256 === paramsSha256 && existsSync(join(runDir, 'summary.csv'));
}

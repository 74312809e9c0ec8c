import { parse } from 'csv-parse/sync';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
    const record = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    // A record that does not parse, or is no record (null, a list), is treated as missing: the run is simply done again.
    if (record === null || typeof record !== 'object' || Array.isArray(record) || typeof (record as RunRecord).status !== 'string') return undefined;
    return record as RunRecord;
  } catch {
    return undefined;
  }
}

/**
 * Whether a run folder holds complete results of these parameters: `--resume` skips such runs.
 * The folder is written atomically, so a record with status ok means every file is there; the
 * summary is checked anyway, as a folder may have been edited by hand.
 */
export function isRunComplete(runDir: string, paramsSha256: string, jobsFile: string | null = null): boolean {
  const record = readRunRecord(runDir);
  if (record === undefined || record.status !== 'ok' || record.paramsSha256 !== paramsSha256) return false;
  // Edited by hand or cut off since (a copy that stopped half way): every file its manifest lists
  // must still be there with the size it had, and its summary must read.
  let files: unknown;
  let fileBytes: unknown;
  try {
    ({ files, fileBytes } = JSON.parse(readFileSync(join(runDir, 'manifest.json'), 'utf8')) as { files?: unknown; fileBytes?: unknown });
  } catch {
    return false;
  }
  if (!Array.isArray(files) || !files.every((f) => typeof f === 'string' && existsSync(join(runDir, f)))) return false;
  // A folder of an earlier cnsim, which did not record sizes, is judged by the rest.
  if (fileBytes !== undefined && !hasRecordedSizes(runDir, files as string[], fileBytes)) return false;
  // Resumed with another --jobs-format: a run without the per-job table now asked for runs again.
  if (jobsFile !== null && !files.includes(jobsFile)) return false;
  try {
    const [header, row] = parse(readFileSync(join(runDir, 'summary.csv'), 'utf8')) as string[][];
    return header !== undefined && row !== undefined && header.length === row.length;
  } catch {
    return false;
  }
}

/** Whether every listed file has the size the manifest recorded for it. */
function hasRecordedSizes(runDir: string, files: readonly string[], fileBytes: unknown): boolean {
  if (fileBytes === null || typeof fileBytes !== 'object' || Array.isArray(fileBytes)) return false;
  const sizes = fileBytes as Record<string, unknown>;
  return files.every((f) => {
    const size = sizes[f];
    return typeof size === 'number' && statSync(join(runDir, f), { throwIfNoEntry: false })?.size === size;
  });
}

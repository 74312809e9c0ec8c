import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import { writeFileAtomic } from '../report/write-results.js';
import { buildRunReport, type ReportOptions } from './run-report.js';
import { makeDirs } from '../report/make-dirs.js';

/** The report file of a results folder unless told otherwise. */
export const REPORT_FILE = 'report.html';

/**
 * Writes the HTML report of a results folder (atomically: a reader sees the old report or the
 * new one, and a failure leaves no half-written file) and returns its path.
 */
export async function writeRunReport(dir: string, options: ReportOptions & { readonly out?: string } = {}): Promise<string> {
  const out = checkReportPath(options.out ?? join(dir, REPORT_FILE), [dir, ...(options.baselineDir === undefined ? [] : [options.baselineDir])]);
  const html = await buildRunReport(dir, options);
  makeDirs(dirname(out));
  writeFileAtomic(out, html);
  return out;
}

/**
 * The absolute path of a report file, checked before any work: not a folder, and not one of the
 * files a report is drawn from (`--out results/x/summary.csv` would destroy the run).
 * @throws InputError naming the path and what to do
 */
export function checkReportPath(path: string, inputDirs: readonly string[]): string {
  const out = resolve(path);
  if (path === '' || (existsSync(out) && statSync(out).isDirectory())) {
    throw new InputError(path === '' ? '--out' : path, ['is a folder, not a file: give the report a file name, such as report.html']);
  }
  const name = basename(out);
  for (const dir of inputDirs) {
    if (dirname(out) === resolve(dir) && (name.endsWith('.csv') || name.endsWith('.json') || name.endsWith('.parquet'))) {
      throw new InputError(path, ['is a file of the results folder the report is drawn from: write the report elsewhere, or name it .html']);
    }
  }
  return out;
}

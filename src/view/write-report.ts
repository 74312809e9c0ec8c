import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../report/write-results.js';
import { buildRunReport, type ReportOptions } from './run-report.js';

/** The report file of a results folder unless told otherwise. */
export const REPORT_FILE = 'report.html';

/**
 * Writes the HTML report of a results folder (atomically: a reader sees the old report or the
 * new one, and a failure leaves no half-written file) and returns its path.
 */
export async function writeRunReport(dir: string, options: ReportOptions & { readonly out?: string } = {}): Promise<string> {
  const html = await buildRunReport(dir, options);
  const out = resolve(options.out ?? join(dir, REPORT_FILE));
  writeFileAtomic(out, html);
  return out;
}

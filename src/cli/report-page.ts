import { join } from 'node:path';
import { fileSystemProblem } from './exit.js';

/** The option that makes `run` and `replay` draw report.html beside their CSV files. */
export const REPORT_OPTION = { type: 'boolean', default: true, describe: 'write report.html into the results folder (--no-report: CSV only)' } as const;

/**
 * Draws `outDir/report.html` from a results folder just written, and says where it is. The CSV
 * files are complete whatever happens here: a page that cannot be written says so and how to
 * draw it later, rather than leaving the user to think the run was lost.
 */
export async function writeReportPage(outDir: string, quiet: boolean): Promise<void> {
  const { writeRunReport } = await import('../view/write-report.js');
  let reportFile: string;
  try {
    reportFile = await writeRunReport(outDir);
  } catch (error) {
    const outcome = `report.html was not written, and the results in ${outDir} are complete: draw the page later with \`cnsim report ${outDir}\``;
    throw fileSystemProblem(error, { path: join(outDir, 'report.html'), outcome }) ?? error;
  }
  if (!quiet) process.stdout.write(`report: ${reportFile}\n`);
}

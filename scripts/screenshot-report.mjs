#!/usr/bin/env node
// screenshot-report.mjs: the README's picture of the report.
//
//   npm start && node scripts/screenshot-report.mjs results/national-2025/report.html docs/report.png [height]
//
// Goes through openReport (scripts/report-browser.mjs), the code path test/view/browser.test.ts
// checks; crops the full-page screenshot to its top `height` pixels (default 1800), ending below
// the last chart shown whole, so that the picture shows the headline, the map and the first
// charts and cuts none of them.
import { openReport } from './report-browser.mjs';

const [file = 'results/national-2025/report.html', out = 'docs/report.png', height = '1800'] = process.argv.slice(2);
const seen = await openReport(file, { screenshot: out, fullPage: false, width: 1200, viewportHeight: Number(height), wholeFigures: true });
if (seen.consoleErrors.length > 0 || seen.foreignRequests.length > 0) {
  process.stderr.write(`report page problems: ${JSON.stringify({ consoleErrors: seen.consoleErrors, foreignRequests: seen.foreignRequests })}\n`);
  process.exit(1);
}
process.stdout.write(`${out}: ${seen.screenshotPixels.width}×${seen.screenshotPixels.height}, ${seen.figures.length} figures\n`);

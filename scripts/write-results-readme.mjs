// Regenerates results/README.md from the column definitions in src/report/columns.ts
// (run `npm run build` first). The test suite checks that every column is documented.
import { writeFileSync } from 'node:fs';
import { RESULT_FILES } from '../dist/report/columns.js';

const lines = [
  '# Results folder',
  '',
  '`cnsim run` writes one folder per run (default `results/<scenario name>/`; outputs are not committed, this README is).',
  'The folder is written atomically: files go to a temporary sibling folder that replaces the old one in a single rename, so',
  'a failed or interrupted run leaves the previous results intact and no partial folder.',
  '',
  'Conventions: times are seconds since the scenario epoch (time 0); sizes in bytes; bandwidth in bit/s; energy in kWh.',
  'Numbers are written with at most 6 decimals (rounded half away from zero at the 6th); an empty cell means "not applicable"',
  '(a rejected job has no start time, a centre without GPUs has no GPU utilization). Same scenario + seed + cnsim version gives',
  'byte-identical CSV files on every machine and thread count; only `manifest.json`\'s `wallClock` block differs.',
  '',
  'Generated from `src/report/columns.ts` by `scripts/write-results-readme.mjs`.',
  '',
];
for (const file of RESULT_FILES) {
  lines.push(`## \`${file.file}\``, '', file.description, '', '| column | unit | meaning |', '|---|---|---|');
  for (const c of file.columns) lines.push(`| \`${c.name}\` | ${c.unit} | ${c.description.replaceAll('|', '\\|')} |`);
  lines.push('');
}
lines.push(
  '## `manifest.json`',
  '',
  'What produced the folder: `cnsim` (version), `scenario`, `scenarioFile`, `scenarioSha256` (hash of the normalised scenario,',
  'after units, defaults and loaded files), `seed`, `options` (command options that change results, e.g. `untilS`), `jobs`,',
  '`events` (events processed), `simulatedEndS`, `rejections` (count per reason), `files`, and `wallClock` (`simulationS`,',
  '`finishedAt`, `node`, `platform`): the only part that depends on the machine and the moment.',
  '',
);
writeFileSync(new URL('../results/README.md', import.meta.url), lines.join('\n'));

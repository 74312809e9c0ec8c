// Regenerates results/README.md from the column definitions in src/report/columns.ts
// (run `npm run build` first). The test suite checks that every column is documented.
import { writeFileSync } from 'node:fs';
import { RESULT_FILES } from '../dist/report/columns.js';
import { REPLAY_JOB_COLUMNS, WARNINGS_COLUMNS } from '../dist/replay/replay.js';
import { METRICS_COLUMNS } from '../dist/replay/replay-metrics.js';
import { BATSIM_COLUMN_DOCS } from '../dist/report/batsim-export.js';
import { COMPARE_COLUMNS, SWEEP_FAILURES_COLUMNS, SWEEP_SUMMARY_COLUMNS } from '../dist/parallel/sweep-columns.js';

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
  'Generated from `src/report/columns.ts` (sweeps: `src/parallel/sweep-columns.ts`) by `scripts/write-results-readme.mjs`.',
  '',
];
/** A table of columns given as [name, unit, meaning]. */
const tuples = (columns) => {
  lines.push('| column | unit | meaning |', '|---|---|---|');
  for (const [name, unit, description] of columns) lines.push(`| \`${name}\` | ${unit} | ${description.replaceAll('|', '\\|')} |`);
  lines.push('');
};
/** A file's heading, its description and its columns. */
const fileDoc = (heading, file) => {
  lines.push(`${heading} \`${file.file}\``, '', file.description, '');
  tuples(file.columns.map((c) => [c.name, c.unit, c.description]));
};
for (const file of RESULT_FILES) fileDoc('##', file);
lines.push(
  '## Trace replay (`cnsim replay`)',
  '',
  'A replay folder has the files above (one centre `machine`, one partition `all` of N one-core nodes; `job_id` is the SWF job',
  'number) except `energy.csv` and `regions.csv` (a replay keeps no energy account: the energy columns are empty), plus the',
  'following.',
  '',
  '### `jobs.csv`: extra columns at the end',
  '',
);
tuples(REPLAY_JOB_COLUMNS);
lines.push('### `warnings.csv`', '', 'One row per trace job that the conversion skipped or changed ([docs/DESIGN.md](../docs/DESIGN.md) §4: nothing is changed silently).', '');
tuples(WARNINGS_COLUMNS);
lines.push(
  '### `metrics.csv`',
  '',
  'One row per job set, in the reference tools\' units ([test/fixtures/reference/README.md](../test/fixtures/reference/README.md) §3.4). τ = 10 s for the bounded slowdown.',
  '',
);
tuples(METRICS_COLUMNS);
lines.push(
  '## Schedule exports (`--export batsim`, `--export swf`)',
  '',
  '`cnsim run` and `cnsim replay` with `--export batsim` and/or `--export swf` (repeatable) also write each centre\'s simulated',
  'schedule for other tools. The view is the centre\'s: a job is submitted when it joins the centre\'s queue (its input has',
  'arrived), so waits are waits in that queue. Jobs that never ran at the centre (rejected, or still waiting or running when the',
  'run stopped) have no row; a job that failures killed and ran again has the row of its last run. Every centre has its file.',
  '',
  '### `batsim/<centre>_jobs.csv`',
  '',
  'Batsim\'s jobs table (its columns, order and formulas), which evalys loads with `JobSet.from_csv` to draw Gantt charts and',
  'compute its metrics. Rows in jobs.csv order. Node ids need node placement, which `--export batsim` turns on: each job takes',
  'the lowest-numbered free nodes of its partition when it starts (first fit on ids, whatever their contiguity; a failed node is',
  'the killed job\'s first node, or the lowest free one). Placement changes nothing else a run writes (tested). Not available',
  'with `cnsim replay --compat` or `--ordering pyss` (their own simulators place no nodes).',
  '',
);
tuples(BATSIM_COLUMN_DOCS);
lines.push(
  '### `swf/<centre>.swf`',
  '',
  'The Standard Workload Format (Parallel Workloads Archive, version 2.2), readable by pyss, Alea and `cnsim replay`. Header:',
  '`MaxNodes` and `MaxProcs` (nodes × cores per node) of the centre, its partitions, the sites numbered, and the conversions.',
  'Lines in submit order, then the run\'s submission order (the order a replay queues them), numbered from 1. Times are whole',
  'seconds, rounded. Field 2 submit = joined the centre\'s queue; 3 wait = start − submit; 4 run time = end − start (at the',
  'partition\'s speed); 5 allocated processors = nodes × cores per node (cnsim allocates whole nodes); 8 requested processors =',
  'cores requested; 9 requested time = walltime / speed rounded up, never below field 4; 11 status 1 = done, 0 = killed (at its',
  'walltime or by failures); 12 user = number of the origin site; 15 queue = 1; 16 partition = number of the partition in the',
  'centre; −1 elsewhere. The rows wait in memory until the end of the run to be sorted: 80 bytes a job.',
  'Round trip: replaying a trace, exporting it and replaying the export gives the same start times (tested on three real traces',
  'and three policies); a job killed at its walltime is written with run time = walltime, so the second replay calls it done.',
  '',
);
lines.push(
  '## `manifest.json`',
  '',
  'What produced the folder: `cnsim` (version), `resultsFormat` (version of the folder layout, 1 today: a cnsim that reads an',
  'older format refuses a newer folder instead of misreading it), `scenario`, `scenarioFile`, `scenarioSha256` (hash of the normalised scenario,',
  'after units, defaults and loaded files), `seed`, `options` (command options that change results, e.g. `untilS`), `jobs`,',
  '`events` (events processed), `simulatedEndS`, `dispatch` (`policy`: the dispatch policy\'s name; `module`: the plug-in\'s file, or',
  'empty), `refusals` (full-queue refusals, as `summary.csv` `refusals`), `rejections` (count per reason), `files` (every other file of the folder but',
  '`report.html`), `fileBytes` (each of those files\' size in bytes: `cnsim sweep --resume` runs again a run whose files no',
  'longer have them, cut off or edited since), and `wallClock` (`simulationS`, `finishedAt`, `node`, `platform`): the only',
  'part that depends on the machine and the moment.',
  '',
  '## `jobs.parquet` (`--jobs-format parquet`)',
  '',
  'The rows and columns of `jobs.csv`, in the same order, as an Apache Parquet file (written with hyparquet-writer, snappy',
  'compression, row groups of 100,000 jobs), for runs too large for CSV; pandas/pyarrow, polars and DuckDB read it. Types:',
  '`job_id`, `origin`, `centre`, `partition`, `class`, `status`, `reason`, `dataset`, `data_source` are strings; `cores`, `gpus`,',
  '`nodes`, `attempts` (and a replay\'s `procs`, `swf_line`) 64-bit integers; `deadline_met` a boolean; every other column a double. Values are those `jobs.csv` shows (numbers',
  'rounded at the 6th decimal); an empty `jobs.csv` cell is a null. With `--jobs-format none` neither file is written (the',
  'aggregates are the same); `manifest.json` `options.jobsFormat` says which was chosen when it is not `csv`.',
  '',
  '## `report.html`',
  '',
  'Written by `cnsim run` and `cnsim replay` after the folder (unless `--no-report`) and by `cnsim report <dir>` from the files above alone: one',
  'self-contained HTML page (inline SVG charts and styles, no request to any other file or host) with the headline figures',
  '(summary.csv), a map (sites.csv, centres.csv, links.csv, outages.csv), utilization and queues over time (utilization.csv),',
  'wait and response distributions (jobs.csv, aggregated: quantiles and counts, never one mark per job), the network',
  '(links.csv, link_windows.csv, jobs.csv stage_in_s), energy, cost and carbon (regions.csv, centres.csv, energy.csv) and',
  'rejections and kills (jobs.csv). Each mark\'s tooltip (its `aria-label`) holds the exact value it draws. Heatmap columns',
  'merge consecutive windows to at most 100 (a cell is the mean of its windows\' values) and lines to at most 400 points. It is',
  'not listed in `files`: it is drawn from them. A file whose size is no longer the one `fileBytes` records (a table saved again',
  'from a spreadsheet) is drawn as it is, and the page\'s subtitle names it. A sweep\'s `cnsim compare DIR --html` writes `compare.html` the same way from',
  'the sweep `summary.csv` and `sweep.json`.',
  '',
);
lines.push(
  '## Sweeps (`cnsim sweep`, `cnsim merge`, `cnsim compare`)',
  '',
  'A sweep folder (default `results/<sweep name>-sweep/`) holds `sweep.json` (the sweep: axes, fixed values, every run with its',
  'id, parameters and parameters hash, and the shard the folder holds; nothing machine-dependent), `runs/<run_id>/` (the results',
  'folder of each run as above, plus `run.json`: `runId`, `index`, `status`, `error`, `params`, `paramsSha256`; a failed run has',
  '`run.json` and `error.txt` with the stack), and the tables below. Each run folder is written atomically when its run ends;',
  '`summary.csv` and `failures.csv` are written when every run of the sweep (or shard) has ended, so an interrupted sweep has',
  'none. They are byte-identical whatever the number of workers, and `cnsim merge` of the shards reproduces them (and',
  '`sweep.json`) byte for byte. The run folders of a sharded sweep stay in the shard folders.',
  '',
);
for (const file of [SWEEP_SUMMARY_COLUMNS, SWEEP_FAILURES_COLUMNS, COMPARE_COLUMNS]) fileDoc('### Sweep', file);
writeFileSync(new URL('../results/README.md', import.meta.url), lines.join('\n'));

#!/usr/bin/env node
// whatif-table.mjs: runs the national-2025 baseline and each what-if of the scenario library and
// prints one line of results per scenario (the table in README.md).
//
//   npm run build && node scripts/whatif-table.mjs [scenario ...]
//
// Columns: jobs; rejected; mean wait; p95 response; core and GPU utilization over the run (busy
// ÷ capacity × makespan, drain included); bytes moved (stage-in + stage-out); deadline met =
// share of jobs with a deadline (ai-inference classes) whose response was within it.
// Deterministic: same scenarios, same seed, same table.
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { runScenario } from '../dist/runner/run-scenario.js';

const DEFAULT = ['national-2025', 'east-data-west-computing', 'hub-outage', 'links-400g', 'ai-demand-x2', 'new-centre', 'inference-latency', 'time-of-use'];
const names = process.argv.length > 2 ? process.argv.slice(2) : DEFAULT;

const dur = (s) => (!Number.isFinite(s) ? '-' : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
const pct = (x) => (Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '-');
const pb = (b) => `${(b / 1e15).toFixed(2)} PB`;

const rows = [['scenario', 'jobs', 'rejected', 'mean wait', 'p95 response', 'core util', 'GPU util', 'bytes moved', 'deadline met']];
for (const name of names) {
  const scenario = loadScenario(name);
  const s = runScenario(scenario).reports.summary;
  rows.push([
    name,
    String(s.jobs),
    String(s.rejected),
    dur(s.mean_wait_s),
    dur(s.p95_response_s),
    pct(s.core_util),
    pct(s.gpu_util),
    pb(s.moved_bytes),
    s.deadline_jobs === 0 ? '-' : `${pct(s.deadline_met)} of ${s.deadline_jobs}`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
console.log(line(rows[0]));
console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));

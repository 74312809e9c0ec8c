// The HTML report of national-2025 and of national-2025 scaled to 10^6 jobs: `cnsim report` as a
// whole process (start-up, reading the folder, drawing, writing), its size and peak memory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { buildJobs } from '../dist/workload/build-jobs.js';
import { runToFolder } from '../dist/runner/run-scenario.js';
import { stretch } from './national.mjs';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/** Writes the results folder of national-2025 scaled to at least `targetJobs` jobs (1 = as shipped). */
export function nationalFolder(dir, targetJobs) {
  const base = loadScenario('national-2025');
  const factor = Math.max(1, targetJobs / buildJobs(base, base.seed).length);
  runToFolder(stretch(base, factor), 'national-2025', dir);
  return dir;
}

/** Runs `cnsim report dir` `times` times in fresh processes; the median run's wall time, and the report's size and peak RSS. */
export function timeReport(dir, times = 3) {
  const runs = [];
  for (let i = 0; i < times; i++) {
    const t0 = process.hrtime.bigint();
    // /usr/bin/time is not everywhere: the child reports its own peak RSS on exit.
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `process.argv = [process.argv[0], ${JSON.stringify(CLI)}, 'report', ${JSON.stringify(dir)}, '--quiet']; process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write('RSS ' + u.maxRSS + ' CPU ' + (u.userCPUTime + u.systemCPUTime) + '\\n'); }); await import(${JSON.stringify(CLI)});`],
      { encoding: 'utf8' },
    );
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`cnsim report failed: ${r.stderr}`);
    runs.push({ wallS, rssMiB: Number(/RSS (\d+)/.exec(r.stderr)?.[1]) / 1024, cpuS: Number(/CPU (\d+)/.exec(r.stderr)?.[1]) / 1e6 });
  }
  runs.sort((a, b) => a.wallS - b.wallS);
  return { ...runs[Math.floor(runs.length / 2)], all: runs.map((x) => x.wallS), sizeMB: statSync(join(dir, 'report.html')).size / 1e6, jobsMB: statSync(join(dir, 'jobs.csv')).size / 1e6 };
}

export async function benchReport(targetJobs) {
  const root = mkdtempSync(join(tmpdir(), 'cnsim-bench-report-'));
  try {
    const dir = nationalFolder(join(root, 'run'), targetJobs);
    // What `cnsim run` adds after a run: loading the view and drawing, in the same process.
    const t0 = process.hrtime.bigint();
    const { writeRunReport } = await import('../dist/view/write-report.js');
    await writeRunReport(dir);
    const inProcessS = Number(process.hrtime.bigint() - t0) / 1e9;
    return { ...timeReport(dir), inProcessS };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

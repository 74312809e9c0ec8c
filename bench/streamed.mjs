// Streamed runs as a user meets them: one whole process that generates, simulates, tallies and
// writes a results folder (runToFolder, as `cnsim run` does), with its wall time and peak RSS.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { estimateRun } from '../dist/runner/resource-estimate.js';
import { runToFolder } from '../dist/runner/run-scenario.js';
import { stretch } from './national.mjs';

/**
 * Runs national-2025 stretched to about `targetJobs` jobs (same offered load, longer span) into a
 * results folder with the given jobs format; returns figures. Meant for a fresh process.
 */
export function benchStreamed(targetJobs, jobsFormat = 'none', name = 'national-2025') {
  const base = loadScenario(name);
  const factor = Math.max(1, targetJobs / estimateRun(base).jobs);
  const scenario = stretch(base, factor);
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-streamed-'));
  try {
    const t0 = process.hrtime.bigint();
    const output = runToFolder(scenario, name, join(dir, 'out'), {}, undefined, jobsFormat);
    const runS = Number(process.hrtime.bigint() - t0) / 1e9;
    return {
      jobs: output.result.jobCount,
      events: output.result.events,
      simulationS: output.simulationWallS,
      runS,
      processS: process.uptime(),
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs `cnsim <args>` as a whole process (the built CLI) and returns its wall time, peak RSS and
 * exit code: a user's view of a long run, reading, generating, simulating and writing included.
 */
export function cliProcess(args) {
  const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
  const code = `process.on('exit', (c) => { process.stderr.write('\\n@@' + JSON.stringify({ s: process.uptime(), rssMiB: process.resourceUsage().maxRSS / 1024, code: c }) + '\\n'); });
    process.argv = [process.argv[0], ${JSON.stringify(cli)}, ...${JSON.stringify(args)}];
    await import(${JSON.stringify(cli)});`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith('@@'));
  if (line === undefined) throw new Error(`cnsim ${args.join(' ')} gave no figures: ${r.stderr}`);
  return JSON.parse(line.slice(2));
}

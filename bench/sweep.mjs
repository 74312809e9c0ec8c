// A sweep of 8 runs of national-2025 (seeds 1..8, horizon cut to 4 days: ~90,000 jobs, about a
// second per run, results folders written), on a pool of `workers` threads.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSweep } from '../dist/parallel/load-sweep.js';
import { runSweep } from '../dist/parallel/run-sweep.js';

/** The sweep file of the benchmark, in `dir`. */
function writeSweepFile(dir, runs, horizon) {
  const file = join(dir, 'sweep.json');
  writeFileSync(file, JSON.stringify({ sweep: { scenario: 'national-2025', axes: { seed: `1..${runs}` }, set: { horizon } } }));
  return file;
}

/**
 * Runs the sweep; returns wall seconds, the mean run time, CPU seconds of every thread (workers,
 * garbage collector) and the process's peak RSS (main thread + workers).
 */
export async function benchSweep(workers, runs = 8, horizon = '4d') {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-sweep-'));
  try {
    const file = writeSweepFile(dir, runs, horizon);
    const plan = loadSweep(file);
    const times = [];
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    const outcome = await runSweep(plan, { outDir: join(dir, 'out'), workers, onProgress: (p) => p.last && times.push(p.last.wallS) });
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    if (outcome.failed.length > 0) throw new Error(`failed runs: ${JSON.stringify(outcome.failed)}`);
    return { workers, runs, wallS, meanRunS: times.reduce((a, b) => a + b, 0) / times.length, peakRssMiB: process.resourceUsage().maxRSS / 1024, cpuS: (cpu.user + cpu.system) / 1e6 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The same sweep split into `processes` shards, each run by its own `cnsim sweep --shard I/N
 * --workers 1` process, all at once (as a cluster node running array tasks side by side would).
 * Separate processes share nothing but the machine, so their wall time is what any pool of
 * threads could at best reach here; returns wall seconds, counted from the spawns.
 */
export async function benchShardProcesses(processes, runs = 8, horizon = '4d') {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-shards-'));
  try {
    const file = writeSweepFile(dir, runs, horizon);
    const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
    const t0 = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: processes }, (_, i) =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [cli, 'sweep', file, '--shard', `${i}/${processes}`, '--workers', '1', '--out', join(dir, `shard-${i}`)], { stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text)); // progress lines; shown only on failure
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${i}/${processes} exited with ${code}:\n${stderr}`))));
        }),
      ),
    );
    return { processes, runs, wallS: Number(process.hrtime.bigint() - t0) / 1e9 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

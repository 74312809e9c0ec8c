// Failures' cost: national-2025 against the same run with node failures on every partition
// (failures-2025: kills, reruns and checkpoints included), and with failures so rare that only
// the machinery costs (a renewal process for each of the layout's 2.3 million nodes).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { runToFolder } from '../dist/runner/run-scenario.js';

/** Simulation seconds of one run (jobs streamed, no per-job table), and its summary. */
function once(scenario, name) {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-failures-'));
  try {
    const output = runToFolder(scenario, name, join(dir, 'out'), {}, undefined, 'none');
    return { s: output.simulationWallS, summary: output.reports.summary, result: output.result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function benchFailures(repeats = 3) {
  const base = loadScenario('national-2025');
  const failing = loadScenario('failures-2025');
  const rare = loadScenario('national-2025', [{ path: 'failures', value: { cpu: { mtbf: '1000000d', mttr: '1h' }, gpu: { mtbf: '1000000d', mttr: '1h' } } }]);
  const times = { base: [], failing: [], rare: [] };
  let last;
  for (let i = 0; i < repeats; i++) {
    times.base.push(once(base, 'national-2025').s);
    last = once(failing, 'failures-2025');
    times.failing.push(last.s);
    times.rare.push(once(rare, 'national-2025').s);
  }
  const failures = last.result.partitions.reduce((n, p) => n + p.nodeFailures, 0);
  return {
    baseS: median(times.base),
    failingS: median(times.failing),
    rareS: median(times.rare),
    failures,
    retried: last.summary.retried,
    failed: last.summary.failed,
  };
}

// National-2025 with least-loaded as the built-in and as an external Python process
// (python/cnsim_agent/examples/least_loaded.py): the whole run, results written, in-process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../dist/scenario/load-scenario.js';
import { runToFolder } from '../dist/runner/run-scenario.js';
import { decisionStats } from '../dist/external/external-policies.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const agent = join(here, '..', 'python', 'cnsim_agent', 'examples', 'least_loaded.py');

/** One whole run of national-2025 (jobs.csv and every table written) with the given dispatch policy; seconds. */
function timedRun(policy) {
  const scenario = loadScenario('national-2025', [{ path: 'dispatch.policy', value: policy }]);
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-external-'));
  const t0 = process.hrtime.bigint();
  runToFolder(scenario, 'national-2025', join(dir, 'r'));
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  rmSync(dir, { recursive: true, force: true });
  return s;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Three pairs, built-in and external alternating, after a warm-up: the VM's speed drifts by a
 * third from minute to minute, so one run of each made the ratio swing between 4.9× and 5.8×.
 */
export function benchExternal(pairs = 3) {
  timedRun('least-loaded'); // warm-up
  const builtIn = [];
  const external = [];
  const before = { ...decisionStats };
  for (let i = 0; i < pairs; i++) {
    builtIn.push(timedRun('least-loaded'));
    external.push(timedRun(`external:python3 ${agent}`));
  }
  const roundTrips = decisionStats.roundTrips - before.roundTrips;
  const roundTripS = decisionStats.roundTripS - before.roundTripS;
  return { builtInS: median(builtIn), externalS: median(external), builtIn, external, roundTrips: roundTrips / pairs, roundTripUs: (roundTripS / roundTrips) * 1e6 };
}

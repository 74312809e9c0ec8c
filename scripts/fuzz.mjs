#!/usr/bin/env node
// npm run fuzz: the fuzz tests of test/fuzz at full size, 10^4 scenario cases and 10^3 trace cases
// (plus --set and sweep cases), from a seed printed first so that any failure can be replayed:
//   FUZZ_SEED=<seed> npm run fuzz
// FUZZ_SCENARIO_RUNS and FUZZ_TRACE_RUNS change the sizes. `npm test` runs a small fixed slice.
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

const seed = process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31 - 1));
const env = {
  ...process.env,
  FUZZ_SEED: seed,
  FUZZ_SCENARIO_RUNS: process.env.FUZZ_SCENARIO_RUNS ?? '10000',
  FUZZ_TRACE_RUNS: process.env.FUZZ_TRACE_RUNS ?? '1000',
};
process.stdout.write(`npm run fuzz: seed ${seed} (FUZZ_SEED=${seed} npm run fuzz replays it)\n`);
const r = spawnSync('npx', ['vitest', 'run', 'test/fuzz'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);

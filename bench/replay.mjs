// Trace replay speed (`npm run bench`, not a test): whole-trace replays of CTC-SP2 and HPC2N
// under fcfs, easy and conservative through the default (main-engine) mode, and HPC2N easy
// replicated 4 times end to end (cost should grow as n log n: target ≤ 4.5× one copy).
// Times are simulation only (the event loop and the policy), after one warm-up run; reading
// and converting the trace and building reports are reported separately.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readSwf } from '../dist/workload/swf.js';
import { replayTrace } from '../dist/replay/replay.js';

const traces = fileURLToPath(new URL('../test/fixtures/traces/', import.meta.url));
const FILES = { 'CTC-SP2': 'CTC-SP2-1996-3.1-cln.swf.gz', HPC2N: 'HPC2N-2002-2.2-cln.swf.gz' };

/** The trace repeated `copies` times end to end (each copy shifted past the previous one's last submit). */
export function replicate(trace, copies) {
  const count = trace.count * copies;
  const submit = trace.fields[1];
  const span = submit[trace.count - 1] - submit[0] + 1;
  const fields = trace.fields.map((f, k) => {
    const out = new Float64Array(count);
    for (let c = 0; c < copies; c++) {
      out.set(f, c * trace.count);
      if (k === 0) for (let i = 0; i < trace.count; i++) out[c * trace.count + i] = c * trace.count + f[i];
      if (k === 1) for (let i = 0; i < trace.count; i++) out[c * trace.count + i] = f[i] + c * span;
    }
    return out;
  });
  const lines = new Int32Array(count);
  for (let c = 0; c < copies; c++) lines.set(trace.lines, c * trace.count);
  return { ...trace, count, fields, lines };
}

function best(trace, policy, runs = 3) {
  let out;
  let bestS = Number.POSITIVE_INFINITY;
  for (let r = 0; r < runs; r++) {
    // Drop and collect the previous run first, so that each timed run pays only for its own heap.
    out = undefined;
    globalThis.gc?.();
    out = replayTrace(trace, { policy });
    bestS = Math.min(bestS, out.simulationWallS);
  }
  return { out, seconds: bestS };
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const here = fileURLToPath(new URL('.', import.meta.url));
for (const [name, file] of process.env.CNSIM_BENCH_CHILD ? [] : Object.entries(FILES)) {
  const t0 = process.hrtime.bigint();
  const trace = readSwf(`${traces}${file}`);
  const readS = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${name}: ${fmt(trace.count)} job lines, read + gunzip + parse ${readS.toFixed(2)} s`);
  for (const policy of ['fcfs', 'easy', 'conservative']) {
    replayTrace(trace, { policy }); // warm-up
    const { out, seconds } = best(trace, policy);
    const target = name === 'HPC2N' && policy === 'easy' ? ' (target ≤ 0.5 s)' : '';
    console.log(
      `  replay ${policy.padEnd(12)} ${fmt(out.replayed.length)} jobs: simulation ${seconds.toFixed(3)} s = ${fmt(out.replayed.length / seconds)} jobs/s${target}; mean wait ${out.metrics[0].meanWaitS.toFixed(0)} s, mean bsld ${out.metrics[0].meanBsld.toFixed(2)}`,
    );
  }
  if (name === 'HPC2N') {
    // One and four copies each in fresh processes (best of 3): a run's garbage-collection cost
    // depends on the heap it starts with, and the runs above leave a large one behind.
    const fresh = (copies) => {
      let bestS = Number.POSITIVE_INFINITY;
      for (let k = 0; k < 3; k++) {
        const code = `import { readSwf } from '../dist/workload/swf.js'; import { replayTrace } from '../dist/replay/replay.js'; import { replicate } from './replay.mjs';
          const t = replicate(readSwf(${JSON.stringify(`${traces}${file}`)}), ${copies}); globalThis.gc?.(); console.log(replayTrace(t, { policy: 'easy' }).simulationWallS);`;
        const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: here, encoding: 'utf8', env: { ...process.env, CNSIM_BENCH_CHILD: '1' } });
        bestS = Math.min(bestS, Number(r.stdout.trim().split('\n').pop()));
      }
      return bestS;
    };
    const one = fresh(1);
    const four = fresh(4);
    console.log(`  HPC2N x4 end to end, easy: ${fmt(4 * trace.count)} jobs in ${four.toFixed(3)} s vs ${one.toFixed(3)} s for one copy = ${(four / one).toFixed(2)}x (fresh processes, best of 3; target ≤ 4.5x)`);
  }
}

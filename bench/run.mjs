// `npm run bench`: performance figures of cnsim (not a test; targets are printed next to them).
// Each benchmark runs in its own process so that peak memory figures are its own.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];

function child(name, code) {
  if (only !== undefined && only !== name) return;
  // --expose-gc lets a benchmark collect earlier runs' garbage before timing the next one.
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.exitCode = 1;
}

console.log(`cnsim benchmarks on Node ${process.version}, ${process.platform}-${process.arch}\n`);

child(
  'phold',
  `import { phold } from './phold.mjs';
  for (const lps of [1000, 100000]) {
    phold({ lps, totalEvents: 1e6 }); // warm-up
    const r = phold({ lps, totalEvents: 1e7 });
    console.log(\`PHOLD \${String(lps).padStart(6)} LPs: \${r.events} events in \${r.seconds.toFixed(2)} s = \${(r.events / r.seconds / 1e6).toFixed(2)} M events/s (target at 100,000 LPs: ≥ 3.0 M)\`);
  }`,
);

child(
  'hold',
  `import { hold } from './hold.mjs';
  const r = hold();
  console.log(\`event queue with \${r.pending.toExponential(0)} pending: fill \${(r.pending / r.fillS / 1e6).toFixed(2)} M push/s, \${(r.operations / r.holdS / 1e6).toFixed(2)} M hold/s (pop + push), \${r.bufferMiB.toFixed(0)} MiB of typed arrays\`);`,
);

child(
  'national',
  `import { freshJson } from './fresh.mjs';
  // Three runs in fresh processes (a run's figures depend on the heap it starts with); the median counts.
  const runs = [0, 1, 2].map(() => freshJson("import { benchNational } from './national.mjs'; console.log(JSON.stringify(benchNational(1e6)))"));
  runs.sort((a, b) => a.generationS + a.simulationS - b.generationS - b.simulationS);
  const r = runs[1];
  const all = runs.map((x) => (x.generationS + x.simulationS).toFixed(2)).join(', ');
  console.log(\`national-2025 scaled to \${r.jobs} jobs (\${r.events} events), median of 3: generation \${r.generationS.toFixed(2)} s + simulation \${r.simulationS.toFixed(2)} s = \${(r.generationS + r.simulationS).toFixed(2)} s (\${Math.round(r.jobsPerS)} jobs/s; runs: \${all} s; target ≤ 5 s); reports \${r.reportS.toFixed(2)} s + writing the CSV files \${r.writeS.toFixed(2)} s; peak RSS \${r.peakRssMiB.toFixed(0)} MiB\`);
  // The same run streamed, as cnsim run does it (jobs drawn as they arrive, forgotten as they leave).
  const streamed = [0, 1, 2].map(() => freshJson("import { benchNationalStreamed } from './national.mjs'; console.log(JSON.stringify(benchNationalStreamed(1e6)))")).sort((a, b) => a.runS - b.runS);
  console.log(\`the same streamed (generation and simulation interleaved, no tallies), median of 3: \${streamed[1].runS.toFixed(2)} s (runs: \${streamed.map((x) => x.runS.toFixed(2)).join(', ')} s; target ≤ 5 s); peak RSS \${streamed[1].peakRssMiB.toFixed(0)} MiB\`);`,
);

child(
  'streamed',
  `import { freshJson } from './fresh.mjs';
  // Memory follows the jobs in the system: the same offered load over a 10× longer span.
  const one = (jobs, format = 'none') => freshJson("import { benchStreamed } from './streamed.mjs'; console.log(JSON.stringify(benchStreamed(" + jobs + ", '" + format + "')))");
  const small = one(1e6);
  const large = one(1e7);
  for (const r of [small, large]) console.log(\`streamed national-2025 at \${r.jobs} jobs (--jobs-format none): run \${r.runS.toFixed(1)} s (simulation and tallies \${r.simulationS.toFixed(1)} s), peak RSS \${r.peakRssMiB.toFixed(0)} MiB\`);
  console.log(\`peak RSS 10^7 ÷ 10^6 jobs: \${(large.peakRssMiB / small.peakRssMiB).toFixed(2)}× (target ≤ 1.5×)\`);
  // The whole process with jobs.csv (written by its own thread): three fresh processes, the median.
  const csv = [0, 1, 2].map(() => one(1e6, 'csv')).sort((a, b) => a.processS - b.processS);
  console.log(\`national-2025 at \${csv[1].jobs} jobs with jobs.csv, whole process (generation, simulation, reports, CSV files), median of 3: \${csv[1].processS.toFixed(1)} s (runs \${csv.map((r) => r.processS.toFixed(1)).join(', ')} s; target ≤ 10 s)\`);`,
);

child(
  'failures',
  `import { benchFailures } from './failures.mjs';
  const r = benchFailures();
  console.log(\`national-2025, simulation, median of 3: \${r.baseS.toFixed(2)} s; failures-2025 (\${r.failures} node failures, \${r.retried} jobs retried, \${r.failed} failed): \${r.failingS.toFixed(2)} s = \${(r.failingS / r.baseS).toFixed(2)}× (target ≤ 1.3×); the failure machinery alone (a node failing every 10^6 days): \${r.rareS.toFixed(2)} s = \${(r.rareS / r.baseS).toFixed(2)}×\`);`,
);

child(
  'external',
  `import { benchExternal } from './external.mjs';
  const r = benchExternal();
  const runs = (xs) => xs.map((x) => x.toFixed(2)).join(', ');
  console.log(\`national-2025, whole run, median of 3 alternating pairs: built-in least-loaded \${r.builtInS.toFixed(2)} s (\${runs(r.builtIn)}); least-loaded in Python (external process) \${r.externalS.toFixed(2)} s (\${runs(r.external)}) = \${(r.externalS / r.builtInS).toFixed(2)}× (target ≤ 5×); \${r.roundTrips} messages a run, round trip \${r.roundTripUs.toFixed(0)} µs each (Python's decision included)\`);`,
);

child(
  'year',
  `import { mkdtempSync, rmSync } from 'node:fs';
  import { tmpdir } from 'node:os';
  import { join } from 'node:path';
  import { cliProcess } from './streamed.mjs';
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-bench-year-'));
  for (const format of ['csv', 'none']) {
    const r = cliProcess(['run', 'national-2025-year', '--no-report', '--jobs-format', format, '--out', join(dir, format)]);
    console.log(\`cnsim run national-2025-year --jobs-format \${format} as a whole process: \${r.s.toFixed(1)} s, peak RSS \${r.rssMiB.toFixed(0)} MiB, exit \${r.code} (target ≤ 90 s, ≤ 1 GB)\`);
  }
  rmSync(dir, { recursive: true, force: true });`,
);

child(
  'report',
  `import { benchReport } from './report.mjs';
  for (const [jobs, label, targetS, targetMB] of [[1, 'national-2025', 2, 3], [1e6, 'national-2025 at 10^6 jobs', 10, 10]]) {
    const r = await benchReport(jobs);
    console.log(\`report of \${label} (jobs.csv \${r.jobsMB.toFixed(0)} MB): cnsim report \${r.wallS.toFixed(2)} s as a whole process, median of 3 (runs \${r.all.map((x) => x.toFixed(2)).join(', ')} s; target ≤ \${targetS} s; CPU \${r.cpuS.toFixed(2)} s; in the run's own process, as cnsim run writes it: \${r.inProcessS.toFixed(2)} s), report.html \${r.sizeMB.toFixed(2)} MB (target ≤ \${targetMB} MB), peak RSS \${r.rssMiB.toFixed(0)} MiB\`);
  }`,
);

child(
  'dispatch',
  `import { spawnSync } from 'node:child_process';
  import { DISPATCH_POLICY_NAMES } from './dispatch.mjs';
  for (const policy of DISPATCH_POLICY_NAMES) {
    spawnSync(process.execPath, ['--input-type=module', '-e', "import { reportDispatch } from './dispatch.mjs'; reportDispatch('" + policy + "')"], { stdio: 'inherit' });
  }`,
);

child(
  'network',
  `import { overlappingTransfers } from './network.mjs';
  const r = overlappingTransfers(100000);
  console.log(\`network: \${r.transfers} transfers of 1-100 GB between random national sites within 10 min (peak \${r.peakConcurrent} concurrent): \${r.seconds.toFixed(2)} s = \${Math.round(r.transfers / r.seconds)} transfers/s, \${r.solves} max-min recomputations = \${Math.round(r.solves / r.seconds)} per s\`);
  const { freshJson: fresh } = await import('./fresh.mjs');
  // maxmin vs lv08, each in a fresh process (no JIT state shared), median of 3.
  const median = (xs) => [...xs].sort((x, y) => x - y)[1];
  const time = (model) => median([0, 1, 2].map(() => fresh(\`import { overlappingTransfers } from './network.mjs'; console.log(JSON.stringify(overlappingTransfers(100000, 1, '\${model}')))\`).seconds));
  const maxminS = time('maxmin');
  const lv08S = time('lv08');
  console.log(\`network models: 10^5 overlapping transfers, maxmin \${maxminS.toFixed(2)} s, lv08 \${lv08S.toFixed(2)} s: \${(lv08S / maxminS).toFixed(2)}x (target ≤ 1.5x)\`);
  const { freshJson } = await import('./fresh.mjs');
  const withData = freshJson("import { benchNational } from './national.mjs'; console.log(JSON.stringify(benchNational(1e6)))");
  const noData = freshJson("import { benchNational } from './national.mjs'; import { withoutData } from './network.mjs'; console.log(JSON.stringify(benchNational(1e6, withoutData)))");
  const a = withData.generationS + withData.simulationS;
  const b = noData.generationS + noData.simulationS;
  console.log(\`national-2025 at \${withData.jobs} jobs: with data \${a.toFixed(2)} s (\${withData.events} events), without data \${b.toFixed(2)} s (\${noData.events} events): \${(a / b).toFixed(2)}x (target ≤ 2x)\`);`,
);

child(
  'energy',
  `import { freshJson } from './fresh.mjs';
  // Energy accounting on (the default) and off, three fresh processes each, alternating; medians of
  // generation + simulation + reports + writing the CSV files (the accounting runs with the reports,
  // its jobs.csv columns are formatted while writing; the engine only tracks power-off nodes, which
  // national-2025 does not use).
  const one = (accounting) => freshJson("import { benchNational } from './national.mjs'; console.log(JSON.stringify(benchNational(1e6, (s) => ({ ...s, energy: { ...s.energy, accounting: " + accounting + " } }))))");
  const on = [];
  const off = [];
  for (let i = 0; i < 3; i++) {
    off.push(one(false));
    on.push(one(true));
  }
  const total = (r) => r.generationS + r.simulationS + r.reportS + r.writeS;
  const median = (xs) => xs.map(total).sort((a, b) => a - b)[1];
  const reports = (xs) => xs.map((r) => r.reportS + r.writeS).sort((a, b) => a - b)[1];
  console.log(\`energy accounting at \${on[0].jobs} jobs (national-2025 scaled), median of 3: on \${median(on).toFixed(2)} s (reports and CSV files \${reports(on).toFixed(2)} s), off \${median(off).toFixed(2)} s (reports and CSV files \${reports(off).toFixed(2)} s): \${(median(on) / median(off)).toFixed(2)}x (target ≤ 1.3x)\`);`,
);

if (existsSync(new URL('./replay.mjs', import.meta.url))) {
  child('replay', `await import('./replay.mjs');`);
}

child(
  'sweep',
  `import { availableParallelism, loadavg } from 'node:os';
  import { freshJson } from './fresh.mjs';
  // Each pool size in a fresh process, so that its peak RSS (main thread + workers) is its own.
  const sweep = (workers, launcher) => freshJson(\`import { benchSweep } from './sweep.mjs'; console.log(JSON.stringify(await benchSweep(\${workers})))\`, launcher);
  const load = loadavg()[0];
  const one = sweep(1);
  const two = sweep(2);
  const shards = (processes) => freshJson(\`import { benchShardProcesses } from './sweep.mjs'; console.log(JSON.stringify(await benchShardProcesses(\${processes})))\`);
  // 1 worker held to one core (Linux taskset), helpers included: what 2 cores gain over 1.
  let oneCore = null;
  try {
    oneCore = sweep(1, ['taskset', '-c', '0']);
  } catch {
    // no taskset here (not Linux): that line is left out
  }
  const shardsOne = shards(1);
  const shardsTwo = shards(2);
  console.log(\`sweep of \${one.runs} runs (national-2025, 4 days each, ~\${one.meanRunS.toFixed(1)} s per run alone): 1 worker \${one.wallS.toFixed(1)} s, 2 workers \${two.wallS.toFixed(1)} s = \${(one.wallS / two.wallS).toFixed(2)}× speedup (target ≥ 1.8× on 2 cores; this machine: \${availableParallelism()}); cores used on average \${(one.cpuS / one.wallS).toFixed(2)} and \${(two.cpuS / two.wallS).toFixed(2)}; peak RSS \${one.peakRssMiB.toFixed(0)} MiB with 1 worker, \${two.peakRssMiB.toFixed(0)} MiB with 2\`);
  console.log(\`  the same runs as \\\`cnsim sweep --workers 1\\\` processes (startup included): 1 process 8 runs \${shardsOne.wallS.toFixed(1)} s, 2 processes of a shard each side by side \${shardsTwo.wallS.toFixed(1)} s = \${(shardsOne.wallS / shardsTwo.wallS).toFixed(2)}× (separate processes share nothing but the machine: a ceiling for any pool of threads)\`);
  // A lone worker already uses more than one core (V8 compiles and collects garbage on helper
  // threads, on the idle core); 2 workers cannot use more than 2 cores nor do less work in all, so
  // the speedup cannot exceed 2 / (cores used by 1 worker).
  console.log(\`  bound: 1 worker used \${(one.cpuS / one.wallS).toFixed(2)} cores, so 2 cores allow at most 2 / \${(one.cpuS / one.wallS).toFixed(2)} = \${(2 / (one.cpuS / one.wallS)).toFixed(2)}× (2 workers did \${(two.cpuS / one.cpuS).toFixed(2)}× the CPU work of 1)\`);
  if (oneCore !== null) console.log(\`  1 worker held to one core (taskset -c 0, so its helper threads share it): \${oneCore.wallS.toFixed(1)} s; 2 workers on 2 cores are \${(oneCore.wallS / two.wallS).toFixed(2)}× faster\`);
  // With 2 workers the pool should use ~2 cores; less means other processes took the rest.
  if (two.cpuS / two.wallS < 1.8) console.log(\`  note: only \${(two.cpuS / two.wallS).toFixed(2)} cores obtained with 2 workers: other processes share the cores, so the speedup is understated\`);
  // The 1-minute load average also counts the benchmarks just run in this session.
  if (load > 1.5) console.log(\`  note: load average \${load.toFixed(2)} before the benchmark\`);`,
);

// Dispatch cost per job with 40 centres, for each built-in dispatch policy: the time spent in
// the simulation's dispatch step (eligibility, the pooled 40-centre view filled for the job,
// the policy's choice, the checks and applying it), measured around that step alone.
import { DISPATCH_POLICIES, parseScenario, Simulation, BUILTIN_POLICIES, buildJobs } from '../dist/index.js';

const CENTRES = 40;

/** 40 centres at 40 sites on a star around a hub, each with a CPU and an accelerator partition. */
export function fortyCentres(policy, horizon = '12h') {
  const sites = [{ id: 'HUB', lat: 34, lon: 113 }];
  const centres = [];
  const links = [];
  for (let i = 0; i < CENTRES; i++) {
    const id = `S${i}`;
    sites.push({ id, lat: 20 + (i % 8) * 2.5, lon: 100 + Math.floor(i / 8) * 4 });
    centres.push({
      id: `C${i}`,
      site: id,
      partitions: [
        { id: 'cpu', nodes: 200 + 50 * (i % 5), coresPerNode: 64, speed: 0.8 + 0.1 * (i % 4) },
        { id: 'gpu', nodes: 20 + 5 * (i % 3), coresPerNode: 64, gpusPerNode: 8, gpuModel: i % 2 === 0 ? 'A100' : 'Ascend910' },
      ],
      queue: { policy: 'easy' },
    });
    links.push({ between: ['HUB', id], bandwidth: '100Gbps' });
  }
  const classes = [
    { name: 'hpc', share: 0.6, cores: [64, 4096], runtime: { median: '1h', max: '1d' }, inputBytes: '10GB', outputBytes: '1GB' },
    { name: 'ai-training', share: 0.4, cores: 8, gpus: [1, 32], runtime: { median: '2h', max: '2d' }, inputBytes: '50GB', outputBytes: '1GB' },
  ];
  const workload = [0, 7, 19, 33].map((i) => ({ kind: 'poisson', origin: `S${i}`, rate: '2400/h', classes }));
  return parseScenario(
    { version: 1, name: 'forty-centres', seed: 7, horizon, sites, centres, links, speeds: { 'ai-training': { Ascend910: 0.7 } }, dispatch: { policy, infoPeriod: '60s' }, workload },
    'bench/forty-centres.yaml',
  );
}

/** Runs one policy; returns µs per dispatched job (timer overhead subtracted) and the job count. */
export function benchDispatch(policy, horizon = '12h') {
  const scenario = fortyCentres(policy, horizon);
  const specs = buildJobs(scenario, scenario.seed);
  const sim = new Simulation(scenario, specs, BUILTIN_POLICIES);
  // The dispatch step is the national dispatcher's (sim/national-dispatcher.ts) since issue 17.
  const national = sim.national;
  const inner = national.dispatch;
  let totalNs = 0n;
  let calls = 0;
  national.dispatch = function timed(job, t, decided) {
    const t0 = process.hrtime.bigint();
    const reached = inner.call(this, job, t, decided);
    totalNs += process.hrtime.bigint() - t0;
    calls++;
    return reached;
  };
  sim.run();
  // The cost of the two timer reads themselves, measured the same way around nothing.
  let overheadNs = 0n;
  for (let i = 0; i < 200_000; i++) {
    const t0 = process.hrtime.bigint();
    overheadNs += process.hrtime.bigint() - t0;
  }
  const perCallOverheadNs = Number(overheadNs) / 200_000;
  return { policy, jobs: calls, usPerJob: (Number(totalNs) / calls - perCallOverheadNs) / 1000 };
}

/** One policy as `npm run bench` reports it (run each policy in a fresh process: JIT state is per policy). */
export function reportDispatch(policy) {
  benchDispatch(policy, '2h'); // warm-up
  const r = benchDispatch(policy);
  const target = policy === 'earliest-completion' ? ' (target ≤ 5 µs)' : '';
  console.log(`dispatch ${policy.padEnd(24)} ${r.usPerJob.toFixed(2).padStart(6)} µs/job over ${r.jobs} jobs, 40 centres${target}`);
}

export const DISPATCH_POLICY_NAMES = DISPATCH_POLICIES.map((p) => p.name);

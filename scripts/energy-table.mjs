// Compares least-loaded, price-aware and carbon-aware dispatch on national-2025 and
// east-data-west-computing: wait, facility energy, electricity cost and CO2. The README's energy
// table comes from
//
//   npm run build && node scripts/energy-table.mjs [--seed N]
//
// One run per scenario and policy, same seed (so the same jobs), default policy options.
import { loadScenario, runScenario } from '../dist/index.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : undefined;
const scenarios = ['national-2025', 'east-data-west-computing'];
const policies = ['least-loaded', 'price-aware', 'carbon-aware'];

const fixed = (x, digits) => Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const rows = [];
for (const name of scenarios) {
  for (const policy of policies) {
    const scenario = loadScenario(name, [
      { path: 'dispatch.policy', value: policy },
      { path: 'dispatch.module', value: undefined },
      { path: 'dispatch.options', value: {} },
    ]);
    const { reports, simulationWallS } = runScenario(scenario, seed === undefined ? {} : { seed });
    const s = reports.summary;
    rows.push([
      name,
      `\`${policy}\``,
      fixed(Number(s.mean_wait_s) / 60, 1),
      fixed(Number(s.p95_wait_s) / 60, 1),
      fixed(Number(s.job_energy_kwh) / 1e3, 1),
      fixed(Number(s.job_cost_cny) / 1e3, 1),
      fixed(Number(s.job_co2_kg) / 1e3, 1),
      fixed((1000 * Number(s.job_cost_cny)) / Number(s.job_energy_kwh), 0),
      fixed((1000 * Number(s.job_co2_kg)) / Number(s.job_energy_kwh), 0),
      fixed(Number(s.energy_kwh) / 1e6, 1),
      fixed(Number(s.period_s) / 86400, 2),
    ]);
    process.stderr.write(`${name} ${policy}: done in ${simulationWallS.toFixed(1)} s\n`);
  }
}
const header = ['scenario', 'policy', 'mean wait (min)', 'p95 wait (min)', 'jobs: facility energy (MWh)', 'jobs: cost (k CNY)', 'jobs: CO2 (t)', 'CNY per MWh', 'kg CO2 per MWh', 'all centres incl. idle (GWh)', 'run period (days)'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
process.stdout.write(`${lines.join('\n')}\n`);

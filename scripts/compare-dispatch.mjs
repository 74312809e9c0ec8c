// Compares every built-in dispatch policy on one scenario (default national-2025) and prints a
// markdown table: the README's comparison table comes from
//
//   npm run build && node scripts/compare-dispatch.mjs [scenario] [--seed N]
//
// One run per policy, same scenario, same seed (so the same jobs), default policy options.
import { DISPATCH_POLICIES, loadScenario, runScenario } from '../dist/index.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : undefined;
const scenarioName = args.find((a, i) => !a.startsWith('--') && (seedAt < 0 || i !== seedAt + 1)) ?? 'national-2025';

const seconds = (s) => Math.round(Number(s)).toLocaleString('en-US');
const rows = [];
for (const policy of DISPATCH_POLICIES) {
  const scenario = loadScenario(scenarioName, [
    { path: 'dispatch.policy', value: policy.name },
    { path: 'dispatch.module', value: undefined },
    { path: 'dispatch.options', value: {} },
  ]);
  const { reports, simulationWallS } = runScenario(scenario, seed === undefined ? {} : { seed });
  const s = reports.summary;
  rows.push([
    `\`${policy.name}\``,
    seconds(s.mean_wait_s),
    seconds(s.p95_wait_s),
    Number(s.mean_bsld).toFixed(2),
    (Number(s.node_util) * 100).toFixed(1),
    (Number(s.node_util_sd) * 100).toFixed(1),
    (Number(s.moved_bytes) / 1e15).toFixed(2),
    String(s.rejected),
  ]);
  process.stderr.write(`${policy.name}: done in ${simulationWallS.toFixed(1)} s\n`);
}
const header = ['policy', 'mean wait (s)', 'p95 wait (s)', 'mean bsld', 'node util (%)', 'util spread: sd across centres (pp)', 'bytes moved (PB)', 'rejected'];
const lines = [`| ${header.join(' | ')} |`, `|${header.map((h, i) => (i === 0 ? '---' : '---:')).join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
process.stdout.write(`${lines.join('\n')}\n`);

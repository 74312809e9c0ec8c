import type { Reports } from '../report/build-reports.js';

const fmtS = (s: number): string => {
  if (!Number.isFinite(s)) return '-';
  if (s < 120) return `${s.toFixed(0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(1)} h`;
};
const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(1)}%` : '-');

/** The short table `cnsim run` prints: per centre, then overall. */
export function formatRunTable(reports: Reports): string {
  const rows = [['centre', 'util', 'jobs', 'mean wait', 'p95 wait']];
  for (const c of reports.centres) rows.push([c.centre, pct(c.nodeUtil), String(c.jobs), fmtS(c.wait.mean), fmtS(c.wait.p95)]);
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  const lines = rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  '));
  const s = reports.summary;
  lines.push('');
  lines.push(
    `overall: ${s.jobs} jobs (${s.done} done, ${s.killed} killed, ${s.rejected} rejected, ${s.unfinished} unfinished), ` +
      `mean wait ${fmtS(reports.wait.mean)}, mean bounded slowdown ${Number.isFinite(reports.bsld.mean) ? reports.bsld.mean.toFixed(2) : '-'}, ` +
      `node utilization ${pct(s.node_util as number)}`,
  );
  return lines.join('\n');
}

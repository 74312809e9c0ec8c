import type { Reports } from '../report/build-reports.js';
import { alignColumns } from '../report/text-table.js';

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
  const lines = alignColumns(rows);
  const s = reports.summary;
  lines.push('');
  lines.push(
    `overall: ${s.jobs} jobs (${s.done} done, ${s.killed} killed, ${Number(s.failed) > 0 ? `${s.failed} failed, ` : ''}${s.rejected} rejected, ${s.unfinished} unfinished), ` +
      `mean wait ${fmtS(reports.wait.mean)}, mean bounded slowdown ${Number.isFinite(reports.bsld.mean) ? reports.bsld.mean.toFixed(2) : '-'}, ` +
      `node utilization ${pct(s.node_util as number)}`,
  );
  return lines.join('\n');
}

import type { Scenario } from '../model/scenario.js';
import { SOURCE_WARNINGS_COLUMNS } from './columns.js';
import { toCsv } from './csv.js';

/**
 * The run's `warnings.csv`: every job its trace sources skipped or changed (see
 * {@link SOURCE_WARNINGS_COLUMNS}); null when there is none, so the results folder of a scenario
 * without such sources keeps exactly its files.
 */
export function sourceWarningsCsv(scenario: Scenario): string | null {
  const rows: string[][] = [];
  for (const source of scenario.workload) {
    if (source.kind === 'swf') {
      for (const w of source.skipped) rows.push([source.name, String(w.line), w.jobId, 'skipped', w.field, w.reason]);
    } else if (source.kind === 'batsim' || source.kind === 'sacct') {
      for (const w of source.warnings) rows.push([source.name, String(w.line), w.jobId, w.action, w.field, w.reason]);
    }
  }
  return rows.length === 0 ? null : toCsv(SOURCE_WARNINGS_COLUMNS.columns.map((c) => c.name), rows);
}

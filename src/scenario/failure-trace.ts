import { readInputFile } from '../workload/read-input.js';
import { parse as parseCsv } from 'csv-parse/sync';

/** One node's unavailability [fromS, toS) from a failure trace. */
export interface NodeDowntime {
  readonly node: number;
  readonly fromS: number;
  readonly toS: number;
}

/**
 * Reads a partition's failure trace: a CSV file after the Failure Trace Archive's `event_trace`
 * table (Kondo et al., "The Failure Trace Archive", CCGrid 2010), one row per unavailability
 * interval of a node, with a header naming the columns:
 *
 * - `node_id`: the node, 0 to nodes − 1 within the partition; or, when empty, `nodes`: how many
 *   nodes go down together (the lowest-numbered nodes up at that time are taken); not both;
 * - `event_start_time`, `event_end_time`: seconds; `offset` is added (an FTA trace counts from
 *   the Unix epoch: give its start, negated, as the offset). Windows over before time 0 are
 *   dropped, one under way at 0 starts at 0.
 *
 * Other columns are ignored; lines starting with `#` are comments. A node's intervals must not
 * overlap. Problems are returned with their line numbers; nothing is thrown.
 */
export function readFailureTrace(path: string, nodes: number, offsetS: number): { downtimes: NodeDowntime[]; problems: string[] } {
  const problems: string[] = [];
  let rows: Record<string, string>[];
  let lines: number[];
  let header: readonly string[] = [];
  try {
    const text = readInputFile(path, 'utf8');
    // The header is kept even when no row follows: a one-line file of data is no header.
    const columns = (names: string[]): string[] => {
      header = names;
      return names;
    };
    const records = parseCsv(text, { columns, comment: '#', skip_empty_lines: true, trim: true, info: true }) as { record: Record<string, string>; info: { lines: number } }[];
    rows = records.map((r) => r.record);
    lines = records.map((r) => r.info.lines);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { downtimes: [], problems: [e.code === 'ENOENT' ? 'file not found' : `not a readable CSV file (${e.message})`] };
  }
  // A header alone is a trace without failures; a file without even a header is a wrong file.
  if (header.length === 0) return { downtimes: [], problems: ['the file is empty: expected a header with node_id (or nodes), event_start_time and event_end_time'] };
  if (!(header.includes('event_start_time') && header.includes('event_end_time') && (header.includes('node_id') || header.includes('nodes')))) {
    return { downtimes: [], problems: ['line 1: expected a header with node_id (or nodes), event_start_time and event_end_time'] };
  }
  const parsed: { line: number; node: number; count: number; fromS: number; toS: number }[] = [];
  rows.forEach((row, k) => {
    const line = lines[k] as number;
    const fromS = Number(row.event_start_time) + offsetS;
    const toS = Number(row.event_end_time) + offsetS;
    if (!Number.isFinite(fromS) || !Number.isFinite(toS) || row.event_start_time === '' || row.event_end_time === '') {
      problems.push(`line ${line}: event_start_time and event_end_time must be numbers of seconds, got '${row.event_start_time}', '${row.event_end_time}'`);
      return;
    }
    if (!(toS > fromS)) {
      problems.push(`line ${line}: event_end_time must be after event_start_time, got ${row.event_start_time} to ${row.event_end_time}`);
      return;
    }
    // The run starts at 0: a window over by then does not matter, one under way starts at 0.
    if (toS <= 0) return;
    const nodeText = row.node_id ?? '';
    if (nodeText !== '' && (row.nodes ?? '') !== '') {
      problems.push(`line ${line}: give node_id or nodes, not both (got node_id '${nodeText}' and nodes '${row.nodes}')`);
      return;
    }
    if (nodeText !== '') {
      const node = Number(nodeText);
      if (!Number.isInteger(node) || node < 0 || node >= nodes) {
        problems.push(`line ${line}: unknown node '${nodeText}': the partition's nodes are 0 to ${nodes - 1}`);
        return;
      }
      parsed.push({ line, node, count: 1, fromS: Math.max(0, fromS), toS });
      return;
    }
    const count = Number(row.nodes ?? '');
    if (!Number.isInteger(count) || count < 1 || count > nodes) {
      problems.push(`line ${line}: give node_id, or nodes between 1 and ${nodes}, got '${row.nodes ?? ''}'`);
      return;
    }
    parsed.push({ line, node: -1, count, fromS: Math.max(0, fromS), toS });
  });
  // Time order (then file order); counted rows take the lowest-numbered nodes up at their start.
  parsed.sort((a, b) => a.fromS - b.fromS || a.line - b.line);
  const busyUntilS = new Float64Array(nodes).fill(Number.NEGATIVE_INFINITY);
  const downtimes: NodeDowntime[] = [];
  for (const r of parsed) {
    if (r.node >= 0) {
      if ((busyUntilS[r.node] as number) > r.fromS) {
        problems.push(`line ${r.line}: node ${r.node} is already down until ${busyUntilS[r.node]} s (intervals of a node must not overlap)`);
        continue;
      }
      busyUntilS[r.node] = r.toS;
      downtimes.push({ node: r.node, fromS: r.fromS, toS: r.toS });
      continue;
    }
    const taken: number[] = [];
    for (let n = 0; n < nodes && taken.length < r.count; n++) if ((busyUntilS[n] as number) <= r.fromS) taken.push(n);
    if (taken.length < r.count) {
      problems.push(`line ${r.line}: ${r.count} nodes go down at ${r.fromS} s, but only ${taken.length} of the partition's ${nodes} are up then`);
      continue;
    }
    for (const n of taken) {
      busyUntilS[n] = r.toS;
      downtimes.push({ node: n, fromS: r.fromS, toS: r.toS });
    }
  }
  downtimes.sort((a, b) => a.node - b.node || a.fromS - b.fromS);
  return { downtimes, problems };
}

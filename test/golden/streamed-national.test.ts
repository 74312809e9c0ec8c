import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runToFolder } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

// Issue 16: a streamed run (jobs drawn as they arrive, tallied and written as they leave) gives
// the results the run gave when it held every job, which this folder keeps from before the change.
const BEFORE = join(import.meta.dirname, 'national-2025-before-streaming');
const sha256 = (bytes: string | Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Columns added since that folder was written (issue 17: failures), dropped before comparing. */
const ADDED_SINCE = new Set(['attempts', 'lost_node_s', 'failed', 'retried', 'lost_node_hours', 'goodput', 'availability', 'node_failures', 'failure_kills', 'checkpoint_node_s', 'checkpoint_node_hours', 'down_s', 'failures']);

/**
 * A CSV text without the columns of {@link ADDED_SINCE}. They come last, so they are found from
 * the end of each line: a quoted cell before them (a rejection reason) may hold commas.
 */
function withoutAddedColumns(text: string): string {
  const lines = text.split('\n');
  const header = (lines[0] as string).split(',');
  const fromEnd = new Set(header.flatMap((name, k) => (ADDED_SINCE.has(name) ? [header.length - k] : [])));
  return lines
    .map((line) => {
      if (line === '') return line;
      const cells = line.split(',');
      return cells.filter((_, k) => !fromEnd.has(cells.length - k)).join(',');
    })
    .join('\n');
}

/** Each numeric cell equal to its earlier value up to the order of a floating-point sum (1e-12 relative, or one unit of the 6th decimal); text cells exact. */
function expectSameValues(file: string, now: string, before: string): void {
  const rowsNow = now.trimEnd().split('\n');
  const rowsBefore = before.trimEnd().split('\n');
  expect(rowsNow.length, file).toBe(rowsBefore.length);
  rowsNow.forEach((row, i) => {
    const a = row.split(',');
    const b = (rowsBefore[i] as string).split(',');
    expect(a.length, `${file} row ${i}`).toBe(b.length);
    a.forEach((cell, k) => {
      const old = b[k] as string;
      const x = Number(cell);
      const y = Number(old);
      if (cell === '' || old === '' || !Number.isFinite(x) || !Number.isFinite(y)) {
        expect(cell, `${file} row ${i} column ${k}`).toBe(old);
      } else if (x !== y) {
        // Sums now run in the order jobs leave rather than the order they came: their last bit may
        // move, and with it a value printed at 6 decimals by one unit of its last place.
        expect(Math.abs(x - y), `${file} row ${i} column ${k}: ${cell} vs ${old}`).toBeLessThanOrEqual(Math.max(1e-12 * Math.abs(y), 1.000001e-6));
      }
    });
  });
}

describe('national-2025 streamed gives the results of the run that held every job', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-streamed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'out');
  runToFolder(loadScenario('national-2025'), 'national-2025', out);
  const read = (name: string): string => withoutAddedColumns(readFileSync(join(out, name), 'utf8'));
  const fingerprint = JSON.parse(readFileSync(join(BEFORE, 'fingerprint.json'), 'utf8')) as {
    files: Record<string, string>;
    jobsSortedRows: string;
    jobRows: number;
  };

  it('writes every job with the same values: the same rows, sorted', () => {
    const lines = read('jobs.csv').split('\n');
    const header = lines.shift() as string;
    expect(lines.pop()).toBe('');
    expect(lines.length).toBe(fingerprint.jobRows);
    lines.sort();
    expect(sha256(`${header}\n${lines.join('\n')}\n`)).toBe(fingerprint.jobsSortedRows);
  });

  it('lists the jobs in the documented order: by the time they left (done), then those still in the system', () => {
    const lines = read('jobs.csv').trimEnd().split('\n');
    const header = (lines.shift() as string).split(',');
    const status = header.indexOf('status');
    const done = header.indexOf('done_s');
    let lastDoneS = Number.NEGATIVE_INFINITY;
    let unfinishedSeen = false;
    for (const line of lines) {
      const cells = line.split(',');
      if (cells[status] === 'unfinished') {
        unfinishedSeen = true;
        continue;
      }
      expect(unfinishedSeen, 'a finished job after an unfinished one').toBe(false);
      if (cells[status] === 'rejected') continue;
      const doneS = Number(cells[done]);
      expect(doneS).toBeGreaterThanOrEqual(lastDoneS);
      lastDoneS = doneS;
    }
  });

  it.each(['utilization.csv', 'links.csv', 'link_windows.csv', 'regions.csv', 'sites.csv', 'outages.csv'])('%s is byte for byte the earlier one (without the columns added since)', (name) => {
    expect(sha256(read(name))).toBe(fingerprint.files[name]);
  });

  it.each(['centres.csv', 'summary.csv'])('%s has the earlier values', (name) => {
    expectSameValues(name, read(name), readFileSync(join(BEFORE, name), 'utf8'));
  });

  it('energy.csv has the earlier values', () => {
    expectSameValues('energy.csv', read('energy.csv'), gunzipSync(readFileSync(join(BEFORE, 'energy.csv.gz'))).toString('utf8'));
  });
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rowSourceToCsv } from '../../src/report/csv.js';
import { resultFiles, runScenario } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml');

function filesFor(seed?: number): Map<string, string> {
  const scenario = loadScenario(EXAMPLE);
  const output = runScenario(scenario, seed === undefined ? {} : { seed });
  return resultFiles(output, { scenarioFile: 'two-sites.yaml', options: {} });
}

describe('determinism', () => {
  const first = filesFor();
  const second = filesFor();

  it.each(['jobs.csv', 'centres.csv', 'utilization.csv', 'links.csv', 'link_windows.csv', 'summary.csv'])(
    '%s is byte-identical across two runs of the same scenario and seed',
    (file) => {
      expect(first.get(file)?.length).toBeGreaterThan(0);
      expect(second.get(file)).toBe(first.get(file));
    },
  );

  it('manifest.json sizes every file it lists, in bytes of UTF-8', () => {
    const manifest = JSON.parse(first.get('manifest.json') ?? '{}') as { files: string[]; fileBytes: Record<string, number> };
    expect(manifest.files.length).toBeGreaterThan(8);
    expect(manifest.fileBytes).toEqual(Object.fromEntries(manifest.files.map((f) => [f, Buffer.byteLength(first.get(f) ?? 'missing!')])));
  });

  it('manifest.json differs only in its wall-clock fields', () => {
    const strip = (text: string | undefined) => {
      const m = JSON.parse(text ?? '{}') as Record<string, unknown>;
      delete m.wallClock;
      return m;
    };
    expect(strip(second.get('manifest.json'))).toEqual(strip(first.get('manifest.json')));
  });

  it('jobs.csv written cell by cell (writeRow) has the bytes of its rows as strings (row)', () => {
    const jobs = runScenario(loadScenario(EXAMPLE)).reports.tables.find((t) => t.file === 'jobs.csv');
    if (jobs?.writeRow === undefined) throw new Error('jobs.csv should be written cell by cell');
    expect(jobs.size).toBeGreaterThan(100);
    const viaStrings = rowSourceToCsv({ header: jobs.header, size: jobs.size, row: (i) => jobs.row(i) });
    expect(rowSourceToCsv(jobs)).toBe(viaStrings);
    expect(first.get('jobs.csv')).toBe(viaStrings);
  });

  it('a different seed changes the jobs', () => {
    expect(filesFor(7).get('jobs.csv')).not.toBe(first.get('jobs.csv'));
  });
});

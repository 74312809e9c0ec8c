import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnsim, ROOT } from './view-helpers.js';

// Bad input to `cnsim report`: exit 2, a message naming the file, and nothing half-written (an
// earlier report.html stays as it was).

describe('cnsim report refuses what it cannot draw', () => {
  const base = mkdtempSync(join(tmpdir(), 'cnsim-report-input-'));
  const good = join(base, 'good');

  beforeAll(() => {
    const r = cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', good, '--quiet');
    expect(r.code).toBe(0);
    expect(existsSync(join(good, 'report.html'))).toBe(true);
  }, 60_000);

  /** A copy of the good folder with a change, and the report.html it had. */
  function broken(name: string, change: (dir: string) => void): { dir: string; before: string } {
    const dir = join(base, name);
    cpSync(good, dir, { recursive: true });
    change(dir);
    return { dir, before: readFileSync(join(dir, 'report.html'), 'utf8') };
  }

  function expectRefused(dir: string, args: string[], message: RegExp, before?: string): void {
    const r = cnsim('report', dir, ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    if (before !== undefined) expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(before);
    if (existsSync(dir)) expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }

  it('a folder that does not exist', () => {
    expectRefused(join(base, 'nope'), [], /nope: no such folder/);
  });

  it('a folder that is not a results folder', () => {
    const dir = join(base, 'empty');
    mkdirSync(dir);
    expectRefused(dir, [], /empty: not a results folder \(no manifest\.json\)/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a sweep folder, with the command that draws it', () => {
    const dir = join(base, 'sweep');
    cpSync(join(ROOT, 'test', 'fixtures', 'sweep-compare'), dir, { recursive: true });
    expectRefused(dir, [], /this is a sweep folder: draw it with `cnsim compare <dir> --html`/);
  });

  it('a file the manifest lists but that is missing', () => {
    const { dir, before } = broken('missing', (d) => rmSync(join(d, 'utilization.csv')));
    expectRefused(dir, [], /utilization\.csv: listed in manifest\.json but missing/, before);
  });

  it('a folder written by a newer results format', () => {
    const { dir, before } = broken('newer', (d) => {
      const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
      writeFileSync(join(d, 'manifest.json'), JSON.stringify({ ...m, cnsim: '9.0.0', resultsFormat: 99 }));
    });
    expectRefused(dir, [], /manifest\.json: written by cnsim 9\.0\.0 in results format 99; this cnsim reads format 1 and older: upgrade cnsim/, before);
  });

  it('a manifest that is not JSON', () => {
    const { dir, before } = broken('bad-json', (d) => writeFileSync(join(d, 'manifest.json'), '{"cnsim": '));
    expectRefused(dir, [], /manifest\.json: not valid JSON/, before);
  });

  it('a table cell that is not a number, naming file, line and column', () => {
    const { dir, before } = broken('bad-cell', (d) => {
      const lines = readFileSync(join(d, 'centres.csv'), 'utf8').split('\n');
      const header = (lines[0] as string).split(',');
      const row = (lines[2] as string).split(',');
      row[header.indexOf('node_util')] = 'lots';
      lines[2] = row.join(',');
      writeFileSync(join(d, 'centres.csv'), lines.join('\n'));
    });
    expectRefused(dir, [], /centres\.csv: line 3, column node_util: expected a number, got 'lots'/, before);
  });

  it('a table without the columns the report reads', () => {
    const { dir, before } = broken('bad-header', (d) => writeFileSync(join(d, 'links.csv'), 'link,from\nx,y\n'));
    expectRefused(dir, [], /links\.csv: line 1: missing columns to, bandwidth_bps, bytes, utilization/, before);
  });

  it('a jobs.csv cut off in the middle of a line', () => {
    const { dir, before } = broken('truncated', (d) => {
      const text = readFileSync(join(d, 'jobs.csv'), 'utf8');
      writeFileSync(join(d, 'jobs.csv'), text.slice(0, Math.floor(text.length / 2)));
    });
    expectRefused(dir, [], /jobs\.csv: line \d+: \d+ fields, expected \d+ like the header/, before);
  });

  it('a baseline whose centres differ, naming the difference', () => {
    const other = join(base, 'other');
    const r = cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', other, '--quiet', '--no-report');
    expect(r.code).toBe(0);
    const { dir, before } = broken('renamed', (d) => {
      writeFileSync(join(d, 'centres.csv'), readFileSync(join(d, 'centres.csv'), 'utf8').replace('\nguiyang,', '\nguiyang2,'));
      writeFileSync(join(d, 'utilization.csv'), readFileSync(join(d, 'utilization.csv'), 'utf8').replaceAll('\nguiyang,', '\nguiyang2,'));
      writeFileSync(join(d, 'energy.csv'), readFileSync(join(d, 'energy.csv'), 'utf8').replaceAll('\nguiyang,', '\nguiyang2,'));
    });
    expectRefused(dir, ['--baseline', other], /centres only in .*renamed: guiyang2\n\s+centres only in the baseline: guiyang/, before);
  });

  it('draws a run without jobs and a trace replay, saying what it cannot draw instead of drawing empty charts', () => {
    const zero = join(base, 'zero');
    expect(cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', zero, '--quiet', '--set', 'workload[0].rate=0.01/h', '--set', 'horizon=1h').code).toBe(0);
    const page = readFileSync(join(zero, 'report.html'), 'utf8');
    expect(page).toContain('No job started in this run: no waits to draw.');
    expect(page).not.toContain('id="wait-cdf"');
    const replay = join(base, 'replay');
    const trace = join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz');
    expect(cnsim('replay', trace, '--policy', 'easy', '--out', replay, '--quiet').code).toBe(0);
    const r = cnsim('report', replay);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const replayPage = readFileSync(join(replay, 'report.html'), 'utf8');
    expect(replayPage).toContain('One site and no links');
    expect(replayPage).toContain('id="util-heatmap-core"');
    expect(replayPage).toContain('id="wait-cdf"');
  }, 60_000);

  it('draws the good folder again and replaces report.html whole', () => {
    const r = cnsim('report', good);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`report: ${join(good, 'report.html')}\n`);
    expect(readFileSync(join(good, 'report.html'), 'utf8')).toMatch(/<\/html>\n$/);
  });
});

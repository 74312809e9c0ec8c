import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
    if (existsSync(dir) && statSync(dir).isDirectory()) expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  }

  it('a folder that does not exist', () => {
    expectRefused(join(base, 'nope'), [], /nope: no such folder/);
  });

  it('a file of a results folder instead of the folder', () => {
    const file = join(base, 'summary.csv');
    writeFileSync(file, 'scenario\nx\n');
    expectRefused(file, [], /summary\.csv: a file, not a folder: give the results folder written by `cnsim run`/);
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

  it('a window far past the rows of utilization.csv (one edited cell), without allocating for it', () => {
    const { dir, before } = broken('far-window', (d) => {
      const lines = readFileSync(join(d, 'utilization.csv'), 'utf8').split('\n');
      lines[2] = (lines[2] as string).replace(/^([^,]+),3600,7200,/, '$1,3600000000000,3600000003600,');
      writeFileSync(join(d, 'utilization.csv'), lines.join('\n'));
    });
    expectRefused(dir, [], /utilization\.csv: line 3: window_start_s 3600000000000 is past the \d+ windows the file lists/, before);
  });

  it('a results file that is a folder', () => {
    const { dir, before } = broken('file-is-folder', (d) => {
      rmSync(join(d, 'sites.csv'));
      mkdirSync(join(d, 'sites.csv'));
    });
    expectRefused(dir, [], /sites\.csv: is a folder, not a file/, before);
  });

  it('a site without coordinates', () => {
    const { dir, before } = broken('no-coordinates', (d) => {
      const lines = readFileSync(join(d, 'sites.csv'), 'utf8').split('\n');
      lines[1] = (lines[1] as string).replace(/,[^,]*,[^,]*$/, ',,');
      writeFileSync(join(d, 'sites.csv'), lines.join('\n'));
    });
    expectRefused(dir, [], /sites\.csv: line 2: expected a latitude in \[−90, 90\] and a longitude in \[−180, 180\], got NaN, NaN/, before);
  });

  it('a manifest with a null results format or a file entry that is not a name', () => {
    for (const [name, change] of [
      ['format-null', { resultsFormat: null }],
      ['files-number', { files: ['summary.csv', 7] }],
    ] as const) {
      const { dir, before } = broken(name, (d) => {
        const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
        writeFileSync(join(d, 'manifest.json'), JSON.stringify({ ...m, ...change }));
      });
      expectRefused(dir, [], name === 'format-null' ? /resultsFormat: expected a whole number ≥ 1, got null/ : /files: 7 is not a file name of a results folder/, before);
    }
  });

  it('a jobs.csv with only its header while summary.csv counts the jobs', () => {
    const { dir, before } = broken('header-only', (d) => {
      writeFileSync(join(d, 'jobs.csv'), `${readFileSync(join(d, 'jobs.csv'), 'utf8').split('\n')[0]}\n`);
    });
    expectRefused(dir, [], /jobs\.csv: 0 jobs, but summary\.csv counts \d+: the file was cut off or edited/, before);
  });

  it('numbers only in decimal notation: hex, padded or infinite cells are refused', () => {
    const { dir, before } = broken('hex', (d) => {
      writeFileSync(join(d, 'summary.csv'), readFileSync(join(d, 'summary.csv'), 'utf8').replace(/\ntwo-sites,42,/, '\ntwo-sites,0x2a,'));
    });
    expectRefused(dir, [], /summary\.csv: line 2, column seed: expected a number, got '0x2a'/, before);
  });

  it('reads a table that starts with a byte-order mark (a spreadsheet export)', () => {
    const { dir, before } = broken('bom', (d) => writeFileSync(join(d, 'centres.csv'), `\ufeff${readFileSync(join(d, 'centres.csv'), 'utf8')}`));
    expect(before).toContain('<header>');
    expect(before).not.toContain('changed since the run');
    const written = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).fileBytes['centres.csv'] as number;
    const r = cnsim('report', dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Drawn as it is, and the page says the table changed since the run (the mark is 3 bytes).
    const page = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(page).toContain(`changed since the run wrote them, and drawn as they are now: centres.csv (${written + 3} bytes; the run wrote ${written})`);
    expect(page.match(/changed since the run wrote them/g)).toHaveLength(1);
  });

  it('--out: a folder, or a file of the results folder, is refused before any work; a missing parent folder is made', () => {
    const dir = join(base, 'out-checks');
    cpSync(good, dir, { recursive: true });
    const before = readFileSync(join(dir, 'summary.csv'), 'utf8');
    let r = cnsim('report', dir, '--out', base);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a folder, not a file: give the report a file name, such as report\.html/);
    expect(r.stderr).toContain(`cnsim: ${base}: is a folder, not a file`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    r = cnsim('report', dir, '--out', join(dir, 'summary.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/summary\.csv: is a file of the results folder the report is drawn from/);
    expect(r.stderr).toContain(`cnsim: ${join(dir, 'summary.csv')}: is a file of the results folder`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'summary.csv'), 'utf8')).toBe(before);
    r = cnsim('report', dir, '--out', join(base, 'new', 'deeper', 'r.html'));
    expect(r.code).toBe(0);
    expect(existsSync(join(base, 'new', 'deeper', 'r.html'))).toBe(true);
    expect(readdirSync(base).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('draws a run without jobs and a trace replay, saying what it cannot draw instead of drawing empty charts', () => {
    const zero = join(base, 'zero');
    expect(cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--out', zero, '--quiet', '--set', 'workload[0].rate=0.01/h', '--set', 'horizon=1h').code).toBe(0);
    const page = readFileSync(join(zero, 'report.html'), 'utf8');
    expect(page).toContain('No job started in this run: no waits to draw.');
    expect(page).not.toContain('id="wait-cdf"');
    const replay = join(base, 'replay');
    const trace = join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz');
    expect(cnsim('replay', '--no-report', trace, '--policy', 'easy', '--out', replay, '--quiet').code).toBe(0);
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

describe('cnsim report on runs with little in them', () => {
  it.each([
    ['no job at all', ['--set', 'workload=[]']],
    ['a few jobs', ['--set', 'workload[0].rate=2/h', '--set', 'horizon=1h']],
  ])('%s: a page without a NaN anywhere (axes, map, tables)', (_what, args) => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-report-empty-'));
    const r = cnsim('run', join(ROOT, 'examples', 'two-sites.yaml'), '--until', '2h', ...args, '--out', join(dir, 'r'), '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'r', 'report.html'), 'utf8');
    expect(html.match(/.{0,60}NaN.{0,20}/g)).toBeNull();
  }, 60_000);

  it('a run within one report window: a note instead of curves of one point (a 53 s Batsim replay drew empty charts)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-report-one-'));
    const out = join(dir, 'r');
    expect(cnsim('replay', join(ROOT, 'test', 'fixtures', 'batsim', 'test_delays.json'), '--policy', 'fcfs', '--out', out, '--quiet').code).toBe(0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/The run fits in one report window of 60 min: no curve over time/g)?.length).toBe(2);
    for (const id of ['util-national', 'queue-national', 'queue-centres']) expect(html).not.toContain(`id="${id}"`);
    expect(html).toContain('id="util-heatmap-core"');
    expect(html).toContain('id="wait-cdf"');
  }, 60_000);
});

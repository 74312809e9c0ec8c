import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tracePath } from './reference-helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const LUBLIN = tracePath('lublin_256');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'cnsim-replay-'));

describe('cnsim replay', () => {
  it('writes the results folder of cnsim run plus warnings.csv and metrics.csv, job_id = SWF job number, and report.html', () => {
    const out = join(tmp(), 'r');
    const r = cnsim('replay', LUBLIN, '--policy', 'easy', '--first', '500', '--out', out, '--warmup', '50', '--metrics', 'pyss-printed');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([
      'centres.csv',
      'jobs.csv',
      'link_windows.csv',
      'links.csv',
      'manifest.json',
      'metrics.csv',
      'outages.csv',
      'report.html',
      'sites.csv',
      'summary.csv',
      'utilization.csv',
      'warnings.csv',
    ]);
    expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
    const jobs = readFileSync(join(out, 'jobs.csv'), 'utf8').split('\n');
    const header = (jobs[0] ?? '').split(',');
    for (const col of ['job_id', 'submit_s', 'start_s', 'end_s', 'procs', 'walltime_s', 'runtime_s', 'swf_line']) expect(header).toContain(col);
    expect(jobs[1]?.startsWith('1,trace,machine,all,swf,16,')).toBe(true);
    expect(readFileSync(join(out, 'metrics.csv'), 'utf8').split('\n').map((l) => l.split(',')[0])).toEqual(['set', 'all', 'after-warmup', 'pyss-printed', '']);
    expect(readFileSync(join(out, 'warnings.csv'), 'utf8')).toMatch(/^line,job_id,action,field,reason\n8,1,changed,requested_time,/);
    // The manifest lists every file but itself and the page drawn from them, each with its size.
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: string[]; fileBytes: Record<string, number> };
    expect([...manifest.files].sort()).toEqual(readdirSync(out).filter((f) => f !== 'manifest.json' && f !== 'report.html').sort());
    expect(manifest.fileBytes).toEqual(Object.fromEntries(manifest.files.map((f) => [f, readFileSync(join(out, f)).length])));
  });

  it('replays a window of the converted job list with --compat rlscheduler', () => {
    const out = join(tmp(), 'w');
    const r = cnsim('replay', '--no-report', LUBLIN, '--policy', 'fcfs', '--compat', 'rlscheduler', '--window', '1981:1024', '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'jobs.csv'), 'utf8').trim().split('\n').length).toBe(1025);
    expect(r.stdout).toMatch(/ordering rlscheduler/);
    // --no-report: the CSV files only.
    expect(readdirSync(out)).not.toContain('report.html');
    expect(r.stdout).not.toMatch(/^report:/m);
  });

  const badCases: [string, (dir: string) => string[], RegExp][] = [
    [
      'a truncated gzip',
      (dir) => {
        const gz = readFileSync(LUBLIN);
        const file = join(dir, 'cut.swf.gz');
        writeFileSync(file, gz.subarray(0, gz.length >> 1));
        return [file, '--policy', 'easy'];
      },
      /cut\.swf\.gz: not a valid gzip file \(truncated or corrupt\)/,
    ],
    [
      'a line with 17 fields',
      (dir) => {
        const lines = gunzipSync(readFileSync(LUBLIN)).toString('utf8').split('\n');
        lines[20] = (lines[20] ?? '').trim().split(/\s+/).slice(0, 17).join(' ');
        const file = join(dir, 'short.swf.gz');
        writeFileSync(file, gzipSync(lines.join('\n')));
        return [file, '--policy', 'easy'];
      },
      /short\.swf\.gz: line 21: expected 18 fields, got 17/,
    ],
    ['a negative processor count', () => [LUBLIN, '--policy', 'easy', '--procs', '-4'], /--procs: expected a positive integer number of processors, got -4/],
    ['an unknown policy', () => [LUBLIN, '--policy', 'easyy'], /--policy: unknown queue policy 'easyy' \(known: fcfs, sjf, easy, conservative; or external:<command>\)/],
    ['--window beyond the trace', () => [LUBLIN, '--policy', 'easy', '--window', '9990:20'], /--window 9990:20: beyond the trace, which has 10000 jobs/],
    ['a bad --window', () => [LUBLIN, '--policy', 'easy', '--window', '5-10'], /--window: expected START:LEN/],
    ['an unknown flag', () => [LUBLIN, '--policy', 'easy', '--speed', '2'], /Unknown argument: speed\n/],
    ['a missing file', (dir) => [join(dir, 'none.swf'), '--policy', 'easy'], /none\.swf: cannot read/],
  ];
  it.each(badCases)('refuses %s with a clear message, exit 2 and no results folder', (_name, argsOf, message) => {
    const dir = tmp();
    const out = join(dir, 'out');
    const r = cnsim('replay', '--no-report', ...argsOf(dir), '--out', out);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^cnsim: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

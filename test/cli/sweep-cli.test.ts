import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir, writeSweep } from '../parallel/sweep-helpers.js';

const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cnsim sweep, merge and compare', () => {
  it('runs a sweep (exit 0), prints one plain line per run off a terminal, then compares', () => {
    const dir = tempDir();
    const file = writeSweep(dir, { axes: { 'centres[wuxi].queue.policy': ['fcfs', 'easy'], seed: '1..3' } });
    const out = join(dir, 'out');
    const r = cnsim('sweep', file, '--out', out, '--workers', '2');
    expect(r.stderr).toMatch(/^sweep: 6 runs to do\n/);
    expect(r.stderr.match(/^\[\d\/6\] \S+ ok in [\d.]+ s$/gm)).toHaveLength(6);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sweep two-sites: 6 runs, 6 run now on 2 workers, 0 kept from before, 0 failed/);
    expect(readdirSync(out).sort()).toEqual(['failures.csv', 'runs', 'summary.csv', 'sweep.json']);

    const c = cnsim('compare', out, '--metric', 'bsld');
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(c.stdout).toMatch(/^mean_bsld by centres\[wuxi\]\.queue\.policy/);
    expect(c.stdout).toMatch(/^easy\s+3\s+\S+\s+\[.*\]\s+\S+\s+\[.*\]\s+3$/m);
    expect(readFileSync(join(out, 'compare.csv'), 'utf8').split('\n')).toHaveLength(4);

    // compare writes neither output when one cannot be written, and never over the sweep's own files.
    const folder = cnsim('compare', out, '--metric', 'bsld', '--out', join(dir, 'c.csv'), '--html-out', dir);
    expect(folder.stderr).toBe(`cnsim: command line: --html-out ${dir}: a folder, not a file: give the report a file name, such as ${join(dir, 'compare.html')}\n`);
    expect(folder.code).toBe(2);
    expect(existsSync(join(dir, 'c.csv'))).toBe(false);
    const own = cnsim('compare', out, '--out', join(out, 'summary.csv'));
    expect(own.stderr).toMatch(/--out .*summary\.csv: a file of the sweep folder compare reads/);
    expect(own.code).toBe(2);
    expect(cnsim('compare', out, '--metric', 'bsld').code).toBe(0);
  });

  it('shards with --shard I/N and merges them into the unsharded bytes', () => {
    const dir = tempDir();
    const file = writeSweep(dir, { axes: { seed: '1..3' } });
    expect(cnsim('sweep', file, '--out', join(dir, 'all'), '--quiet').code).toBe(0);
    for (const i of [0, 1]) expect(cnsim('sweep', file, '--out', join(dir, `s${i}`), '--shard', `${i}/2`, '--quiet').code).toBe(0);
    const m = cnsim('merge', join(dir, 's0'), join(dir, 's1'), '--out', join(dir, 'merged'));
    expect(m.code).toBe(0);
    expect(m.stdout).toMatch(/merged 2 folders: 3 runs, 0 failed/);
    expect(readFileSync(join(dir, 'merged', 'summary.csv'), 'utf8')).toBe(readFileSync(join(dir, 'all', 'summary.csv'), 'utf8'));
  });

  it('exits 1 when a run fails, after the others complete', () => {
    const dir = tempDir();
    const file = writeSweep(dir, {
      axes: { 'centres[wuxi].queue.policy': ['easy', 'fcfs'], 'centres[wuxi].queue.options.backfillOrder': ['sjf'] },
      set: { 'centres[wuxi].queue': { policy: 'easy' } },
    });
    const r = cnsim('sweep', file, '--out', join(dir, 'out'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[\d\/2\] fcfs_sjf-\w+ FAILED: /);
    expect(r.stderr).toMatch(/1 of 2 runs failed \(failures\.csv\):\n {2}fcfs_sjf-\w+: /);
    // Which run, which file and path, and what is wrong; no stack trace for a bad value.
    expect(r.stderr).toMatch(/\[\d\/2\] fcfs_sjf-\w+ FAILED: .*two-sites\.yaml: centres\[0\]\.queue\.options \(from sweep axis\): unknown key 'backfillOrder'\n/);
    expect(r.stderr).toMatch(/\n {2}fcfs_sjf-\w+: .*two-sites\.yaml: centres\[0\]\.queue\.options \(from sweep axis\): unknown key 'backfillOrder'\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'out', 'summary.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(3);
  });

  it.each([
    ['an axis path that does not exist', { axes: { 'centres[ZZ].partitions[gpu].nodes': [512] } }, [], /sweep\.axes\['centres\[ZZ\]\.partitions\[gpu\]\.nodes'\] \(line \d+, col \d+\): value 512: centres has no element 'ZZ' \(known: wuxi, guiyang\)/],
    ['an empty axis', { axes: { seed: [] } }, [], /sweep\.axes\['seed'\] \(line \d+, col \d+\): empty axis/],
    ['a shard index not below the count', { axes: { seed: '1..2' } }, ['--shard', '3/2'], /--shard '3\/2': shard index 3 is not below the shard count 2/],
    ['no workers', { axes: { seed: '1..2' } }, ['--workers', '0'], /--workers: expected an integer ≥ 1/],
  ])('exits 2 for %s and writes nothing', (_what, sweep, flags, message) => {
    const dir = tempDir();
    const r = cnsim('sweep', writeSweep(dir, sweep), '--out', join(dir, 'out'), ...(flags as string[]));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^cnsim: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('exits 2 when merging shards of different sweeps, or a folder that is no sweep', () => {
    const dir = tempDir();
    expect(cnsim('sweep', writeSweep(dir, { axes: { seed: '1..2' } }, 'a.yaml'), '--out', join(dir, 'a'), '--shard', '0/2', '--quiet').code).toBe(0);
    expect(cnsim('sweep', writeSweep(dir, { axes: { seed: '1..3' } }, 'b.yaml'), '--out', join(dir, 'b'), '--shard', '1/2', '--quiet').code).toBe(0);
    const r = cnsim('merge', join(dir, 'a'), join(dir, 'b'), '--out', join(dir, 'm'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only shards of one sweep \(same file, values and cnsim version\) can be merged/);
    // Both folders named, and how they differ.
    expect(r.stderr).toContain(`${join(dir, 'b')} holds sweep 'two-sites' (id `);
    expect(r.stderr).toContain(`) of ${join(dir, 'a')}: only shards of one sweep`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'm'))).toBe(false);
    const notSweep = cnsim('merge', dir, '--out', join(dir, 'm'));
    expect(notSweep.stderr).toMatch(/not a sweep folder: no sweep\.json/);
    expect(notSweep.code).toBe(2);
    expect(notSweep.stderr).toContain(`cnsim: ${dir}: not a sweep folder: no sweep.json`);
    expect(notSweep.stderr).not.toMatch(/\n\s+at /);
  });

  // Ctrl-C on a terminal reaches the whole process group (the CLI and its worker threads);
  // Kubernetes sends SIGTERM to the CLI alone, Slurm to every process of the step.
  const cases = [
    { workers: 1, signal: 'SIGINT', group: false },
    { workers: 2, signal: 'SIGTERM', group: false },
    { workers: 2, signal: 'SIGINT', group: true },
  ] as const;
  it.each(cases)('stops on $signal (workers: $workers, to the process group: $group) with exit 130, keeping finished runs; --resume does the rest', async ({ workers, signal, group }) => {
    const dir = tempDir();
    const file = writeSweep(dir, { axes: { seed: '1..8' }, set: { horizon: '1d' } });
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [CLI, 'sweep', file, '--out', out, '--workers', String(workers)], { env: { ...process.env, CI: 'true' }, detached: group });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // Once: a second Ctrl-C kills the process at once, as it should.
      if (!signalled && /\[1\/8\]/.test(stderr)) {
        signalled = true;
        if (group) process.kill(-(child.pid as number), signal);
        else child.kill(signal);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toMatch(new RegExp(`${signal}: stopping the sweep; finished runs are kept`));
    expect(code).toBe(130);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    const finished = readdirSync(join(out, 'runs'));
    expect(finished.length).toBeGreaterThanOrEqual(1);
    expect(finished.length).toBeLessThan(8);
    expect(finished.filter((n) => n.startsWith('.'))).toEqual([]);

    const r = cnsim('sweep', file, '--out', out, '--resume');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${8 - finished.length} run now`);
    expect(r.stdout).toContain(`${finished.length} kept from before`);
  });
});

describe('cnsim compare --html on thin sweeps', () => {
  it('one run per value (no interval) and every run failed: pages without NaN or Infinity', () => {
    const dir = tempDir();
    const one = join(dir, 'one');
    const s = cnsim('sweep', writeSweep(dir, { axes: { 'dispatch.policy': ['least-loaded', 'random'] } }, 'one.yaml'), '--out', one, '--quiet');
    expect(s.stderr).toBe('');
    expect(s.code).toBe(0);
    const failed = join(dir, 'failed');
    const plugin = join(ROOT, 'test', 'fixtures', 'plugins', 'throws.mjs');
    const f = cnsim('sweep', writeSweep(dir, { axes: { 'centres[wuxi].queue.policy': ['fcfs', 'easy'] }, set: { 'dispatch.module': plugin } }, 'failed.yaml'), '--out', failed, '--quiet');
    expect(f.code).toBe(1);
    for (const out of [one, failed]) {
      const r = cnsim('compare', out, '--html');
      expect(r.code).toBe(0);
      const html = readFileSync(join(out, 'compare.html'), 'utf8');
      expect(html.match(/.{0,60}(NaN|Infinity).{0,20}/g), out).toBeNull();
    }
    expect(readFileSync(join(one, 'compare.html'), 'utf8')).toMatch(/no 95% CI \(1 value\)/);
    expect(readFileSync(join(failed, 'compare.html'), 'utf8')).toMatch(/No finished run has a value of this metric/);
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const EXAMPLE = join(ROOT, 'examples', 'two-sites.yaml');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cnsim CLI', () => {
  it('prints help that says where the docs are', () => {
    const r = cnsim('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cnsim run/);
    expect(r.stdout).toMatch(/results\/README\.md/);
  });

  it('runs a scenario, prints the table and writes every results file (exit 0)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-cli-')), 'r');
    const r = cnsim('run', EXAMPLE, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^centre\s+util\s+jobs\s+mean wait\s+p95 wait$/m);
    expect(r.stdout).toMatch(/overall: \d+ jobs/);
    expect(readdirSync(out).sort()).toEqual([
      'centres.csv',
      'energy.csv',
      'jobs.csv',
      'link_windows.csv',
      'links.csv',
      'manifest.json',
      'outages.csv',
      'regions.csv',
      'report.html',
      'sites.csv',
      'summary.csv',
      'utilization.csv',
    ]);
    expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
  });

  it('writes no report with --no-report', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-cli-')), 'r');
    const r = cnsim('run', EXAMPLE, '--out', out, '--no-report', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out)).not.toContain('report.html');
    expect(readdirSync(out)).toContain('summary.csv');
  });

  it('exits 2 naming the file, path and line for a broken scenario, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-cli-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('nodes: 64', 'nodes: -64'));
    const r = cnsim('run', bad, '--out', join(dir, 'r'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: centres\[0\]\.partitions\[0\]\.nodes \(line \d+, col \d+\)/);
    expect(r.stderr).toMatch(/^cnsim: .*bad\.yaml: centres\[0\]\.partitions\[0\]\.nodes \(line \d+, col \d+\): expected a number > 0, got -64\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'r'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('exits 2 for bad energy inputs (negative price, 23 hourly values, PUE below 1), naming each path, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-cli-'));
    const bad = join(dir, 'energy.yaml');
    const hours = new Array(23).fill(500).join(', ');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('sites:', `regions:\n  - { id: Jiangsu, priceCnyPerKWh: -0.1, carbonGPerKWh: [${hours}], pue: 0.9 }\nsites:`));
    const r = cnsim('run', bad, '--out', join(dir, 'r'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/energy\.yaml: 3 problems/);
    expect(r.stderr).toMatch(/regions\[0\]\.priceCnyPerKWh \(line \d+, col \d+\): expected a number ≥ 0, got -0\.1/);
    expect(r.stderr).toMatch(/regions\[0\]\.carbonGPerKWh \(line \d+, col \d+\): expected 24 values .*got 23/);
    expect(r.stderr).toMatch(/regions\[0\]\.pue \(line \d+, col \d+\): expected a number ≥ 1, got 0\.9/);
    expect(r.stderr).toContain(`cnsim: ${bad}: 3 problems`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('exits 2 for a missing scenario, an unknown flag and a bad --seed, naming each and saying what is wrong', () => {
    const missing = cnsim('run', 'no-such-scenario');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^cnsim: no-such-scenario: no such file, and no bundled scenario of that name \(bundled ones are in .*scenarios; try 'national-2025'\)\n$/);
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-cli-'));
    const unknown = cnsim('run', EXAMPLE, '--sede', '3', '--out', join(dir, 'r'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument/i);
    expect(unknown.stderr).toContain('cnsim: Unknown argument: sede\n');
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'r'))).toBe(false);
    const seed = cnsim('run', EXAMPLE, '--seed', '-1', '--out', join(tmpdir(), 'never'));
    expect(seed.code).toBe(2);
    expect(seed.stderr).toBe("cnsim: command line: --seed: expected a whole number from 0 to 2^53 − 1 (9007199254740991), got '-1'\n");
  });

  it('validates a scenario (exit 0) and prints the JSON Schema', () => {
    const v = cnsim('validate', EXAMPLE);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/valid \(2 centres/);
    const s = cnsim('schema');
    expect(s.code).toBe(0);
    const schema = JSON.parse(s.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'centres', 'links', 'dispatch', 'workload']));
  });

  it('lists the policies', () => {
    const r = cnsim('policies');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/least-loaded/);
    expect(r.stdout).toMatch(/fcfs/);
    for (const name of ['random', 'round-robin', 'shortest-queue', 'shortest-expected-wait', 'earliest-completion', 'data-locality', 'origin-first', 'weighted']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    }
    expect(r.stdout).toMatch(/option maxWaitS \(number, default 3600\)/);
  });

  it('runs the example dispatch plug-in (it imports definePolicy from the cnsim package) with --dispatch', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-cli-')), 'r');
    const r = cnsim('run', EXAMPLE, '--out', out, '--dispatch', join(ROOT, 'examples', 'dispatch-plugin.mjs'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { dispatch: { module: string } };
    expect(manifest.dispatch.module).toMatch(/examples\/dispatch-plugin\.mjs$/);
  });

  it('takes a built-in name with --dispatch, and rejects an unknown one (exit 2)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-cli-')), 'r');
    expect(cnsim('run', EXAMPLE, '--out', out, '--quiet', '--dispatch', 'earliest-completion').code).toBe(0);
    const bad = cnsim('run', EXAMPLE, '--out', `${out}2`, '--dispatch', 'fastest');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/dispatch\.policy \(from --set\): unknown dispatch policy 'fastest'/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops with exit 2 naming the plug-in module, the job and the line that threw when a plug-in throws, and writes no results', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-cli-')), 'r');
    const plugin = join(ROOT, 'test', 'fixtures', 'plugins', 'throws.mjs');
    const r = cnsim('run', EXAMPLE, '--out', out, '--dispatch', plugin);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/dispatch plug-in 'throws-on-second' \(.*throws\.mjs\) threw while dispatching job \S+ at t=\S+ \(1 candidates\): boom\n/);
    expect(r.stderr).toContain(`  where: ${plugin}, line `);
    expect(r.stderr).toContain('  fix the plug-in: cnsim checks every decision it returns');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['NaN', 'return Number.NaN;', /returned NaN for job \S+ at t=\S+; expected an integer in \[0, \d+\]/],
    ['a fraction', 'return 0.5;', /returned 0\.5 for job/],
    ['undefined', 'return undefined;', /returned undefined for job/],
    ['a negative index', 'return -1;', /returned -1 for job/],
    ['one past the end', 'return candidates.length;', /returned \d+ for job .*expected an integer in \[0, \d+\]/],
    ['text', "return 'wuxi';", /returned "wuxi" for job/],
    ['a thrown non-Error', "throw 'nope';", /threw while dispatching job \S+ at t=\S+ \(\d+ candidates\): nope/],
    // What it is shown is frozen: changing it would change the job or the partition the run uses.
    ['after changing the job', 'job.runtimeS = 1; return 0;', /threw while dispatching job \S+ .*: Cannot assign to read only property 'runtimeS'/],
    ['after changing a candidate', 'candidates[0].nodesNeeded = 1; return 0;', /threw while dispatching job \S+ .*: Cannot assign to read only property 'nodesNeeded'/],
    ['after changing the candidate list', 'candidates.length = 0; return 0;', /threw while dispatching job \S+ .*: Cannot assign to read only property 'length'/],
  ])('a plug-in that returns %s: exit 2 naming the module and the job, nothing written', (_what, body, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-plugin-'));
    const plugin = join(dir, 'bad.mjs');
    const api = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
    writeFileSync(
      plugin,
      `import { definePolicy, z } from '${api}';\nexport default definePolicy({ kind: 'dispatch', name: 'bad', summary: 'fuzz', options: z.object({}).strict(), create: () => ({ choose(job, candidates) { ${body} } }) });\n`,
    );
    const out = join(dir, 'r');
    const r = cnsim('run', EXAMPLE, '--out', out, '--dispatch', plugin);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cnsim: dispatch plug-in 'bad' \\(${plugin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) `));
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ['whose create() throws', "create: () => { throw new Error('no licence'); }", /^cnsim: dispatch plug-in 'bad' \(.*bad\.mjs\) failed in create\(\): no licence\n {2}where: .*bad\.mjs, line 2/],
    ['whose create() returns null', 'create: () => null', /^cnsim: dispatch plug-in 'bad' \(.*bad\.mjs\): create\(\) returned null; expected an object with choose\(job, candidates, t\)/],
    ['whose create() returns no choose', 'create: () => ({ decide() { return 0; } })', /create\(\) returned an object without a choose method/],
  ])('a plug-in %s: exit 2 naming it, nothing written', (_what, create, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-plugin-'));
    const plugin = join(dir, 'bad.mjs');
    const api = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
    writeFileSync(plugin, `import { definePolicy, z } from '${api}';\nexport default definePolicy({ kind: 'dispatch', name: 'bad', summary: 's', options: z.object({}).strict(), ${create} });\n`);
    const r = cnsim('run', EXAMPLE, '--out', join(dir, 'r'), '--dispatch', plugin);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('names a plug-in whose top-level await never settles (Node would exit 13 in silence), and says how a plug-in elsewhere finds cnsim', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-plugin-'));
    writeFileSync(join(dir, 'hang.mjs'), 'await new Promise(() => {});\nexport default 1;\n');
    let r = cnsim('run', EXAMPLE, '--out', join(dir, 'r'), '--dispatch', join(dir, 'hang.mjs'));
    expect(r.stderr).toBe(`cnsim: ${join(dir, 'hang.mjs')}: the dispatch plug-in never finished loading (a top-level await that never settles, with nothing left to wait for): fix the plug-in\n`);
    expect(r.code).toBe(2);
    // The bundled example imports 'cnsim': copied out of the repository, Node cannot find the package.
    writeFileSync(join(dir, 'copy.mjs'), readFileSync(join(ROOT, 'examples', 'dispatch-plugin.mjs')));
    r = cnsim('run', EXAMPLE, '--out', join(dir, 'r'), '--dispatch', join(dir, 'copy.mjs'));
    expect(r.stderr).toMatch(/cannot load dispatch plug-in: Cannot find package 'cnsim'.*run `npm install <path to cnsim>` \(or `npm link cnsim`\) in the plug-in's folder/);
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });
});

describe('standard output that cannot be written', () => {
  it('a full device is exit 2 with one line, not a stack trace', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" policies > /dev/full`], { encoding: 'utf8' });
    expect(r.stderr).toBe('cnsim: cannot write the output (ENOSPC): no space left on the device\n');
    expect(r.status).toBe(2);
  });

  it('a reader that stops reading (cnsim schema | head -c 10) ends the command quietly', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${CLI}" schema | head -c 10 > /dev/null; echo "status $?"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const piped = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" describe national-2025 | head -c 1 > /dev/null`], { encoding: 'utf8' });
    expect(piped.stderr).toBe('');
    expect(piped.status).toBe(0);
  });
});

describe('flags that lose their value', () => {
  it('a flag without its value, and a lone "-", are exit 2 with what to give, never the current folder or the default scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-flags-'));
    const inDir = (...args: string[]) => {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: dir, env: { ...process.env, CI: 'true' } });
      return { code: r.status, stderr: r.stderr };
    };
    expect(inDir('run', EXAMPLE, '--until', '1h', '--out')).toEqual({ code: 2, stderr: 'cnsim: command line: --out: expected a value after it\n' });
    expect(inDir('run', EXAMPLE, '--out', '', '--until', '1h')).toEqual({ code: 2, stderr: 'cnsim: command line: --out: expected a value after it\n' });
    expect(inDir('run', '-', '--out', 'r')).toEqual({ code: 2, stderr: "cnsim: command line: '-' (standard input) is not read by cnsim: give a file path\n" });
    expect(inDir('run', EXAMPLE, '--set')).toEqual({ code: 2, stderr: "cnsim: Not enough arguments following: set\nRun 'cnsim --help' for usage.\n" });
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a value starting with '-' after a space: says to write it after '='", () => {
    const r = cnsim('replay', join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz'), '--policy', 'easy', '--window', '-1:5');
    expect(r.stderr).toBe("cnsim: --window: a value that starts with '-' is written after '=' (--window=-1:5)\nRun 'cnsim --help' for usage.\n");
    expect(r.code).toBe(2);
  });

  it('repeatable flags before the scenario take one value each: the scenario stays the scenario', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-flags-'));
    const r = cnsim('run', '--set', 'horizon=1h', '--set', 'seed=3', '--export', 'swf', EXAMPLE, '--out', join(dir, 'r'), '--quiet', '--no-report');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'r', 'manifest.json'), 'utf8')) as { scenario: string; seed: number };
    expect([manifest.scenario, manifest.seed]).toEqual(['two-sites', 3]);
    expect(existsSync(join(dir, 'r', 'swf'))).toBe(true);
  });
});

describe('output folders the file system cannot make', () => {
  // Node's recursive mkdir spins forever where a parent exists but cannot hold folders (/proc).
  it.runIf(existsSync('/proc/self'))('an --out under /proc, a dangling link or a file: exit 2 at once, for run and replay', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-mkdir-'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    writeFileSync(join(dir, 'file'), 'x');
    const trace = join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz');
    for (const [args, path] of [
      [['run', EXAMPLE, '--until', '1h', '--no-report', '--out', '/proc/cnsim-nope/out'], '/proc/cnsim-nope'],
      [['replay', trace, '--policy', 'easy', '--first', '10', '--out', '/proc/cnsim-nope/r'], '/proc/cnsim-nope'],
      [['run', EXAMPLE, '--until', '1h', '--no-report', '--out', join(dir, 'dangling', 'out')], join(dir, 'dangling', 'out')],
      [['run', EXAMPLE, '--until', '1h', '--no-report', '--out', join(dir, 'file', 'out')], join(dir, 'file', 'out')],
    ] as const) {
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, CI: 'true' } });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^cnsim: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: cannot write \\((ENOENT|ENOTDIR|EEXIST)\\)`));
    }
  }, 120_000);
});

describe('the command line never costs the user files', () => {
  it('refuses --out on a folder of other files, on a file, and on the current folder: exit 2, everything left as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-out-'));
    writeFileSync(join(dir, 'thesis.tex'), 'chapter 1');
    let r = cnsim('run', EXAMPLE, '--out', dir, '--until', '1h', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnsim: ${dir}: exists and is not a cnsim results folder (it has no manifest.json, and holds 1 entry: 'thesis.tex'): cnsim replaces only its own results; choose another --out, e.g. ${join(dir, 'results')}\n`);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
    r = cnsim('run', EXAMPLE, '--out', join(dir, 'thesis.tex'), '--until', '1h', '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/thesis\.tex: exists and is not a folder/);
    expect(readFileSync(join(dir, 'thesis.tex'), 'utf8')).toBe('chapter 1');
    // A web app's manifest.json is no cnsim manifest: the folder is not replaced.
    const app = join(dir, 'my-pwa');
    mkdirSync(app);
    writeFileSync(join(app, 'manifest.json'), '{"name": "my app", "start_url": "/"}');
    r = cnsim('run', EXAMPLE, '--out', app, '--until', '1h', '--quiet');
    expect(r.code).toBe(2);
    expect(readdirSync(app)).toEqual(['manifest.json']);
    rmSync(app, { recursive: true });
    const here = spawnSync(process.execPath, [CLI, 'replay', join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz'), '--policy', 'fcfs', '--out', '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(here.status).toBe(2);
    expect(readdirSync(dir)).toEqual(['thesis.tex']);
    // An earlier results folder is replaced, as always.
    const out = join(dir, 'results');
    expect(cnsim('run', EXAMPLE, '--out', out, '--until', '1h', '--quiet', '--no-report').code).toBe(0);
    writeFileSync(join(out, 'stale.txt'), 'from before');
    expect(cnsim('run', EXAMPLE, '--out', out, '--until', '1h', '--quiet', '--no-report').code).toBe(0);
    expect(existsSync(join(out, 'stale.txt'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['results', 'thesis.tex']);
  });

  it("removes what a killed run left beside its folder, not what a live process is writing; a plug-in's process.exit is no success", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-left-'));
    // Left by a run killed mid-write (no such process), and by one still running (this test's own process).
    mkdirSync(join(dir, '.r.tmp-999999999'));
    writeFileSync(join(dir, '.r.tmp-999999999', 'jobs.csv'), 'half');
    mkdirSync(join(dir, `.r.tmp-${process.pid}`));
    mkdirSync(join(dir, '.other.tmp-999999999'));
    expect(cnsim('run', EXAMPLE, '--out', join(dir, 'r'), '--until', '1h', '--quiet', '--no-report').code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.other.tmp-999999999', `.r.tmp-${process.pid}`, 'r']);
    const plugin = join(dir, 'exit.mjs');
    const api = pathToFileURL(join(ROOT, 'dist', 'index.js')).href;
    writeFileSync(plugin, `import { definePolicy, z } from '${api}';\nexport default definePolicy({ kind: 'dispatch', name: 'exit', summary: 's', options: z.object({}).strict(), create: () => ({ choose() { process.exit(0); } }) });\n`);
    const r = cnsim('run', EXAMPLE, '--out', join(dir, 'x'), '--dispatch', plugin);
    expect(r.stderr).toBe('cnsim: the process was ended before its results were written (process.exit called by a plug-in?); nothing was written\n');
    expect(r.code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.includes('x'))).toEqual(['exit.mjs']);
  });

  it('refuses an option given twice, and a seed that is not a whole number within 2^53', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-twice-')), 'r');
    let r = cnsim('run', EXAMPLE, '--out', out, '--out', `${out}2`);
    expect(r.stderr).toBe(`cnsim: command line: --out given 2 times (${out}, ${out}2): give it once\n`);
    expect(r.code).toBe(2);
    for (const seed of ['1e30', '9007199254740993', '', '0x10', '-1']) {
      r = cnsim('run', EXAMPLE, '--out', out, `--seed=${seed}`, '--quiet');
      expect(r.stderr).toBe(`cnsim: command line: --seed: expected ${seed === '' ? 'a value after it' : `a whole number from 0 to 2^53 − 1 (9007199254740991), got '${seed}'`}\n`);
      expect(r.code).toBe(2);
    }
    expect(existsSync(out)).toBe(false);
    // A number option given text says what was written (yargs had made it NaN).
    r = cnsim('run', EXAMPLE, '--out', out, '--max-jobs', 'abc');
    expect(r.stderr).toBe("cnsim: command line: --max-jobs: expected a number, got 'abc'\n");
    expect(r.code).toBe(2);
    r = cnsim('replay', join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz'), '--policy', 'easy', '--procs=many', '--out', out);
    expect(r.stderr).toBe("cnsim: command line: --procs: expected a number, got 'many'\n");
    expect(existsSync(out)).toBe(false);
  });
});

describe('resource guard', () => {
  it('refuses a scenario that cannot fit before generating any job: the estimate, the limit and the flags that change it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-guard-'));
    const r = cnsim('run', 'national-2025-year', '--set', 'demand.scale=20', '--out', join(dir, 'r'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^cnsim: national-2025-year: about 16\d,\d{3},\d{3} jobs, whose samples for exact quantiles need about \d+\.\d GB of temporary disk \(48 bytes a job\), over the limit of [\d,]+ jobs \((the default ceiling: hours of simulation|what the [\d.]+ GB free in the temporary folder .+ holds)\): shorten the run \(--set horizon=\d+s\), or lower the demand \(demand\.scale × 0\.\d+, with --set\), or raise the limit \(--max-jobs \d+\) with room in the temporary folder \(TMPDIR\)\n$/,
    );
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('takes --max-jobs as the limit, checks it, and describe prints the estimate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-guard-'));
    let r = cnsim('run', EXAMPLE, '--out', join(dir, 'r'), '--max-jobs', '100');
    expect(r.code).toBe(2);
    // Figures that fit: 100 of 1,440 jobs is a horizon of 0.9 × 100/1440 × 1 d, and a demand of 0.9 × 100/1440.
    expect(r.stderr).toBe(
      'cnsim: two-sites: about 1,440 jobs, whose samples for exact quantiles need about 0.1 MB of temporary disk (48 bytes a job), over the limit of 100 jobs: shorten the run (--set horizon=5400s), or lower the demand (demand.scale × 0.063, with --set), or raise the limit (--max-jobs 1585) with room in the temporary folder (TMPDIR)\n',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    r = cnsim('run', EXAMPLE, '--out', join(dir, 'r'), '--max-jobs', '0.5');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('cnsim: command line: --max-jobs: expected a whole number ≥ 1, got 0.5\n');
    r = cnsim('describe', EXAMPLE);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Estimate: about 1440 jobs, about 0\.00 GB of temporary disk for exact quantiles \(limit \d+ jobs; --max-jobs\)\n/);
  });
});

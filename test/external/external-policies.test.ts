import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const PY = join(ROOT, 'python', 'cnsim_agent', 'examples');
const FAULTY = join(ROOT, 'test', 'fixtures', 'agents', 'faulty_agent.py');
const TRACES = join(ROOT, 'test', 'fixtures', 'traces');

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const hasPython = python.status === 0;
if (!hasPython) console.warn('python3 not found: the external decision process tests are skipped (they need the machine\'s python3, standard library only)');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'cnsim-external-'));

/** Whether a process whose command line contains `marker` is still running 5 s from now (processes take a moment to go). */
function running(marker: string): boolean {
  for (let i = 0; i < 50; i++) {
    if (spawnSync('pgrep', ['-f', marker]).status !== 0) return false;
    spawnSync('sleep', ['0.1']);
  }
  return true;
}

describe.skipIf(!hasPython)('external decision processes (python3)', () => {
  it('national-2025 (1 day) with least-loaded in Python writes the same bytes as the built-in least-loaded', () => {
    const dir = tmp();
    const builtIn = cnsim('run', 'national-2025', '--dispatch', 'least-loaded', '--until', '1d', '--no-report', '--out', join(dir, 'builtin'), '--quiet');
    expect(builtIn.stderr).toBe('');
    const py = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${join(PY, 'least_loaded.py')}`, '--until', '1d', '--no-report', '--out', join(dir, 'python'), '--quiet');
    expect(py.stderr).toBe('');
    expect(py.code).toBe(0);
    const files = readdirSync(join(dir, 'builtin')).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(8);
    for (const file of files) expect(readFileSync(join(dir, 'python', file), 'utf8'), file).toBe(readFileSync(join(dir, 'builtin', file), 'utf8'));
  }, 300_000);

  // The hub is down from 1 h to 3 h and holds what arrives: at 3 h every held job is dispatched
  // in one instant (one message of about 400 jobs), so each later job of the message must see
  // the earlier ones counted as the built-in view counts them.
  for (const [policy, agent] of [
    ['least-loaded', join(PY, 'least_loaded.py')],
    ['earliest-completion', join(ROOT, 'test', 'fixtures', 'agents', 'earliest_completion.py')],
    // Asks for two job estimates among a few fields: they must be computed for it (needsEstimates).
    ['earliest-completion', join(ROOT, 'test', 'fixtures', 'agents', 'earliest_completion_fields.py')],
  ] as const) {
    it(`${policy} in Python (${agent.split('/').at(-1)}) decides the jobs of one instant as the built-in does (a held release of about 400 jobs)`, () => {
      const dir = tmp();
      const held = ['--set', 'dispatch.down=[{from: 1h, to: 3h}]', '--set', 'dispatch.fallback=hold', '--until', '6h', '--no-report', '--quiet'];
      const builtIn = cnsim('run', 'national-2025', '--dispatch', policy, ...held, '--out', join(dir, 'builtin'));
      expect(builtIn.code).toBe(0);
      const py = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${agent}`, ...held, '--out', join(dir, 'python'));
      expect(py.stderr).toBe('');
      expect(py.code).toBe(0);
      const jobs = readFileSync(join(dir, 'builtin', 'jobs.csv'), 'utf8');
      // The instant is there: hundreds of jobs dispatched at 3 h (column dispatched_s).
      const dispatchedCol = jobs.slice(0, jobs.indexOf('\n')).split(',').indexOf('dispatched_s');
      const released = jobs.split('\n').filter((line) => line.split(',')[dispatchedCol] === '10800').length;
      expect(released).toBeGreaterThan(100);
      for (const file of readdirSync(join(dir, 'builtin')).filter((f) => f.endsWith('.csv'))) {
        expect(readFileSync(join(dir, 'python', file), 'utf8'), file).toBe(readFileSync(join(dir, 'builtin', file), 'utf8'));
      }
    }, 300_000);
  }

  for (const [trace, first] of [
    ['CTC-SP2-1996-3.1-cln.swf.gz', '5000'],
    ['lublin_256.swf.gz', '5000'],
  ] as const) {
    it(`EASY in Python replays ${trace} (${first} jobs) to the same starts as --policy easy`, () => {
      const dir = tmp();
      const a = cnsim('replay', '--no-report', join(TRACES, trace), '--policy', 'easy', '--first', first, '--out', join(dir, 'a'), '--quiet');
      const b = cnsim('replay', '--no-report', join(TRACES, trace), '--policy', `external:python3 ${join(PY, 'easy.py')}`, '--first', first, '--out', join(dir, 'b'), '--quiet');
      expect(a.code).toBe(0);
      expect(b.stderr).toBe('');
      expect(b.code).toBe(0);
      expect(readFileSync(join(dir, 'b', 'jobs.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'jobs.csv'), 'utf8'));
    }, 300_000);
  }

  it('a centre\'s queue.policy: external:<command> runs the process as its local scheduler', () => {
    const dir = tmp();
    const set = ['--set', `centres[ZZ-NSCC].queue.policy=external:python3 ${join(PY, 'easy.py')}`];
    const a = cnsim('run', 'national-2025', '--until', '1d', '--no-report', '--out', join(dir, 'a'), '--quiet', '--set', 'centres[ZZ-NSCC].queue.policy=easy');
    const b = cnsim('run', 'national-2025', '--until', '1d', '--no-report', '--out', join(dir, 'b'), '--quiet', ...set);
    expect(a.code).toBe(0);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(readFileSync(join(dir, 'b', 'jobs.csv'), 'utf8')).toBe(readFileSync(join(dir, 'a', 'jobs.csv'), 'utf8'));
  }, 300_000);

  const faults: [string, string[], RegExp][] = [
    ['exit-at-hello', ['exited with code 3', 'hello', 'missing model weights'], /./],
    ['version', ['protocol version 99', 'cnsim speaks 1'], /./],
    ['garbage-at-hello', ['not JSON', 'Loading model'], /./],
    ['exit', ['exited with code 1', 'dispatch decision 3', 'ZeroDivisionError'], /./],
    ['garbage', ['dispatch decision 2', 'not JSON'], /./],
    ['bad-choice', ['dispatch decision 1', 'choice 999', 'is not a candidate'], /./],
    // A policy never sees a job's actual runtime: asking for it is refused at the hello.
    ['job-field', ['hello', 'unknown job fields ["runtimeS"]'], /./],
  ];
  for (const [fault, phrases] of faults) {
    it(`dispatch process fault '${fault}': exit 2 naming the decision point, no results folder, no process left`, () => {
      const dir = tmp();
      const marker = `faulty_agent.py ${fault}`;
      const r = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${FAULTY} ${fault}`, '--until', '1d', '--no-report', '--out', join(dir, 'out'));
      expect(r.code, r.stderr).toBe(2);
      for (const phrase of phrases) expect(r.stderr).toContain(phrase);
      expect(existsSync(join(dir, 'out'))).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
      expect(running(marker)).toBe(false);
    }, 120_000);
  }

  it('a process that exits while a child it started holds its stdout: exit 2 with its exit code at once; no child left after any run', () => {
    const dir = tmp();
    const started = Date.now();
    const r = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${FAULTY} child-exit`, '--set', 'dispatch.options.timeout=30', '--until', '1d', '--no-report', '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/decision process 'python3 .*faulty_agent\.py child-exit' exited with code 0 \(dispatch decision 3 at t=/);
    // Not the 30 s timeout, nor the child's 300 s.
    expect(Date.now() - started).toBeLessThan(25_000);
    expect(running('faulty-agent-child-child-exit')).toBe(false);
    const ok = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${FAULTY} child-ok`, '--until', '6h', '--no-report', '--quiet', '--out', join(dir, 'ok'));
    expect(ok.code, ok.stderr).toBe(0);
    expect(running('faulty-agent-child-child-ok')).toBe(false);
  }, 120_000);

  it('a process that takes longer than its timeout is stopped: exit 2, its stderr shown, no process left', () => {
    const dir = tmp();
    const r = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${FAULTY} sleep`, '--set', 'dispatch.options.timeout=1', '--until', '1d', '--no-report', '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/gave no reply within 1 s \(dispatch decision 2 at t=/);
    expect(r.stderr).toContain('thinking very hard');
    // The way to fix it is the protocol, not the JavaScript plug-ins' guide.
    expect(r.stderr).toContain('  fix the decision process: docs/external-protocol.md');
    expect(r.stderr).not.toContain('src/policies/README.md');
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(running(`faulty_agent.py sleep`)).toBe(false);
  }, 120_000);

  it('a reply written without its newline: stopped at the timeout, the message shows what it wrote', () => {
    const dir = tmp();
    const r = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${FAULTY} no-newline`, '--set', 'dispatch.options.timeout=1', '--until', '1d', '--no-report', '--out', join(dir, 'out'));
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/gave no reply within 1 s \(dispatch decision 2 at t=[^)]*\)[^;]*; it wrote \{"seq": 2, "choices": \[0\]\} without ending the line/);
    expect(running(`faulty_agent.py no-newline`)).toBe(false);
  }, 120_000);

  it('a process whose start takes longer than its timeout per decision still runs: the hello has a start-up limit of its own', () => {
    const dir = tmp();
    const r = cnsim('run', 'national-2025', '--dispatch', `external:python3 ${FAULTY} slow-start`, '--set', 'dispatch.options.timeout=1', '--until', '2h', '--no-report', '--quiet', '--out', join(dir, 'out'));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'out', 'summary.csv'))).toBe(true);
  }, 120_000);

  for (const [fault, phrase] of [
    ['not-waiting', /queue decision 1 at t=\d+(\.\d+)? s \(partition 0\).*job 123456789 is not waiting in partition 0's queue/],
    ['overfill', /queue decision \d+ .*needs \d+ nodes, only \d+ left free/],
  ] as const) {
    it(`queue process fault '${fault}': exit 2 naming the decision point`, () => {
      const dir = tmp();
      const r = cnsim('replay', '--no-report', join(TRACES, 'lublin_256.swf.gz'), '--policy', `external:python3 ${FAULTY} ${fault}`, '--first', '2000', '--out', join(dir, 'out'));
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(phrase);
      expect(readdirSync(dir)).toEqual([]);
    }, 120_000);
  }

  it('a command that does not exist: exit 2 with the shell\'s message', () => {
    const dir = tmp();
    const r = cnsim('run', 'national-2025', '--dispatch', 'external:no-such-agent-binary --flag', '--until', '1d', '--no-report', '--out', join(dir, 'out'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no-such-agent-binary/);
    expect(r.stderr).toMatch(/exited with code 127/);
  }, 60_000);
});

describe.skipIf(!hasPython)('cnsim_agent.gym_env.DispatchEnv', () => {
  it('driven by a least-loaded loop, an episode is the built-in least-loaded run, byte for byte', () => {
    const dir = tmp();
    const script = [
      'import sys',
      `sys.path.insert(0, ${JSON.stringify(join(ROOT, 'python'))})`,
      'from cnsim_agent.gym_env import DispatchEnv',
      `env = DispatchEnv("national-2025", args=["--until", "12h"], out=${JSON.stringify(join(dir, 'env'))})`,
      'obs, info = env.reset()',
      'steps, done = 0, False',
      'while not done:',
      '    c = obs["candidates"]',
      '    obs, reward, done, truncated, info = env.step(min(range(len(c)), key=lambda i: (c[i].load_with(), i)))',
      '    assert reward <= 0',
      '    steps += 1',
      'env.close()',
      'print(steps, info["exit_code"])',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script], { encoding: 'utf8', env: { ...process.env, CNSIM: `${process.execPath} ${CLI}` }, timeout: 300_000 });
    expect(r.stderr).toBe('');
    const [steps, code] = r.stdout.trim().split(' ').map(Number);
    expect(code).toBe(0);
    expect(steps).toBeGreaterThan(1000);
    const builtIn = cnsim('run', 'national-2025', '--dispatch', 'least-loaded', '--until', '12h', '--no-report', '--out', join(dir, 'builtin'), '--quiet');
    expect(builtIn.code).toBe(0);
    expect(readFileSync(join(dir, 'env', 'jobs.csv'), 'utf8')).toBe(readFileSync(join(dir, 'builtin', 'jobs.csv'), 'utf8'));
    // An invalid action is refused at once, in the agent's own process.
    const bad = spawnSync('python3', ['-c', script.replace('min(range(len(c)), key=lambda i: (c[i].load_with(), i))', 'len(c)')], { encoding: 'utf8', env: { ...process.env, CNSIM: `${process.execPath} ${CLI}` }, timeout: 120_000 });
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/ValueError: action \d+: expected an integer position in \[0, \d+\]/);
    expect(running('cnsim_agent.bridge')).toBe(false);
  }, 300_000);
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputError } from '../helpers.js';
import { InputError } from '../../src/model/input-error.js';
import { axisValues } from '../../src/parallel/axis-values.js';
import { scenarioFingerprint } from '../../src/parallel/scenario-fingerprint.js';
import { expandRuns, runId } from '../../src/parallel/expand-runs.js';
import { loadSweep } from '../../src/parallel/load-sweep.js';
import { inShard, parseShard } from '../../src/parallel/shard.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { TWO_SITES, tempDir, writeSweep } from './sweep-helpers.js';

const problemsOf = (fn: () => unknown): string[] => [...inputError(fn).problems];

describe('axis values', () => {
  it('reads an inclusive integer range a..b', () => {
    expect(axisValues('1..5')).toEqual({ ok: true, values: [1, 2, 3, 4, 5] });
    expect(axisValues('3..3')).toEqual({ ok: true, values: [3] });
    expect(axisValues('-2..007')).toMatchObject({ ok: true, values: [-2, -1, 0, 1, 2, 3, 4, 5, 6, 7] });
    expect(axisValues('9007199254740990..9007199254740991')).toEqual({ ok: true, values: [9007199254740990, 9007199254740991] });
  });

  it('refuses a range bound past 2^53 − 1, where counting up would never end (it crashed V8)', () => {
    expect(axisValues('9007199254740991..9007199254740992')).toMatchObject({ ok: false, message: expect.stringMatching(/the end 9007199254740992 is not an integer within ±9007199254740991/) });
    expect(axisValues('-99999999999999999999..1')).toMatchObject({ ok: false, message: expect.stringMatching(/the start -99999999999999999999/) });
  });

  it('rejects an empty list, a descending range and a string that is no range', () => {
    expect(axisValues([])).toMatchObject({ ok: false, message: expect.stringMatching(/empty axis/) });
    expect(axisValues('5..1')).toMatchObject({ ok: false, message: expect.stringMatching(/empty axis/) });
    expect(axisValues('fcfs')).toMatchObject({ ok: false, message: expect.stringMatching(/list of values or an inclusive integer range/) });
  });
});

describe('run expansion', () => {
  const axes = [
    { path: 'dispatch.policy', values: ['a', 'b'] },
    { path: 'seed', values: [1, 2, 3] },
  ];

  it('grid: every combination, the first axis outermost', () => {
    const runs = expandRuns(axes, 'grid');
    expect(runs.map((r) => [r.params['dispatch.policy'], r.params.seed])).toEqual([
      ['a', 1], ['a', 2], ['a', 3], ['b', 1], ['b', 2], ['b', 3],
    ]);
    expect(runs.map((r) => r.index)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('zip: the i-th values together', () => {
    const runs = expandRuns([{ path: 'x', values: [1, 2] }, { path: 'y', values: ['p', 'q'] }], 'zip');
    expect(runs.map((r) => r.params)).toEqual([{ x: 1, y: 'p' }, { x: 2, y: 'q' }]);
  });

  it('a run id depends on the parameters only, not on the axis order or the other runs', () => {
    const id = runId({ 'dispatch.policy': 'a', seed: 2 });
    expect(id).toMatch(/^a_2-[0-9a-f]{8}$/);
    expect(runId({ seed: 2, 'dispatch.policy': 'a' })).toMatch(new RegExp(`-${id.slice(-8)}$`));
    expect(expandRuns(axes, 'grid')[1]?.runId).toBe(id);
    expect(expandRuns([{ path: 'dispatch.policy', values: ['a'] }, { path: 'seed', values: [2, 9] }], 'grid')[0]?.runId).toBe(id);
    expect(runId({ 'dispatch.policy': 'a', seed: 3 })).not.toBe(id);
    // Values that would make a hidden folder or a flag-like name: the readable part starts plainly.
    for (const v of ['.', '..', '两个', '-x', '.hidden']) expect(runId({ 'dispatch.policy': v })).toMatch(/^(run|x|hidden)-[0-9a-f]{8}$/);
  });
});

describe('shards', () => {
  it('parses I/N and assigns every N-th run from run I', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect([0, 1, 2, 3, 4, 5, 6].filter((p) => inShard(p, { index: 1, count: 3 }))).toEqual([1, 4]);
  });

  it.each(['3/2', '2/2', '1/0', 'a/2', '1', '-1/2'])('rejects the shard spec %s', (spec) => {
    expect(() => parseShard(spec)).toThrow(InputError);
  });

  it('says a shard count of 0 is no count, instead of listing 0/1 as the valid shards', () => {
    expect(() => parseShard('0/0')).toThrow("--shard '0/0': the shard count must be at least 1 (e.g. 0/4: the first of 4 shards)");
  });
});

describe('loadSweep', () => {
  it('expands a sweep file, with its fixed values applied to every run', () => {
    const dir = tempDir();
    const plan = loadSweep(writeSweep(dir, { axes: { 'centres[wuxi].queue.policy': ['fcfs', 'easy'], seed: '1..3' } }));
    expect(plan.name).toBe('two-sites');
    expect(plan.scenarioFile).toBe(TWO_SITES);
    expect(plan.runs).toHaveLength(6);
    expect(plan.runs[4]?.overrides).toEqual([
      { path: 'horizon', value: '3h' },
      { path: 'centres[wuxi].queue.policy', value: 'easy' },
      { path: 'seed', value: 2 },
    ]);
    expect(new Set(plan.runs.map((r) => r.paramsSha256)).size).toBe(6);
  });

  it('reads a sweep: block inside a scenario; `cnsim run` ignores the block', () => {
    const dir = tempDir();
    const file = join(dir, 'inline.yaml');
    writeFileSync(file, `${readFileSync(TWO_SITES, 'utf8')}\nsweep:\n  name: inline\n  axes:\n    dispatch.infoPeriod: [0s, 5min]\n    seed: 1..2\n`.replace(/^horizon: .*$/m, 'horizon: 2h'));
    const plan = loadSweep(file);
    expect(plan.name).toBe('inline');
    expect(plan.runs.map((r) => r.params)).toEqual([
      { 'dispatch.infoPeriod': '0s', seed: 1 },
      { 'dispatch.infoPeriod': '0s', seed: 2 },
      { 'dispatch.infoPeriod': '5min', seed: 1 },
      { 'dispatch.infoPeriod': '5min', seed: 2 },
    ]);
    expect(loadScenario(file).name).toBe('two-sites');
  });

  it('the parameters hash changes with a fixed value, the run id does not', () => {
    const dir = tempDir();
    const a = loadSweep(writeSweep(dir, { axes: { seed: '1..2' } }, 'a.yaml'));
    const b = loadSweep(writeSweep(dir, { axes: { seed: '1..2' }, set: { 'dispatch.infoPeriod': '5min' } }, 'b.yaml'));
    expect(b.runs.map((r) => r.runId)).toEqual(a.runs.map((r) => r.runId));
    expect(b.runs[0]?.paramsSha256).not.toBe(a.runs[0]?.paramsSha256);
    expect(b.sweepId).not.toBe(a.sweepId);
  });

  it('says where a bad fixed value came from: sweep.set, --set, or either', () => {
    const dir = tempDir();
    const file = writeSweep(dir, { axes: { seed: '1..2' }, set: { horizon: 'soon' } });
    expect(problemsOf(() => loadSweep(file)).join('\n')).toMatch(/horizon \(from sweep\.set\): expected a duration/);
    const good = writeSweep(dir, { axes: { seed: '1..2' } }, 'good.yaml');
    expect(problemsOf(() => loadSweep(good, [{ path: 'dispatch.infoPeriod', value: 'often' }])).join('\n')).toMatch(/dispatch\.infoPeriod \(from sweep\.set or --set\): expected a duration/);
  });

  it('rejects an axis path that does not exist, naming the axis and the known ids', () => {
    const dir = tempDir();
    const problems = problemsOf(() => loadSweep(writeSweep(dir, { axes: { 'centres[ZZ].partitions[gpu].nodes': [512, 1024], seed: '1..2' } })));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^sweep\.axes\['centres\[ZZ\]\.partitions\[gpu\]\.nodes'\] \(line \d+, col \d+\): value 512: centres has no element 'ZZ' \(known: wuxi, guiyang\)/);
    const typo = problemsOf(() => loadSweep(writeSweep(dir, { axes: { 'dispatch.polcy': ['least-loaded'] } })));
    expect(typo[0]).toMatch(/sweep\.axes\['dispatch\.polcy'\].*unknown key 'polcy'/);
  });

  it('rejects axis values written differently that give the same scenario (1h, 60min, 3600 s made three equal runs)', () => {
    const dir = tempDir();
    const problems = problemsOf(() => loadSweep(writeSweep(dir, { axes: { 'dispatch.infoPeriod': ['1h', '60min', 3600, '2h'] } })));
    expect(problems).toEqual([
      expect.stringMatching(/^sweep\.axes\['dispatch\.infoPeriod'\] \(line \d+, col \d+\): values 1h and 60min give the same scenario \(the same run twice\): keep one$/),
      expect.stringMatching(/values 1h and 3600 give the same scenario/),
    ]);
    // Values that differ only in a trace's jobs (its time scale) are different runs.
    expect(scenarioFingerprint(loadScenario('trace-mix', [{ path: 'workload[ctc-at-SH].timeScale', value: 0.05 }]))).not.toBe(
      scenarioFingerprint(loadScenario('trace-mix', [{ path: 'workload[ctc-at-SH].timeScale', value: 0.06 }])),
    );
  });

  it('rejects an empty axis, a sweep without axes, a bad range and zip axes of different lengths', () => {
    const dir = tempDir();
    expect(problemsOf(() => loadSweep(writeSweep(dir, { axes: { seed: [] } })))[0]).toMatch(/sweep\.axes\['seed'\].*empty axis/);
    expect(problemsOf(() => loadSweep(writeSweep(dir, { axes: {} })))[0]).toMatch(/no axes/);
    expect(problemsOf(() => loadSweep(writeSweep(dir, { axes: { seed: '1-20' } })))[0]).toMatch(/inclusive integer range/);
    expect(problemsOf(() => loadSweep(writeSweep(dir, { mode: 'zip', axes: { seed: '1..3', 'dispatch.infoPeriod': [0, 60] } })))[0]).toMatch(
      /zip needs axes of equal length, got seed: 3, dispatch.infoPeriod: 2/,
    );
  });

  it('rejects an invalid axis value before any run, and lists every problem at once', () => {
    const dir = tempDir();
    const problems = problemsOf(() => loadSweep(writeSweep(dir, { axes: { 'centres[wuxi].partitions[cpu].nodes': [64, -1], 'centres[wuxi].queue.policy': ['fcfs', 'fifo'] } })));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/value -1: centres\[0\]\.partitions\[0\]\.nodes \(from sweep axis\)/);
    expect(problems[1]).toMatch(/value fifo: .*unknown queue policy 'fifo'/);
  });

  it.each([
    ['queue-policies.yaml', 40],
    ['dispatch-policies.yaml', 40],
  ])('loads the example examples/sweeps/%s (%i runs)', (name, runs) => {
    expect(loadSweep(join(import.meta.dirname, '..', '..', 'examples', 'sweeps', name)).runs).toHaveLength(runs);
  });

  it('a sweep file given where a scenario goes (run, validate, describe) is named as a sweep file, not as a scenario missing its centres', () => {
    const file = join(import.meta.dirname, '..', '..', 'examples', 'sweeps', 'queue-policies.yaml');
    expect(problemsOf(() => loadScenario(file))).toEqual([`a sweep file (its sweep: block names the scenario and the axes): run it with \`cnsim sweep ${file}\`; run, validate and describe take a scenario`]);
  });

  it('rejects a scenario without a sweep block', () => {
    expect(problemsOf(() => loadSweep(TWO_SITES))[0]).toMatch(/no `sweep:` block/);
  });

  it('takes a fixed setting that holds only with an axis (the timeout of the external policy the axis chooses), and still refuses one that holds with none', () => {
    const dir = tempDir();
    const agent = join(import.meta.dirname, '..', '..', 'python', 'cnsim_agent', 'examples', 'least_loaded.py');
    const ok = loadSweep(writeSweep(dir, { axes: { 'dispatch.policy': [`external:python3 ${agent}`], seed: '1..2' }, set: { 'dispatch.options.timeout': 5 } }, 'ok.yaml'));
    expect(ok.runs).toHaveLength(2);
    const bad = writeSweep(dir, { axes: { 'dispatch.policy': ['least-loaded', `external:python3 ${agent}`] }, set: { 'dispatch.options.timeout': 5 } }, 'bad.yaml');
    expect(problemsOf(() => loadSweep(bad)).join('\n')).toMatch(/dispatch\.options.*unknown key 'timeout'/);
  });

  it("says what a sweep block should be in the scenario's words, not zod's, and checks that each run can end", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-sweep-'));
    const number = join(dir, 'n.yaml');
    writeFileSync(number, `${readFileSync(TWO_SITES, 'utf8')}\nsweep: 5\n`);
    const [problem] = problemsOf(() => loadSweep(number));
    expect(problem).toMatch(/^sweep \(line \d+, col \d+\): expected .*, got 5$/);
    expect(problem).not.toMatch(/Invalid input/);
    const endless = join(dir, 'e.yaml');
    writeFileSync(endless, `${readFileSync(TWO_SITES, 'utf8')}\nsweep:\n  axes:\n    dispatch.infoPeriod: [60s, 1e-9]\n`);
    expect(problemsOf(() => loadSweep(endless))).toEqual([expect.stringMatching(/^sweep\.axes\['dispatch\.infoPeriod'\] \(line \d+, col \d+\): value 1e-9: dispatch\.infoPeriod: 1e-9 s over a run of at least 86400 s makes at least [\d,]+ refreshes/)]);
  });
});

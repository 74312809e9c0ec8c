import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inputError } from '../helpers.js';
import { readBatsim } from '../../src/workload/batsim-json.js';
import { topLevelArrayElementLines } from '../../src/workload/json-element-lines.js';
import { jsonErrorOffset } from '../../src/workload/json-error-position.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/batsim/', import.meta.url));

/** A workload text with one job per line: line 3 is jobs[0]. */
function workload(jobs: readonly unknown[], profiles: Record<string, unknown>, nbRes: unknown = 8): string {
  return `{\n  "nb_res": ${JSON.stringify(nbRes)},\n  "jobs": [\n${jobs.map((j) => `    ${JSON.stringify(j)}`).join(',\n')}\n  ],\n  "profiles": ${JSON.stringify(profiles)}\n}\n`;
}


const DELAYS = { d10: { type: 'delay', delay: 10 }, d5: { type: 'DelayProfile', delay: 5 } };

describe('readBatsim', () => {
  it("reads Batsim's own test_delays.json: 10 jobs of 1 resource, 10 s each, walltime 100 s, nb_res 2, nothing to warn", () => {
    const w = readBatsim(`${FIXTURES}test_delays.json`);
    expect(w.nbRes).toBe(2);
    expect(w.jobs.length).toBe(10);
    expect(w.warnings).toEqual([]);
    expect(w.jobs[3]).toEqual({ id: '3', line: 7, submitS: 9, procs: 1, runtimeS: 10, walltimeS: 100 });
  });

  it("reads Batsim's test_various_profile_types.json: the delay job runs its delay; every other profile type is run for its walltime and listed", () => {
    const w = readBatsim(`${FIXTURES}test_various_profile_types.json`);
    expect(w.nbRes).toBe(4);
    expect(w.jobs.map((j) => j.id)).toEqual(['delay', 'simple', 'homo', '2_resources', '4_resources', 'homo_no_cpu', 'homo_no_com', 'reach_walltime', 'seq']);
    expect(w.jobs[0]).toMatchObject({ runtimeS: 20.2, walltimeS: 30, procs: 1, line: 4 });
    expect(w.jobs.find((j) => j.id === 'reach_walltime')).toMatchObject({ runtimeS: 1, walltimeS: 1, procs: 4 });
    expect(w.counts).toEqual({ skipped: 0, changed: 8, clamped: 0, dropped: 0 });
    const types = w.warnings.map((x) => /of type (\S+)/.exec(x.reason)?.[1]);
    expect(new Set(types)).toEqual(new Set(['parallel', 'parallel_homogeneous', 'composed', 'parallel_homogeneous_total']));
    expect(w.warnings.find((x) => x.jobId === 'seq')).toMatchObject({ line: 10, action: 'changed', field: 'profile' });
    expect(w.warnings.find((x) => x.jobId === 'seq')?.reason).toMatch(/its part 'simple' is parallel.*runtime := walltime 100 s/);
  });

  it('runs a composed profile of delays for their sum × repeat, under either name (composed, SequentialCompositionProfile with profiles)', () => {
    const text = workload(
      [
        { id: 1, subtime: 0, res: 1, walltime: 1000, profile: 'seq' },
        { id: 2, subtime: 0, res: 1, walltime: 1000, profile: 'seq2' },
        { id: 3, subtime: 0, res: 1, walltime: 1000, profile: 'once' },
      ],
      {
        ...DELAYS,
        seq: { type: 'composed', repeat: 3, seq: ['d10', 'd5'] },
        seq2: { type: 'SequentialCompositionProfile', repeat: 2, profiles: ['seq', 'd5'] },
        once: { type: 'composed', seq: ['d10'] },
      },
    );
    const w = readBatsim('w.json', text);
    expect(w.jobs.map((j) => j.runtimeS)).toEqual([45, 100, 10]);
    expect(w.warnings).toEqual([]);
  });

  it('kills at the walltime a delay longer than it (runtime kept, walltime kept: the simulation stops the job at its walltime)', () => {
    const w = readBatsim('w.json', workload([{ id: 'a', subtime: 0, res: 2, walltime: 4, profile: 'd10' }], DELAYS));
    expect(w.jobs[0]).toMatchObject({ runtimeS: 10, walltimeS: 4 });
    expect(w.warnings).toEqual([]);
  });

  it('without a walltime (absent, null or -1) the walltime is the runtime, listed as changed', () => {
    const w = readBatsim(
      'w.json',
      workload(
        [
          { id: 1, subtime: 0, res: 1, profile: 'd10' },
          { id: 2, subtime: 0, res: 1, walltime: null, profile: 'd10' },
          { id: 3, subtime: 0, res: 1, walltime: -1, profile: 'd5' },
        ],
        DELAYS,
      ),
    );
    expect(w.jobs.map((j) => j.walltimeS)).toEqual([10, 10, 5]);
    expect(w.warnings.map((x) => [x.line, x.jobId, x.action, x.field])).toEqual([
      [4, '1', 'changed', 'walltime'],
      [5, '2', 'changed', 'walltime'],
      [6, '3', 'changed', 'walltime'],
    ]);
  });

  it('skips, with the line and reason, an unmodelled profile without walltime, bad fields, unknown and broken profiles; keeps the rest', () => {
    const text = workload(
      [
        { id: 'ok', subtime: 5, res: 1, walltime: 50, profile: 'd10' },
        { id: 'par', subtime: 0, res: 2, profile: 'par' },
        { id: 'neg', subtime: -1, res: 1, profile: 'd10' },
        { id: 'frac', subtime: 0, res: 1.5, profile: 'd10' },
        { id: 'nores', subtime: 0, profile: 'd10' },
        { id: 'unk', subtime: 0, res: 1, profile: 'nope' },
        { id: 'cyc', subtime: 0, res: 1, profile: 'cycle' },
        { id: 'zero', subtime: 0, res: 1, profile: 'zero' },
        { subtime: 0, res: 1, profile: 'd10' },
        { id: 'ok', subtime: 0, res: 1, profile: 'd10' },
        { id: 'wt', subtime: 0, res: 1, walltime: 'long', profile: 'd10' },
        { id: 'notype', subtime: 0, res: 1, profile: 'notype' },
        'not a job',
      ],
      { ...DELAYS, par: { type: 'parallel_homogeneous', cpu: 1e9, com: 0 }, cycle: { type: 'composed', seq: ['cycle'] }, zero: { type: 'delay', delay: 0 }, notype: { delay: 3 } },
    );
    const w = readBatsim('w.json', text);
    expect(w.jobs.map((j) => j.id)).toEqual(['ok']);
    expect(w.warnings.map((x) => [x.line, x.jobId, x.action, x.field])).toEqual([
      [5, 'par', 'skipped', 'profile'],
      [6, 'neg', 'skipped', 'subtime'],
      [7, 'frac', 'skipped', 'res'],
      [8, 'nores', 'skipped', 'res'],
      [9, 'unk', 'skipped', 'profile'],
      [10, 'cyc', 'skipped', 'profile'],
      [11, 'zero', 'skipped', 'profile'],
      [12, 'jobs[8]', 'skipped', 'id'],
      [13, 'ok', 'skipped', 'id'],
      [14, 'wt', 'skipped', 'walltime'],
      [15, 'notype', 'skipped', 'profile'],
      [16, 'jobs[12]', 'skipped', 'job'],
    ]);
    const reason = (id: string) => w.warnings.find((x) => x.jobId === id)?.reason;
    expect(reason('par')).toMatch(/type parallel_homogeneous cannot be modelled .* no walltime/);
    expect(reason('unk')).toMatch(/unknown profile 'nope' \(known: cycle, d10, d5, notype, par, zero\)/);
    expect(reason('cyc')).toMatch(/cycle cycle → cycle/);
    expect(reason('zero')).toMatch(/delay 0 s ≤ 0/);
  });

  it('follows sequences 20,000 deep and 60 levels of shared parts (2^60 expansions), each profile resolved once', () => {
    // A chain deeper than the call stack: p0 = d10, p(k) = [p(k-1), d5].
    const chain: Record<string, unknown> = { ...DELAYS, p0: { type: 'composed', seq: ['d10'] } };
    for (let k = 1; k <= 20_000; k++) chain[`p${k}`] = { type: 'composed', seq: [`p${k - 1}`, 'd5'] };
    const deep = readBatsim('deep.json', workload([{ id: 'a', subtime: 0, res: 1, profile: 'p20000' }], chain));
    expect(deep.jobs[0]?.runtimeS).toBe(10 + 5 * 20_000);
    // Each level names the one below twice: expanded each time, this would never end.
    const shared: Record<string, unknown> = { s0: { type: 'delay', delay: 1 } };
    for (let k = 1; k <= 60; k++) shared[`s${k}`] = { type: 'composed', seq: [`s${k - 1}`, `s${k - 1}`] };
    const wide = readBatsim('wide.json', workload([{ id: 'b', subtime: 0, res: 1, profile: 's40' }, { id: 'c', subtime: 0, res: 1, profile: 's3' }], shared));
    expect(wide.jobs.map((j) => [j.id, j.runtimeS])).toEqual([
      ['b', 2 ** 40],
      ['c', 8],
    ]);
    // 2^60 s of delays is beyond 2^53 s, as is twice 1e308.
    const huge = readBatsim(
      'huge.json',
      workload(
        [
          { id: 'ok', subtime: 0, res: 1, profile: 's50' },
          { id: 'long', subtime: 0, res: 1, profile: 's60' },
          { id: 'inf', subtime: 0, res: 1, profile: 'twice' },
        ],
        { ...shared, big: { type: 'delay', delay: 1e308 }, twice: { type: 'composed', seq: ['s0'], repeat: 1e300 } },
      ),
    );
    expect(huge.jobs.map((j) => [j.id, j.runtimeS])).toEqual([['ok', 2 ** 50]]);
    expect(huge.warnings.find((x) => x.jobId === 'long')?.reason).toMatch(/the delays add up to 9007199254740992 s \(1 × 9007199254740992\), beyond 2\^53 s/);
    expect(huge.warnings.find((x) => x.jobId === 'inf')?.reason).toMatch(/the delays add up to 1e\+300 s \(1e\+300 × 1\), beyond 2\^53 s/);
  });

  it('names an unmodelled part deep in a chain by its own type: a message of one clause, not one per level', () => {
    const profiles: Record<string, unknown> = { p0: { type: 'parallel', cpu: [1], com: [0] } };
    for (let k = 1; k <= 12_000; k++) profiles[`p${k}`] = { type: 'composed', seq: [`p${k - 1}`, `p${k - 1}`] };
    const jobs = Array.from({ length: 200 }, (_, i) => ({ id: `j${i}`, subtime: i, res: 1, walltime: 100, profile: `p${12_000 - i}` }));
    const w = readBatsim('deep.json', workload(jobs, profiles));
    expect(w.jobs).toHaveLength(200);
    expect(w.warnings[0]?.reason).toBe("profile 'p12000' of type composed (its part 'p11999' is parallel) cannot be modelled (cnsim has no platform model): runtime := walltime 100 s");
    expect(Math.max(...w.warnings.map((x) => x.reason.length))).toBeLessThan(200);
  });

  it('names the profiles of a longer cycle, and an invalid part deep in a chain fails the job that reaches it', () => {
    const profiles = { ...DELAYS, a: { type: 'composed', seq: ['d5', 'b'] }, b: { type: 'composed', seq: ['c'] }, c: { type: 'composed', seq: ['a'] }, top: { type: 'composed', seq: ['d10', 'bad'] }, bad: { type: 'composed', seq: ['d10', 'gone'] } };
    const w = readBatsim('w.json', workload([{ id: 'x', subtime: 0, res: 1, profile: 'a' }, { id: 'y', subtime: 0, res: 1, profile: 'top' }, { id: 'z', subtime: 0, res: 1, walltime: 9, profile: 'd5' }], profiles));
    expect(w.jobs.map((j) => j.id)).toEqual(['z']);
    expect(w.warnings.map((x) => [x.jobId, x.reason])).toEqual([
      ['x', "profile 'a': sequence cycle a → b → c → a"],
      ['y', "profile 'top': unknown profile 'gone' in a sequence"],
    ]);
  });

  it('orders jobs by (subtime, position in the file)', () => {
    const w = readBatsim('w.json', workload([3, 1, 2, 1].map((t, i) => ({ id: `j${i}`, subtime: t, res: 1, walltime: 9, profile: 'd5' })), DELAYS));
    expect(w.jobs.map((j) => j.id)).toEqual(['j1', 'j3', 'j2', 'j0']);
  });

  it('names the file and the line of invalid JSON', () => {
    const e = inputError(() => readBatsim('bad.json', '{\n  "nb_res": 4,\n  "jobs": [ { "id": 1, }\n]}'));
    expect(e.message).toMatch(/^bad\.json: line 3, column \d+: not valid JSON/);
  });

  it.each([
    ['jobs not a list', '{"nb_res": 2, "jobs": {}, "profiles": {}}', /'jobs': expected a list of jobs/],
    ['no profiles', '{"nb_res": 2, "jobs": []}', /'profiles': expected an object of named profiles, got nothing/],
    ['nb_res not a positive integer', '{"nb_res": 0, "jobs": [], "profiles": {}}', /'nb_res': expected a positive integer/],
    ['not an object', '[1, 2]', /expected a JSON object/],
    ['no jobs', '{"nb_res": 2, "jobs": [], "profiles": {}}', /'jobs' is empty: nothing to run/],
    ['an unreadable file', null, /cannot read/],
  ])('gives an InputError for %s', (_what, text, message) => {
    const e = inputError(() => (text === null ? readBatsim('/nonexistent/w.json') : readBatsim('w.json', text)));
    expect(e.message).toMatch(message);
  });

  it('gives an InputError naming the line of every job when no job can run', () => {
    const e = inputError(() => readBatsim('w.json', workload([{ id: 7, subtime: 0, res: 1, profile: 'par' }], { par: { type: 'smpi', trace: 'x' } })));
    expect(e.problems).toEqual(['no job can run:', "line 4 (job 7): profile: profile 'par' of type smpi cannot be modelled (cnsim has no platform model) and the job has no walltime to run instead"]);
  });
});

describe('topLevelArrayElementLines', () => {
  it('finds the line of each element of the named top-level array, ignoring brackets in strings and nested arrays of the same name', () => {
    const text = '{"profiles": {"jobs": [1, 2]}, "x": "[\\"{", "jobs": [\n{"a": [1,\n2]},\n\n  "s]",\n3\n]}';
    expect(topLevelArrayElementLines(text, 'jobs')).toEqual([2, 5, 6]);
    expect(topLevelArrayElementLines('{"jobs": []}', 'jobs')).toEqual([]);
    expect(topLevelArrayElementLines('{"other": [1]}', 'jobs')).toBeNull();
  });
});

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": [1, 2]}', -1],
    ['{"a": [,]}', 7],
    ['{"a": 1,}', 8],
    ['{"a": tru}', 9],
    ['{"a": "x\\q"}', 9],
    ['{"a": 01}', 7],
    ['[1] x', 4],
    ['{"a": 1', 7],
    ['  -1.5e3 ', -1],
  ])('finds where %j stops being JSON: offset %d', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

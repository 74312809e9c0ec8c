import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputError } from '../helpers.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runScenario } from '../../src/runner/run-scenario.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCENARIOS = join(ROOT, 'scenarios');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'cnsim-compose-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const problemsOf = (f: () => unknown): string => inputError(f).message;

const base = `version: 1
name: base
horizon: 1d
sites: [{ id: A, lat: 30, lon: 120 }]
centres:
  - { id: C, site: A, partitions: [{ id: p, nodes: 64, coresPerNode: 8 }] }
  - { id: D, site: A, partitions: [{ id: p, nodes: 64, coresPerNode: 8 }] }
workload:
  - { kind: poisson, origin: A, rate: 10/h, classes: [{ name: hpc, cores: [1, 8], runtime: { median: 10min, max: 1h } }] }
`;

describe('extends and overrides', () => {
  it('deep-merges the child over the parent, then applies its overrides by id', () => {
    const d = dir({
      'base.yaml': base,
      'child.yaml': `version: 1\nextends: base.yaml\nname: child\ndispatch: { infoPeriod: 0s }\noverrides:\n  centres[D].partitions[p].nodes: 128\n  centres[C].down: [{ from: 1h, to: 2h }]\n`,
    });
    const s = loadScenario(join(d, 'child.yaml'));
    expect(s.name).toBe('child');
    expect(s.horizonS).toBe(86400);
    expect(s.dispatch.infoPeriodS).toBe(0);
    expect(s.dispatch.policy).toBe('least-loaded');
    expect(s.centres[1]?.partitions[0]?.nodes).toBe(128);
    expect(s.centres[0]?.downS).toEqual([{ fromS: 3600, toS: 7200 }]);
  });

  it('names an empty parent, or one that is a list, instead of blaming the child for what it lacks', () => {
    const d = dir({ 'empty.yaml': '# nothing yet\n', 'list.yaml': '- a\n- b\n', 'a.yaml': 'version: 1\nextends: empty.yaml\nname: a\n', 'b.yaml': 'version: 1\nextends: list.yaml\nname: b\n' });
    expect(problemsOf(() => loadScenario(join(d, 'a.yaml')))).toMatch(new RegExp(`extends \\(line 2, col 10\\): '${join(d, 'empty.yaml')}' holds no scenario \\(it is empty\\)`));
    expect(problemsOf(() => loadScenario(join(d, 'b.yaml')))).toMatch(/holds no scenario \(a list, not a mapping of keys\)/);
  });

  it('reports an extends cycle with the chain of files, exit 2', () => {
    const d = dir({ 'a.yaml': 'version: 1\nextends: b.yaml\nname: a\n', 'b.yaml': 'version: 1\nextends: a.yaml\nname: b\n' });
    expect(problemsOf(() => loadScenario(join(d, 'a.yaml')))).toMatch(/extends: cycle a\.yaml → b\.yaml → a\.yaml/);
    const r = spawnSync(process.execPath, [CLI, 'validate', join(d, 'a.yaml')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a\.yaml: extends: cycle/);
    expect(r.stderr).toContain(`cnsim: ${join(d, 'a.yaml')}: extends: cycle a.yaml → b.yaml → a.yaml`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports an override path that does not exist, naming the file, the entry and its line, exit 2', () => {
    const d = dir({ 'base.yaml': base, 'child.yaml': 'version: 1\nextends: base.yaml\nname: child\noverrides:\n  centres[Z].partitions[p].nodes: 4\n' });
    const message = problemsOf(() => loadScenario(join(d, 'child.yaml')));
    expect(message).toContain(join(d, 'child.yaml'));
    expect(message).toMatch(/overrides 'centres\[Z\]\.partitions\[p\]\.nodes' \(line 5, col \d+\): centres has no element 'Z' \(known: C, D\)/);
    const r = spawnSync(process.execPath, [CLI, 'run', join(d, 'child.yaml')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^cnsim: .*child\.yaml: overrides 'centres\[Z\]\.partitions\[p\]\.nodes' \(line 5, col \d+\): centres has no element 'Z' \(known: C, D\)\n$/);
    expect(r.stderr).toContain(join(d, 'child.yaml'));
  });

  it('locates a bad value in the parent file it came from, and a bad override value at its override', () => {
    const d = dir({
      'base.yaml': base.replace('nodes: 64, coresPerNode: 8 }] }\n  - { id: D', 'nodes: -1, coresPerNode: 8 }] }\n  - { id: D'),
      'child.yaml': 'version: 1\nextends: base.yaml\nname: child\noverrides:\n  dispatch.latency: soon\n',
    });
    const message = problemsOf(() => loadScenario(join(d, 'child.yaml')));
    expect(message).toMatch(/centres\[0\]\.partitions\[0\]\.nodes \(base\.yaml line 6, col \d+\)/);
    expect(message).toMatch(/dispatch\.latency \(overrides 'dispatch\.latency' line 5, col \d+\)/);
  });

  it('reports a daily profile that does not sum to a positive rate, with path and line, exit 2', () => {
    const zeros = `[${new Array(24).fill(0).join(', ')}]`;
    const d = dir({ 'p.yaml': base.replace('rate: 10/h,', `rate: 10/h, daily: ${zeros},`) });
    const message = problemsOf(() => loadScenario(join(d, 'p.yaml')));
    expect(message).toMatch(/workload\[0\]\.daily \(line 9, col \d+\): the weights sum to 0: a profile needs a positive total/);
    const r = spawnSync(process.execPath, [CLI, 'validate', join(d, 'p.yaml')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('p.yaml');
    expect(r.stderr).toContain(`cnsim: ${join(d, 'p.yaml')}: workload[0].daily (line 9, col `);
    expect(r.stderr).toMatch(/workload\[0\]\.daily \(line 9, col \d+\): the weights sum to 0: a profile needs a positive total/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a down centre takes no jobs: the hub holds them until it is back; a decommissioned one is gone for good', () => {
    const d = dir({
      'base.yaml': base,
      'child.yaml': 'version: 1\nextends: base.yaml\nname: child\noverrides:\n  centres[C].activeUntil: 0s\n  centres[D].down: [{ from: 6h, to: 12h }]\n',
      'gone.yaml': 'version: 1\nextends: base.yaml\nname: gone\noverrides:\n  centres[C].activeUntil: 0s\n  centres[D].activeUntil: 6h\n',
    });
    const s = loadScenario(join(d, 'child.yaml'));
    const { result } = runScenario(s);
    const centreOf = (c: number): string => s.centres[c]?.id ?? '';
    expect(result.jobs.every((j) => centreOf(j.centre) === 'D')).toBe(true);
    expect(result.jobs.filter((j) => j.rejectReason !== '')).toEqual([]);
    const during = result.jobs.filter((j) => j.spec.submitS >= 6 * 3600 && j.spec.submitS < 12 * 3600);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((j) => j.dispatchedS === 12 * 3600)).toBe(true);

    const gone = runScenario(loadScenario(join(d, 'gone.yaml'))).result;
    const rejected = gone.jobs.filter((j) => j.rejectReason !== '');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.every((j) => j.spec.submitS >= 6 * 3600)).toBe(true);
    expect(rejected[0]?.rejectReason).toMatch(/^no active centre can run it/);
  });
});

describe('the scenario library', () => {
  // Not the fuzz's hidden copies (test/fuzz/fuzz-harness.ts), written beside the library while it runs in the other worker.
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.yaml') && !f.startsWith('.'));

  it('has the baseline, the EDWC scenario, every what-if and the replays', () => {
    for (const name of ['national-2025', 'east-data-west-computing', 'hub-outage', 'links-400g', 'ai-demand-x2', 'new-centre', 'inference-latency', 'time-of-use']) {
      expect(files).toContain(`${name}.yaml`);
    }
    expect(files.filter((f) => f.startsWith('replay-')).length).toBe(7);
  });

  it.each(files)('%s validates, runs short (4 h horizon, or a trace\'s first 500 jobs), and is documented in scenarios/README.md', (file) => {
    const short = file.startsWith('replay-') ? { path: 'workload[0].first', value: 500 } : { path: 'horizon', value: '4h' };
    const s = loadScenario(join(SCENARIOS, file), [short]);
    const jobs = buildJobs(s, s.seed);
    expect(jobs.length).toBeGreaterThan(0);
    const { reports } = runScenario(s, { untilS: 30 * 86400 });
    expect(reports.summary.jobs).toBe(jobs.length);
    expect(readFileSync(join(SCENARIOS, 'README.md'), 'utf8')).toContain(`\`${file.replace('.yaml', '')}\``);
    const text = readFileSync(join(SCENARIOS, file), 'utf8');
    if (/^extends:/m.test(text)) expect(text.split('\n').length).toBeLessThanOrEqual(50);
  });
});

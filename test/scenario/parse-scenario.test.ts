import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputError } from '../helpers.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

function writeTemp(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-scenario-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const problemsOf = (file: string): string[] => [...inputError(() => loadScenario(file)).problems];

const good = `version: 1
name: small
horizon: 1d
sites:
  - { id: SH, lat: 31.23, lon: 121.47 }
centres:
  - id: WX
    lat: 31.49
    lon: 120.31
    partitions:
      - { id: cpu, nodes: 16, coresPerNode: 64, memoryPerNode: 256GB }
links:
  - { between: [SH, WX], bandwidth: 100Gbps }
workload:
  - kind: poisson
    origin: SH
    rate: 10/h
    classes:
      - { name: hpc, cores: [1, 64], runtime: { median: 1h, max: 1d } }
`;

describe('loadScenario', () => {
  it('converts units, fills defaults and derives latency from distance', () => {
    const s = loadScenario(writeTemp('ok.yaml', good));
    expect(s.horizonS).toBe(86400);
    expect(s.centres[0]?.partitions[0]?.memoryPerNodeBytes).toBe(256e9);
    expect(s.centres[0]?.queue.policy).toBe('fcfs');
    expect(s.dispatch).toMatchObject({ policy: 'least-loaded', infoPeriodS: 60, infoDelayS: 0, latencyS: 0 });
    // Shanghai–Wuxi ≈ 113 km great circle × 1.4 × 5 µs/km ≈ 0.79 ms.
    expect(s.links[0]?.latencyS).toBeGreaterThan(0.0007);
    expect(s.links[0]?.latencyS).toBeLessThan(0.0009);
    expect(Object.isFrozen(s.centres[0])).toBe(true);
  });

  it('reports every schema error at once, each with its path and YAML line and column', () => {
    const bad = good
      .replace('nodes: 16', 'nodes: -4')
      .replace('rate: 10/h', 'rate: often')
      .replace("name: small", 'name: small\nsead: 3');
    const problems = problemsOf(writeTemp('bad.yaml', bad));
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/centres\[0\]\.partitions\[0\]\.nodes \(line 12, col \d+\): expected a number > 0, got -4$/m);
    expect(problems.join('\n')).toMatch(/workload\[0\]\.rate \(line \d+, col \d+\): expected a rate like "120\/h"/);
    expect(problems.join('\n')).toMatch(/unknown key 'sead'/);
  });

  it('names unknown sites with the known ids listed (cross-reference errors)', () => {
    const problems = problemsOf(writeTemp('x.yaml', good.replace('between: [SH, WX]', 'between: [SH, GZZ]')));
    expect(problems).toEqual([expect.stringMatching(/^links\[0\]\.between\[1\] \(line \d+, col \d+\): unknown site 'GZZ' \(known: SH, WX\)$/)]);
  });

  it('rejects an unknown policy and lists the known ones', () => {
    const problems = problemsOf(writeTemp('p.yaml', `${good}dispatch: { policy: fastest }\n`));
    expect(problems[0]).toMatch(/^dispatch\.policy .*unknown dispatch policy 'fastest' \(known: .*least-loaded/);
  });

  it('reports YAML syntax errors with line and column', () => {
    const problems = problemsOf(writeTemp('s.yaml', 'version: 1\nname: [oops\n'));
    expect(problems[0]).toMatch(/^line \d+, col \d+: /);
  });

  it('reads the same scenario from JSON', () => {
    const s = loadScenario(
      writeTemp(
        'ok.json',
        JSON.stringify({ version: 1, name: 'j', centres: [{ id: 'C', lat: 0, lon: 0, partitions: [{ id: 'p', nodes: 1 }] }] }),
      ),
    );
    expect(s.centres[0]?.siteId).toBe('C');
  });

  it('switches between a built-in policy and a plug-in by --set or by a child scenario (the other is dropped)', () => {
    const plugin = join(import.meta.dirname, '..', '..', 'examples', 'dispatch-plugin.mjs');
    const base = join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml');
    expect(loadScenario(base, [{ path: 'dispatch.module', value: plugin }]).dispatch).toMatchObject({ policy: '', module: plugin });
    const child = writeTemp('child.yaml', `extends: ${base}\ndispatch: { module: ${plugin} }\n`);
    expect(loadScenario(child).dispatch).toMatchObject({ policy: '', module: plugin });
    expect(loadScenario(child, [{ path: 'dispatch.policy', value: 'random' }]).dispatch).toMatchObject({ policy: 'random', module: '' });
    // One file that writes both is still told to choose.
    const both = writeTemp('both.yaml', `extends: ${base}\ndispatch: { module: ${plugin}, policy: random }\n`);
    expect(inputError(() => loadScenario(both)).message).toMatch(/give either a built-in 'policy' or a plug-in 'module', not both/);
  });

  it('refuses a key repeated in a JSON scenario (JSON.parse kept the last silently) and locates its errors by line', () => {
    const twice = writeTemp('twice.json', '{\n  "version": 1,\n  "name": "j",\n  "name": "k",\n  "centres": []\n}\n');
    expect(inputError(() => loadScenario(twice)).message).toMatch(/twice\.json: line 4, col 3: Map keys must be unique/);
    const bad = writeTemp('nodes.json', '{\n\t"version": 1,\n\t"name": "j",\n\t"centres": [{ "id": "C", "lat": 0, "lon": 0, "partitions": [{ "id": "p", "nodes": -1 }] }]\n}\n');
    expect(inputError(() => loadScenario(bad)).message).toMatch(/centres\[0\]\.partitions\[0\]\.nodes \(line 4, col \d+\): /);
  });

  it('names the line and column of a JSON scenario that is not JSON', () => {
    const file = writeTemp('bad.json', '{\n  "version": 1,\n  "name": "j",\n  "centres": [,]\n}\n');
    expect(inputError(() => loadScenario(file)).message).toMatch(/bad\.json: line 4, column 15: not valid JSON: /);
  });

  it('loads a jobs file relative to the scenario and names bad lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-jobs-'));
    writeFileSync(join(dir, 'jobs.csv'), 'id,submit_s,origin,class,cores,runtime_s\na,0,SH,hpc,4,60\nb,-1,SH,hpc,0,60\n');
    writeFileSync(join(dir, 's.yaml'), `${good}  - { kind: jobs, file: jobs.csv }\n`);
    const problems = problemsOf(join(dir, 's.yaml'));
    expect(problems).toEqual([
      expect.stringMatching(/^workload\[1\]\.file \(line 20, col \d+\): .*jobs\.csv: line 3, column submit_s: expected a submit time/),
      expect.stringMatching(/jobs\.csv: line 3, column cores: expected an integer ≥ 1, got '0'$/),
    ]);
    writeFileSync(join(dir, 'jobs.csv'), 'id,submit_s,origin,class,cores,runtime_s\na,0,SH,hpc,4,60\n');
    const s = loadScenario(join(dir, 's.yaml'));
    expect(s.workload[1]).toMatchObject({ kind: 'jobs', jobs: [{ id: 'a', walltimeS: 60, dataSite: 'SH' }] });
  });

  it('names the first job of each unknown site in a jobs file, and its column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-jobs-'));
    writeFileSync(join(dir, 'jobs.csv'), 'id,submit_s,origin,class,cores,runtime_s,data_site\na,0,SH,hpc,4,60,\nb,1,mars,hpc,4,60,\nc,2,SH,hpc,4,60,moon\nd,3,mars,hpc,4,60,\n');
    writeFileSync(join(dir, 's.yaml'), `${good}  - { kind: jobs, file: jobs.csv }\n`);
    expect(problemsOf(join(dir, 's.yaml'))).toEqual([
      expect.stringMatching(/jobs\.csv: unknown site ids 'mars' \(first: job b, origin\), 'moon' \(first: job c, data_site\) \(known: /),
    ]);
  });
});

describe('schema errors in the words of a scenario author', () => {
  it('says what is expected and shows the value as written, never a bare "Invalid input"', () => {
    const problems = problemsOf(
      writeTemp(
        'words.yaml',
        [
          'version: 1',
          'name: words',
          'horizon: .inf',
          'sites: 3',
          'centres: [{ id: a, lat: x, lon: 2, partitions: [{ id: p, nodes: 2, coresPerNode: 1.5 }] }]',
          'links: {}',
          'dispatch: { policy: 7 }',
          'workload: [{ kind: poisson, origin: a, rate: true, classes: [] }, { kind: poison, origin: a }, { origin: a }]',
        ].join('\n'),
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^horizon \(line 3, col \d+\): expected a duration such as 7d, 36h, 90s or 12ms, got \.inf$/m);
    expect(text).toMatch(/^sites \(line 4, col \d+\): expected a list, got 3$/m);
    expect(text).toMatch(/^centres\[0\]\.lat \(line 5, col \d+\): expected a number, got "x"$/m);
    expect(text).toMatch(/^centres\[0\]\.partitions\[0\]\.coresPerNode \(line 5, col \d+\): expected a whole number, got 1\.5$/m);
    expect(text).toMatch(/^links \(line 6, col \d+\): expected a list, got \{\}$/m);
    expect(text).toMatch(/^dispatch\.policy \(line 7, col \d+\): expected text, got 7$/m);
    expect(text).toMatch(/^workload\[0\]\.rate \(line 8, col \d+\): expected a rate such as 120\/h or 0\.5\/s, got true$/m);
    // A source of no known kind: the kind as written, not the whole source.
    expect(text).toMatch(/^workload\[1\]\.kind \(line 8, col \d+\): expected one of "jobs", "swf", "batsim", "sacct", "poisson", got "poison"$/m);
    expect(text).toMatch(/^workload\[2\]\.kind \(line 8, col \d+\): missing \(expected one of "jobs", "swf", "batsim", "sacct", "poisson"\)$/m);
    expect(text).not.toMatch(/Invalid input|Invalid discriminator|received/);
  });

  it('names what each form of a value may be when it is neither (a number or a [min, max] list)', () => {
    const long = problemsOf(writeTemp('long.yaml', good.replace('cores: [1, 64]', 'cores: [1, 64], gpus: [1, 16, 3]')));
    expect(long).toEqual([expect.stringMatching(/^workload\[0\]\.classes\[0\]\.gpus \(line \d+, col \d+\): expected a number or a list of at most 2 items, got \[1,16,3\]$/)]);
    const word = problemsOf(writeTemp('word.yaml', good.replace('cores: [1, 64]', 'cores: many')));
    expect(word).toEqual([expect.stringMatching(/^workload\[0\]\.classes\[0\]\.cores \(line \d+, col \d+\): expected a number or a list, got "many"$/)]);
  });

  it('refuses values so large that energy, cost or bytes would overflow to an empty cell', () => {
    const problems = problemsOf(
      writeTemp(
        'huge.yaml',
        [
          'version: 1',
          'name: huge',
          'horizon: 1h',
          'regions: [{ id: R, pue: 1e300, priceCnyPerKWh: 1e300 }]',
          'sites: [{ id: a, lat: 30, lon: 120, region: R }]',
          'centres: [{ id: c, site: a, partitions: [{ id: p, nodes: 2, peakPowerPerNode: 1e300W }] }]',
          'network: { routeFactor: 1e300 }',
          'workload: [{ kind: poisson, origin: a, rate: 1/h, classes: [{ name: x, model: analytics, inputBytes: 1e308 }] }]',
        ].join('\n'),
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^regions\[0\]\.pue \(line 4, col \d+\): expected a number ≤ 100, got 1e\+300$/m);
    expect(text).toMatch(/^regions\[0\]\.priceCnyPerKWh \(line 4, col \d+\): expected a number ≤ 1000000, got 1e\+300$/m);
    expect(text).toMatch(/^centres\[0\]\.partitions\[0\]\.peakPowerPerNode \(line 6, col \d+\): expected a value ≤ 1 GW, got "1e300W"$/m);
    expect(text).toMatch(/^network\.routeFactor \(line 7, col \d+\): expected a number ≤ 100, got 1e\+300$/m);
    expect(text).toMatch(/^workload\[0\]\.classes\[0\]\.inputBytes \(line 8, col \d+\): expected a value ≤ 2\^53 − 1 \(9 PB\), got 1e\+308$/m);
  });
});

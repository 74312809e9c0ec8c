import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { readInputFile } from '../../src/workload/read-input.js';
import { readJobsCsv } from '../../src/workload/jobs-csv.js';
import { readBatsim } from '../../src/workload/batsim-json.js';
import { inputProblems } from '../helpers.js';
import { readSwf } from '../../src/workload/swf.js';

const problems = inputProblems;

// Inputs that are not regular files: a named pipe blocks the read forever, /dev/zero never ends.
describe('input files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-input-'));
  const fifo = join(dir, 'pipe.yaml');
  execFileSync('mkfifo', [fifo]);
  const zero = join(dir, 'zero.swf');
  symlinkSync('/dev/zero', zero);

  it('reads a regular file, and refuses a named pipe, a device and a folder at once, saying which', () => {
    writeFileSync(join(dir, 'a.txt'), 'text');
    expect(readInputFile(join(dir, 'a.txt'), 'utf8')).toBe('text');
    expect(() => readInputFile(fifo)).toThrow('a named pipe, not a file: give the path of a file');
    expect(() => readInputFile(zero)).toThrow('a device, not a file');
    expect(() => readInputFile(dir)).toThrow('a folder, not a file');
    expect(() => readInputFile(join(dir, 'none'))).toThrow(/ENOENT/);
  });

  it('as a scenario, a trace or a jobs file: an InputError naming it', () => {
    expect(problems(() => loadScenario(fifo))).toEqual(['cannot read: a named pipe, not a file: give the path of a file']);
    expect(problems(() => readSwf(zero))).toEqual(['cannot read: a device, not a file: give the path of a file']);
    expect(problems(() => readJobsCsv(fifo))).toEqual(['cannot read: a named pipe, not a file: give the path of a file']);
  });

  it('reads a Batsim workload and a JSON scenario that start with a byte-order mark', () => {
    const batsim = join(dir, 'w.json');
    writeFileSync(batsim, '\ufeff{"nb_res": 2, "jobs": [{"id": 1, "subtime": 0, "res": 1, "walltime": 9, "profile": "d"}], "profiles": {"d": {"type": "delay", "delay": 5}}}');
    expect(readBatsim(batsim).jobs.map((j) => [j.id, j.runtimeS])).toEqual([['1', 5]]);
    const scenario = join(dir, 's.json');
    writeFileSync(scenario, `\ufeff${JSON.stringify({ version: 1, name: 'bom', horizon: '1h', centres: [{ id: 'c', lat: 31, lon: 121, partitions: [{ id: 'p', nodes: 1 }] }] })}`);
    expect(loadScenario(scenario).name).toBe('bom');
  });

  it('a YAML file of several documents is refused in words, not in the library API', () => {
    const multi = join(dir, 'multi.yaml');
    writeFileSync(multi, 'version: 1\nname: a\n---\nversion: 1\nname: b\n');
    expect(problems(() => loadScenario(multi))).toEqual(['line 3, col 1: a scenario is one YAML document, and this file holds several (separated by ---): keep one per file']);
  });
});

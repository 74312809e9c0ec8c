import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { tracePath } from '../replay/reference-helpers.js';
import { inputProblems, scenarioFrom } from '../helpers.js';

const base = {
  sites: [{ id: 'SH', lat: 31.2, lon: 121.5 }],
  centres: [
    { id: 'wuxi', lat: 31.5, lon: 120.3, partitions: [{ id: 'cpu', nodes: 128 }], queue: { policy: 'easy' } },
    { id: 'gz', lat: 23.1, lon: 113.3, partitions: [{ id: 'cpu', nodes: 256 }], queue: { policy: 'fcfs' } },
  ],
  links: [
    { between: ['SH', 'wuxi'], bandwidth: '100Gbps' },
    { between: ['SH', 'gz'], bandwidth: '100Gbps' },
  ],
};

describe('workload kind swf in a scenario', () => {
  it('turns a trace into one region’s demand: job ids are SWF job numbers, cores = processors, submit shifted by offset', () => {
    const scenario = scenarioFrom({
      ...base,
      workload: [{ kind: 'swf', file: tracePath('CTC-SP2'), origin: 'SH', first: 400, offset: '1h', class: 'batch' }],
    });
    const source = scenario.workload[0];
    expect(source?.kind).toBe('swf');
    if (source?.kind !== 'swf') return;
    expect(source.jobs.length).toBe(400);
    expect(source.jobs[0]).toMatchObject({ id: '1', submitS: 3600, origin: 'SH', jobClass: 'batch', cores: 306, walltimeS: 35100 });
    expect(source.name).toBe(`swf/${tracePath('CTC-SP2')}`);
    const out = runScenario(scenario);
    expect(out.result.jobs.length).toBe(400);
    // CTC jobs larger than 256 processors can only go to... no centre: the dispatcher rejects them (wuxi 128, gz 256).
    const rejected = out.result.jobs.filter((j) => j.statusName === 'rejected');
    expect(rejected.every((j) => j.spec.cores > 256)).toBe(true);
    expect(out.result.jobs.filter((j) => j.statusName === 'done' || j.statusName === 'killed').length + rejected.length).toBe(400);
  });

  it('lists the skipped jobs with line and reason', () => {
    const scenario = scenarioFrom({ ...base, workload: [{ kind: 'swf', file: tracePath('CTC-SP2'), origin: 'SH' }] });
    const source = scenario.workload[0];
    if (source?.kind !== 'swf') throw new Error('expected an swf source');
    expect(source.skipped.length).toBe(17);
    expect(source.skipped[0]).toMatchObject({ line: 8867, jobId: '8838', field: 'run_time' });
    expect(source.changed).toBe(6);
  });

  it('reports a missing trace and an unknown origin at their paths, all at once', () => {
    let error: unknown;
    try {
      scenarioFrom({ ...base, workload: [{ kind: 'swf', file: '/nonexistent/t.swf', origin: 'XX' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems.join('\n');
    expect(problems).toMatch(/workload\[0\]\.origin: unknown site 'XX'/);
    expect(problems).toMatch(/workload\[0\]\.file: \/nonexistent\/t\.swf: .*cannot read/);
  });

  it('refuses a trace that gives no job (as Batsim and sacct sources are): an empty file, a header alone, and every line skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-swf-'));
    const header = '; Version: 2\n; MaxProcs: 64\n';
    writeFileSync(join(dir, 'empty.swf'), '');
    writeFileSync(join(dir, 'header.swf'), header);
    // Run times of 0 and -1: both skipped.
    writeFileSync(join(dir, 'skipped.swf'), `${header}1 0 0 0 4 -1 -1 4 10 -1 1 1 1 -1 1 -1 -1 -1\n2 5 0 -1 4 -1 -1 4 10 -1 1 1 1 -1 1 -1 -1 -1\n`);
    const problems = (file: string) => inputProblems(() => scenarioFrom({ ...base, workload: [{ kind: 'swf', file: join(dir, file), origin: 'SH' }] }));
    expect(problems('empty.swf')).toEqual([`workload[0].file: ${join(dir, 'empty.swf')}: no job can run: the trace has no job line`]);
    expect(problems('header.swf')).toEqual([`workload[0].file: ${join(dir, 'header.swf')}: no job can run: the trace has no job line`]);
    expect(problems('skipped.swf')).toEqual([expect.stringMatching(/^workload\[0\]\.file: .*skipped\.swf: no job can run: all 2 job lines were skipped \(line 3 \(run_time\): .*; line 4 \(run_time\): .*\)$/)]);
  });
});

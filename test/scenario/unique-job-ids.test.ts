import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runner/run-scenario.js';
import { uniqueJobIds } from '../../src/scenario/unique-job-ids.js';
import type { JobSpec } from '../../src/model/job.js';
import type { WorkloadSource } from '../../src/model/scenario.js';
import { scenarioFrom } from '../helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cnsim-ids-'));
/** An SWF trace of one-node jobs with the given job numbers, submitted 10 s apart. */
function swf(name: string, numbers: number[]): string {
  const path = join(dir, name);
  const lines = numbers.map((n, i) => `${n} ${i * 10} 0 60 1 -1 -1 1 120 -1 1 1 1 1 1 -1 -1 -1`);
  writeFileSync(path, `; MaxProcs: 4\n${lines.join('\n')}\n`);
  return path;
}

const base = {
  horizon: '1d',
  sites: [{ id: 'SH', lat: 31.2, lon: 121.5 }, { id: 'BJ', lat: 39.9, lon: 116.4 }],
  centres: [{ id: 'wuxi', site: 'SH', partitions: [{ id: 'cpu', nodes: 8, coresPerNode: 1 }] }],
  links: [{ between: ['SH', 'BJ'], bandwidth: '100Gbps' }],
};

const spec = (id: string): JobSpec => ({ id, submitS: 0, origin: 'SH', jobClass: 'c', cores: 1, gpus: 0, runtimeS: 1, walltimeS: 1, inputBytes: 0, outputBytes: 0, dataSite: 'SH' });
const jobsSource = (name: string, ids: string[]): WorkloadSource => ({ kind: 'jobs', name, jobs: ids.map(spec) });
const ids = (w: readonly WorkloadSource[]): string[][] => w.map((s) => (s.kind === 'poisson' ? [] : s.jobs.map((j) => j.id)));

describe('job ids unique in a run', () => {
  it('two traces with the same job numbers: every job of both is <source>:<number>, and the run lists each once', () => {
    const scenario = scenarioFrom({
      ...base,
      workload: [
        { kind: 'swf', name: 'ctc', file: swf('a.swf', [1, 2, 3]), origin: 'SH', class: 'a' },
        { kind: 'swf', name: 'hpc2n', file: swf('b.swf', [2, 3, 4]), origin: 'BJ', class: 'b' },
      ],
    });
    expect(ids(scenario.workload)).toEqual([['ctc:1', 'ctc:2', 'ctc:3'], ['hpc2n:2', 'hpc2n:3', 'hpc2n:4']]);
    const out = runScenario(scenario);
    const runIds = out.result.jobs.map((j) => j.spec.id);
    expect(runIds.length).toBe(6);
    expect(new Set(runIds).size).toBe(6);
  });

  it('a lone trace beside a generator keeps its job numbers (a number repeated in the file is skipped when read)', () => {
    const scenario = scenarioFrom({
      ...base,
      workload: [
        { kind: 'swf', name: 't', file: swf('c.swf', [5, 7, 5, 5]), origin: 'SH' },
        { kind: 'poisson', origin: 'SH', rate: '1/h', classes: [{ name: 'gen', model: 'analytics' }] },
      ],
    });
    expect(ids(scenario.workload)[0]).toEqual(['5', '7']);
    const source = scenario.workload[0];
    expect(source?.kind === 'swf' ? source.skipped.map((s) => s.field) : []).toEqual(['job_number', 'job_number']);
  });

  it('an id that still repeats gets #2, #3 (never one a file already has); unchanged sources are not copied', () => {
    // Source names with a colon can make two prefixed ids equal.
    expect(ids(uniqueJobIds([jobsSource('a', ['b:1']), jobsSource('a:b', ['1'])]))).toEqual([['a:b:1'], ['a:b:1#2']]);
    const lone = jobsSource('f', ['x', 'x#2', 'x']);
    expect(ids(uniqueJobIds([lone]))).toEqual([['x', 'x#2', 'x#3']]);
    const unique = jobsSource('g', ['1', '2']);
    expect(uniqueJobIds([unique])[0]).toBe(unique);
    const two = uniqueJobIds([jobsSource('a', ['1']), jobsSource('b', ['1'])]);
    expect(ids(two)).toEqual([['a:1'], ['b:1']]);
  });
});

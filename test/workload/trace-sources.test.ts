import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { runToFolder } from '../../src/runner/run-scenario.js';
import { scenarioFrom } from '../helpers.js';
import { tracePath } from '../replay/reference-helpers.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const VARIOUS = join(FIXTURES, 'batsim', 'test_various_profile_types.json');
const SACCT = join(FIXTURES, 'sacct', 'sample.sacct');

const base = {
  sites: [{ id: 'SH', lat: 31.2, lon: 121.5 }],
  centres: [{ id: 'wuxi', lat: 31.5, lon: 120.3, partitions: [{ id: 'cpu', nodes: 8, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100' }], queue: { policy: 'easy' } }],
  links: [{ between: ['SH', 'wuxi'], bandwidth: '100Gbps' }],
};
const tmp = () => mkdtempSync(join(tmpdir(), 'cnsim-sources-'));

describe('workload kinds batsim and sacct in a scenario', () => {
  it('turns a Batsim workload into demand: cores = res × sizeScale, submit × timeScale + offset, first N, warnings kept', () => {
    const s = scenarioFrom({ ...base, workload: [{ kind: 'batsim', file: VARIOUS, origin: 'SH', sizeScale: 16, timeScale: 2, offset: '1min', first: 4, class: 'sim' }] });
    const source = s.workload[0];
    if (source?.kind !== 'batsim') throw new Error('expected a batsim source');
    expect(source.name).toBe(`batsim/${VARIOUS}`);
    expect(source.jobs.map((j) => [j.id, j.submitS, j.cores, j.runtimeS, j.walltimeS, j.jobClass])).toEqual([
      ['delay', 60, 16, 20.2, 30, 'sim'],
      ['simple', 62, 64, 100, 100, 'sim'],
      ['homo', 80, 64, 100, 100, 'sim'],
      ['2_resources', 90, 32, 30, 30, 'sim'],
    ]);
    expect(source.warnings.length).toBe(8);
  });

  it('turns sacct output into demand: GPUs kept, class from the partition, a partition filter', () => {
    const s = scenarioFrom({
      ...base,
      workload: [
        { kind: 'sacct', name: 'gpu', file: SACCT, origin: 'SH', classFromPartition: true, partitions: ['gpu'] },
        { kind: 'sacct', name: 'all', file: SACCT, origin: 'SH' },
      ],
    });
    const [gpu, all] = s.workload;
    if (gpu?.kind !== 'sacct' || all?.kind !== 'sacct') throw new Error('expected sacct sources');
    // Time 0 is the earliest Submit of the kept jobs: of the gpu partition here. Two sources read
    // from files (the same file, here): each job id is prefixed with its source's name.
    expect(gpu.jobs.map((j) => [j.id, j.submitS, j.cores, j.gpus, j.jobClass])).toEqual([
      ['gpu:1002', 0, 64, 8, 'gpu'],
      ['gpu:1007', 3000, 8, 1, 'gpu'],
    ]);
    expect(all.jobs.map((j) => j.id)).toContain('all:1002');
    expect(all.jobs.length).toBe(8);
    expect(all.jobs.every((j) => j.jobClass === 'hpc')).toBe(true);
  });

  it('lists the skipped and changed jobs of every trace source in the run’s warnings.csv, with the source name', () => {
    const s = scenarioFrom({
      ...base,
      workload: [
        { kind: 'sacct', name: 'slurm', file: SACCT, origin: 'SH' },
        { kind: 'batsim', file: VARIOUS, origin: 'SH', first: 2 },
      ],
    });
    const out = join(tmp(), 'r');
    runToFolder(s, 'inline.yaml', out);
    const lines = readFileSync(join(out, 'warnings.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('source,line,job_id,action,field,reason');
    expect(lines[1]).toBe("slurm,11,1007,changed,Timelimit,no time limit of its own ('UNLIMITED'): walltime := run time 1800 s");
    expect(lines.length).toBe(1 + 6 + 8);
    expect(lines[7]).toMatch(new RegExp(`^batsim/${VARIOUS.replaceAll('/', '\\/')},5,simple,changed,profile,`));
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files).toContain('warnings.csv');
  });

  it('writes no warnings.csv for a run whose sources changed nothing', () => {
    const s = scenarioFrom({ ...base, workload: [{ kind: 'batsim', file: join(FIXTURES, 'batsim', 'test_delays.json'), origin: 'SH' }] });
    const out = join(tmp(), 'r');
    runToFolder(s, 'inline.yaml', out);
    expect(existsSync(join(out, 'warnings.csv'))).toBe(false);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).files).not.toContain('warnings.csv');
  });

  it('lists an SWF source’s skipped jobs in warnings.csv', () => {
    const s = scenarioFrom({ ...base, workload: [{ kind: 'swf', file: tracePath('CTC-SP2'), origin: 'SH', first: 10 }] });
    const out = join(tmp(), 'r');
    runToFolder(s, 'inline.yaml', out);
    const lines = readFileSync(join(out, 'warnings.csv'), 'utf8').trim().split('\n');
    expect(lines.length).toBe(1 + 17);
    expect(lines[1]).toMatch(/^swf\/.*CTC-SP2-1996-3\.1-cln\.swf\.gz,8867,8838,skipped,run_time,/);
  });

  it('reports a file that is not sacct output and a bad origin at their paths, all at once', () => {
    let error: unknown;
    try {
      scenarioFrom({
        ...base,
        workload: [
          { kind: 'sacct', file: join(FIXTURES, 'batsim', 'test_delays.json'), origin: 'SH' },
          { kind: 'batsim', file: VARIOUS, origin: 'XX' },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems.join('\n');
    expect(problems).toMatch(/workload\[0\]\.file: .*test_delays\.json: line 1: missing columns JobID, Submit, Start, Elapsed, State, NCPUS/);
    expect(problems).toMatch(/workload\[1\]\.origin: unknown site 'XX'/);
  });

  it('refuses a sacct-only key on a Batsim source', () => {
    expect(() => scenarioFrom({ ...base, workload: [{ kind: 'batsim', file: VARIOUS, origin: 'SH', partitions: ['a'] }] })).toThrow(/workload\[0\]: unknown key 'partitions'/);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBatsim } from '../../src/workload/batsim-json.js';
import { formatOfFile, readWorkload, writeWorkload } from '../../src/workload/convert-workload.js';
import { readJobsCsv } from '../../src/workload/jobs-csv.js';
import { convertSwf } from '../../src/workload/swf-convert.js';
import { parseSwfText, readSwf } from '../../src/workload/swf.js';
import { job } from '../helpers.js';
import { tracePath } from '../replay/reference-helpers.js';

const OPTIONS = { origin: 'SH', jobClass: 'hpc' };
const tmp = () => mkdtempSync(join(tmpdir(), 'cnsim-convert-'));
/** The fields every format keeps. */
const kept = (j: { id: string; submitS: number; runtimeS: number; walltimeS: number }, procs: number) => [j.id, j.submitS, procs, j.runtimeS, j.walltimeS];

describe('workload conversions', () => {
  it('tells formats from file names', () => {
    expect(['a.swf', 'a.SWF.gz', 'a.json', 'a.csv', 'a.sacct', 'a.psv', 'a.txt', 'a.gz'].map(formatOfFile)).toEqual(['swf', 'swf', 'batsim', 'jobs', 'sacct', 'sacct', undefined, undefined]);
  });

  it('SWF → jobs CSV → SWF keeps every converted job (id, submit, processors, runtime, walltime) and MaxProcs', () => {
    const dir = tmp();
    const original = convertSwf(readSwf(tracePath('CTC-SP2')), { conversion: 'cnsim', machineProcs: Number.POSITIVE_INFINITY });
    const csv = writeWorkload('jobs', readWorkload(tracePath('CTC-SP2'), 'swf', OPTIONS));
    writeFileSync(join(dir, 'jobs.csv'), csv.text);
    const specs = readJobsCsv(join(dir, 'jobs.csv'));
    expect(specs.length).toBe(original.jobs.length);
    expect(specs[0]).toMatchObject({ origin: 'SH', jobClass: 'hpc', gpus: 0 });
    const back = writeWorkload('swf', { ...readWorkload(join(dir, 'jobs.csv'), 'jobs', OPTIONS), machineProcs: 338 });
    expect(back.warnings).toEqual([]);
    const again = parseSwfText('back.swf', back.text);
    expect(again.header.maxProcs).toBe(338);
    const roundTrip = convertSwf(again, { conversion: 'cnsim', machineProcs: 338 });
    expect(roundTrip.counts).toEqual({ skipped: 0, changed: 0, clamped: 0, dropped: 0 });
    expect(roundTrip.jobs.map((j) => kept(j, j.procs))).toEqual(original.jobs.map((j) => kept(j, j.procs)));
  });

  it('SWF → Batsim JSON keeps every converted job, in queue order, with one delay profile per runtime and nb_res = MaxProcs', () => {
    const original = convertSwf(readSwf(tracePath('lublin_256')), { conversion: 'cnsim', machineProcs: 256 });
    const json = writeWorkload('batsim', readWorkload(tracePath('lublin_256'), 'swf', OPTIONS));
    const w = readBatsim('w.json', json.text);
    expect(w.nbRes).toBe(256);
    expect(w.warnings).toEqual([]);
    expect(w.jobs.map((j) => kept(j, j.procs))).toEqual(original.jobs.map((j) => kept(j, j.procs)));
    // One job per line, after 4 lines of header: the warnings of a converted file name real lines.
    expect(w.jobs[0]?.line).toBe(5);
    const profiles = JSON.parse(json.text).profiles as Record<string, { type: string; delay: number }>;
    expect(Object.keys(profiles).length).toBe(new Set(original.jobs.map((j) => j.runtimeS)).size);
    expect(Object.values(profiles).every((p) => p.type === 'delay')).toBe(true);
  });

  it('renumbers SWF job numbers when the ids are not distinct whole numbers, listing each; keeps GPUs only in jobs CSV', () => {
    const jobs = [job('b', { submitS: 5, cores: 2, runtimeS: 10, gpus: 1 }), job('a', { submitS: 0, cores: 4, runtimeS: 20, walltimeS: 30 })];
    const w = { jobs, warnings: [], machineProcs: undefined, notes: ['test'] };
    const swf = writeWorkload('swf', w);
    expect(swf.text).toMatch(/; MaxProcs: 4\n/);
    expect(swf.text).toMatch(/; Note: the source gives no machine size: MaxProcs\/nb_res = the largest job \(4 processors\); give --procs\n/);
    expect(swf.text.trim().split('\n').slice(-2)).toEqual(['1 0 -1 20 4 -1 -1 4 30 -1 -1 -1 -1 -1 -1 -1 -1 -1', '2 5 -1 10 2 -1 -1 2 10 -1 -1 -1 -1 -1 -1 -1 -1 -1']);
    expect(swf.warnings.map((x) => [x.jobId, x.field, x.action])).toEqual([
      ['a', 'job_number', 'changed'],
      ['b', 'job_number', 'changed'],
    ]);
    const csv = writeWorkload('jobs', w, 8);
    expect(csv.text).toBe('# test\nid,submit_s,origin,class,cores,gpus,runtime_s,walltime_s\na,0,SITE,hpc,4,0,20,30\nb,5,SITE,hpc,2,1,10,10\n'.replaceAll('SITE', jobs[0]?.origin ?? ''));
  });

  it('reads sacct for conversion: gpus kept, class from the partition when asked, UnixStartTime = the earliest Submit', () => {
    const file = join(import.meta.dirname, '..', 'fixtures', 'sacct', 'sample.sacct');
    const w = readWorkload(file, 'sacct', { ...OPTIONS, classFromPartition: true });
    expect(w.jobs.find((j) => j.id === '1002')).toMatchObject({ gpus: 8, cores: 64, jobClass: 'gpu', origin: 'SH' });
    expect(w.unixStartTime).toBe(1709280000);
    expect(writeWorkload('swf', w, 128).text).toMatch(/; MaxProcs: 128\n; UnixStartTime: 1709280000\n/);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tracePath } from '../replay/reference-helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const BATSIM = join(ROOT, 'test', 'fixtures', 'batsim');
const SACCT = join(ROOT, 'test', 'fixtures', 'sacct', 'sample.sacct');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'cnsim-convert-'));

/** job_id → start_s of a replay's jobs.csv. */
function starts(dir: string): Map<string, string> {
  const [header, ...rows] = readFileSync(join(dir, 'jobs.csv'), 'utf8').trim().split('\n');
  const cols = (header ?? '').split(',');
  const id = cols.indexOf('job_id');
  const start = cols.indexOf('start_s');
  return new Map(rows.map((r) => r.split(',')).map((c) => [c[id] as string, c[start] as string]));
}

describe('cnsim convert and Batsim replay', () => {
  it.each([
    ['CTC-SP2', 'easy'],
    ['lublin_256', 'conservative'],
  ])('a Batsim JSON converted from %s replays (%s) to the same starts as the SWF', (trace, policy) => {
    const dir = tmp();
    const json = join(dir, 'w.json');
    const c = cnsim('convert', tracePath(trace), json);
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    const a = cnsim('replay', '--no-report', tracePath(trace), '--policy', policy, '--first', '1500', '--out', join(dir, 'swf'), '--quiet');
    const b = cnsim('replay', '--no-report', json, '--policy', policy, '--first', '1500', '--out', join(dir, 'json'), '--quiet');
    expect([a.code, b.code, b.stderr]).toEqual([0, 0, '']);
    const fromSwf = starts(join(dir, 'swf'));
    expect(fromSwf.size).toBe(1500);
    expect(starts(join(dir, 'json'))).toEqual(fromSwf);
  });

  it("replays Batsim's test_delays.json on its nb_res = 2 resources: FCFS starts computed by hand", () => {
    const out = join(tmp(), 'r');
    const r = cnsim('replay', '--no-report', join(BATSIM, 'test_delays.json'), '--policy', 'fcfs', '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/10 job lines, 10 replayed on 2 processors/);
    expect([...starts(out).values()]).toEqual(['0', '3', '10', '13', '20', '23', '30', '33', '40', '43']);
    expect(readFileSync(join(out, 'warnings.csv'), 'utf8')).toBe('line,job_id,action,field,reason\n');
  });

  it('replays test_various_profile_types.json with its changes in warnings.csv; --compat is refused for Batsim', () => {
    const dir = tmp();
    const r = cnsim('replay', '--no-report', join(BATSIM, 'test_various_profile_types.json'), '--policy', 'easy', '--out', join(dir, 'r'));
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'r', 'warnings.csv'), 'utf8')).toMatch(/\n5,simple,changed,profile,profile 'simple' of type parallel cannot be modelled/);
    const bad = cnsim('replay', join(BATSIM, 'test_delays.json'), '--policy', 'easy', '--compat', 'pyss', '--out', join(dir, 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--compat pyss: only for SWF traces/);
  });

  it('converts SWF → gzipped SWF, SWF → jobs CSV with --origin, and sacct → Batsim JSON with its warnings listed next to the output', () => {
    const dir = tmp();
    expect(cnsim('convert', tracePath('lublin_256'), join(dir, 'l.swf.gz'), '--quiet').code).toBe(0);
    const swf = gunzipSync(readFileSync(join(dir, 'l.swf.gz'))).toString('utf8');
    expect(swf).toMatch(/^; Version: 2\.2\n/);
    expect(swf).toMatch(/\n; MaxProcs: 256\n/);
    const csv = cnsim('convert', tracePath('lublin_256'), join(dir, 'l.csv'), '--origin', 'SH', '--class', 'batch');
    expect(csv.stdout).toMatch(/10000 jobs written, 0 skipped, 10000 changed \(listed in .*l\.csv\.warnings\.csv\)/);
    expect(readFileSync(join(dir, 'l.csv'), 'utf8').split('\n')[2]).toBe('1,5094,SH,batch,16,0,12072,12072');
    const s = cnsim('convert', SACCT, join(dir, 's.json'), '--procs', '128');
    expect(s.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).nb_res).toBe(128);
    expect(readFileSync(join(dir, 's.json.warnings.csv'), 'utf8')).toMatch(/\n12,1008,skipped,State,state CANCELLED by 1000 and no Start/);
  });

  it('removes a stale warnings list when a conversion to the same file has none', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.csv.warnings.csv'), 'old');
    expect(cnsim('convert', join(BATSIM, 'test_delays.json'), join(dir, 'd.csv'), '--quiet').code).toBe(0);
    expect(readdirSync(dir)).toEqual(['d.csv']);
  });

  const badCases: [string, (dir: string) => string[], RegExp][] = [
    ['an input format it cannot tell', (dir) => [join(dir, 'w.txt'), join(dir, 'o.csv')], /cannot tell the format of '.*w\.txt' from its name: give --from \(swf, batsim, jobs, sacct\)/],
    ['an output format it cannot tell', () => [tracePath('lublin_256'), 'out.dat'], /cannot tell the output format of 'out\.dat'.*give --to \(swf, batsim, jobs; sacct is read only\)/],
    ['sacct as an output', () => [tracePath('lublin_256'), 'out.sacct'], /give --to/],
    ['an unknown --from', () => [tracePath('lublin_256'), 'o.csv', '--from', 'gwf'], /Invalid values:\s+Argument: from, Given: "gwf"/],
    ['an unreadable input', (dir) => [join(dir, 'none.json'), join(dir, 'o.csv')], /none\.json: cannot read/],
    ['an --origin no scenario would take as a site id', (dir) => [tracePath('lublin_256'), join(dir, 'o.csv'), '--origin', 'a b/c'], /--origin: expected a site id of letters, digits, "_", "\." or "-" \(as in a scenario\), got 'a b\/c'/],
    ['a jobs CSV that does not exist', (dir) => [join(dir, 'none.csv'), join(dir, 'o.swf')], /none\.csv: cannot read: ENOENT/],
    ['a folder as the jobs CSV', (dir) => [dir, join(dir, 'o.swf'), '--from', 'jobs'], /cannot read: a folder, not a file: give the path of a file/],
    ['an output in a folder that does not exist', (dir) => [tracePath('lublin_256'), join(dir, 'none', 'o.swf')], /none\/o\.swf: cannot write \(ENOENT\): a folder on the path does not exist/],
    [
      'a jobs CSV with its header and no job',
      (dir) => {
        writeFileSync(join(dir, 'j.csv'), 'id,submit_s,origin,class,cores,runtime_s\n# nothing yet\n');
        return [join(dir, 'j.csv'), join(dir, 'o.swf')];
      },
      /j\.csv: no job: the file has its header but no job line/,
    ],
    [
      'a jobs CSV with a column twice, a hexadecimal count and a time beyond 2^53',
      (dir) => {
        writeFileSync(join(dir, 'j.csv'), 'id,submit_s,origin,class,cores,runtime_s,cores\n"a\nb",0,SH,hpc,0x10,5,4\n');
        writeFileSync(join(dir, 'k.csv'), '# a comment first\nid,submit_s,origin,class,cores,runtime_s\n\n"a\nb",1e300,SH,hpc,0x10,5\n');
        return [join(dir, 'k.csv'), join(dir, 'o.swf')];
      },
      /k\.csv: 2 problems\n {2}line 5, column submit_s: expected a submit time in seconds ≥ 0, got '1e300' \(1e300 is beyond 2\^53 \(9007199254740991\)\)\n {2}line 5, column cores: expected an integer ≥ 1, got '0x10' \('0x10' is not a decimal number\)/,
    ],
    ['a jobs CSV with a column twice', (dir) => (writeFileSync(join(dir, 'j.csv'), 'id,submit_s,origin,class,cores,runtime_s,cores\na,0,SH,hpc,1,5,4\n'), [join(dir, 'j.csv'), join(dir, 'o.swf')]), /j\.csv: line 1: column 'cores' appears twice \(columns 5 and 7\): keep one/],
    [
      'a Batsim job list where nothing can run',
      (dir) => {
        writeFileSync(join(dir, 'w.json'), '{"nb_res": 4,\n "jobs": [\n {"id": 1, "subtime": 0, "res": 2, "profile": "p"}\n],\n "profiles": {"p": {"type": "parallel", "cpu": [1], "com": [0]}}}');
        return [join(dir, 'w.json'), join(dir, 'o.csv')];
      },
      /w\.json: 2 problems\n {2}no job can run:\n {2}line 3 \(job 1\): profile: profile 'p' of type parallel cannot be modelled/,
    ],
    [
      'sacct output without its header',
      (dir) => {
        writeFileSync(join(dir, 'a.sacct'), readFileSync(SACCT, 'utf8').split('\n').slice(1).join('\n'));
        return [join(dir, 'a.sacct'), join(dir, 'o.csv')];
      },
      /a\.sacct: line 1: expected the header line \(JobID\|Submit\|\.\.\.\) first; run sacct without --noheader/,
    ],
    [
      'invalid JSON',
      (dir) => {
        writeFileSync(join(dir, 'w.json'), '{\n"nb_res": 4,\n"jobs": [,]}');
        return [join(dir, 'w.json'), join(dir, 'o.swf')];
      },
      /w\.json: line 3, column 10: not valid JSON/,
    ],
  ];
  it('refuses to write over its input (the same path, another spelling of it, or as the warnings list): exit 2, the input unchanged', () => {
    const dir = tmp();
    const trace = join(dir, 't.swf');
    const original = readFileSync(tracePath('lublin_256'));
    writeFileSync(trace, original);
    for (const args of [[trace, trace], [trace, join(dir, '.', 't.swf'), '--to', 'swf'], [trace, join(dir, 'o.json'), '--warnings', trace]]) {
      const r = cnsim('convert', ...args);
      expect(r.stderr).toMatch(/^cnsim: command line: '.*t\.swf' is the input file '.*t\.swf': a conversion keeps its input; give another output path\n$/);
      expect(r.code).toBe(2);
      expect(readFileSync(trace)).toEqual(original);
    }
    expect(readdirSync(dir)).toEqual(['t.swf']);
  });

  it('writes neither the output nor its warnings when the warnings file cannot be written', () => {
    const dir = tmp();
    // lublin_256 converted to Batsim JSON lists changed jobs; their list is asked for in a folder that does not exist.
    const r = cnsim('convert', tracePath('lublin_256'), join(dir, 'o.json'), '--warnings', join(dir, 'none', 'w.csv'));
    expect(r.stderr).toMatch(/none\/w\.csv: cannot write \(ENOENT\)/);
    expect(r.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    const again = cnsim('convert', tracePath('lublin_256'), join(dir, 'o.json'), '--warnings', dir);
    expect(again.stderr).toMatch(/cannot write \(EISDIR\)/);
    expect(again.code).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each(badCases)('refuses %s with a clear message, exit 2 and no output', (_name, argsOf, message) => {
    const dir = tmp();
    const args = argsOf(dir);
    const r = cnsim('convert', ...args);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/^cnsim: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('o.'))).toEqual([]);
    expect(existsSync(join(ROOT, 'out.dat')) || existsSync(join(ROOT, 'out.sacct'))).toBe(false);
  });
});

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { runToFolder } from '../../src/runner/run-scenario.js';
import { BATSIM_JOB_COLUMNS } from '../../src/report/batsim-export.js';
import { intervalSetSize, parseIntervalSet } from '../../src/report/interval-set.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const TRACES = join(ROOT, 'test', 'fixtures', 'traces');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'cnsim-export-'));
const rows = (file: string): Record<string, string>[] => parse(readFileSync(file, 'utf8'), { columns: true }) as Record<string, string>[];

/**
 * Checks a Batsim jobs table with the interval-set rules: each job holds exactly its node count,
 * ids within the centre, and no node holds two jobs at once (intervals [start, finish)).
 * @returns the number of jobs checked
 */
function checkBatsimTable(file: string, centreNodes: number): number {
  const jobs = rows(file).map((r) => ({
    id: r.job_id as string,
    start: Number(r.starting_time),
    finish: Number(r.finish_time),
    nodes: Number(r.requested_number_of_resources),
    set: parseIntervalSet(r.allocated_resources as string),
  }));
  const busyUntil = new Float64Array(centreNodes).fill(Number.NEGATIVE_INFINITY);
  const holder: string[] = new Array(centreNodes).fill('');
  jobs.sort((a, b) => a.start - b.start || a.finish - b.finish);
  for (const job of jobs) {
    expect(intervalSetSize(job.set), `job ${job.id} holds its node count`).toBe(job.nodes);
    for (const [a, b] of job.set) {
      expect(a, `job ${job.id}: ids from 0`).toBeGreaterThanOrEqual(0);
      expect(b, `job ${job.id}: ids below the centre's ${centreNodes} nodes`).toBeLessThan(centreNodes);
      for (let node = a; node <= b; node++) {
        if (busyUntil[node] as number > job.start) throw new Error(`${file}: node ${node} held by job ${holder[node]} until ${busyUntil[node]} and by job ${job.id} from ${job.start}`);
        busyUntil[node] = job.finish;
        holder[node] = job.id;
      }
    }
  }
  return jobs.length;
}

describe('--export batsim: Batsim jobs tables with node ids', () => {
  // hub-outage-abrupt's outage moved into the half day simulated: running jobs killed, queued ones sent elsewhere.
  const earlyOutage = [{ path: 'sites[ZZ].down', value: [{ from: '4h', to: '8h', mode: 'abrupt' }] }];
  for (const name of ['national-2025', 'failures-2025', 'hub-outage-abrupt']) {
    it(`${name}: every centre's table has Batsim's columns, and no node holds two jobs at once`, () => {
      const scenario = loadScenario(name, name === 'hub-outage-abrupt' ? earlyOutage : []);
      const out = join(tmp(), 'r');
      runToFolder(scenario, name, out, { untilS: 43200 }, undefined, 'csv', { exports: ['batsim'] });
      const files = readdirSync(join(out, 'batsim')).sort();
      expect(files).toEqual(scenario.centres.map((c) => `${c.id}_jobs.csv`).sort());
      let checked = 0;
      for (const centre of scenario.centres) {
        const file = join(out, 'batsim', `${centre.id}_jobs.csv`);
        expect(readFileSync(file, 'utf8').split('\n')[0]).toBe(BATSIM_JOB_COLUMNS.join(','));
        checked += checkBatsimTable(file, centre.partitions.reduce((n, p) => n + p.nodes, 0));
      }
      // Every job that ran to its end (done, killed at its walltime, failed) has its row.
      const ran = rows(join(out, 'jobs.csv')).filter((r) => r.status === 'done' || r.status === 'killed' || r.status === 'failed');
      expect(checked).toBe(ran.length);
      expect(checked).toBeGreaterThan(1000);
      // The runs exercise what placement must follow: kills by node failures or by the outage.
      if (name !== 'national-2025') expect(Number(rows(join(out, 'summary.csv'))[0]?.retried)).toBeGreaterThan(0);
    }, 120_000);
  }

  it('a row follows jobs.csv: the centre\'s view of its times, walltime at the partition, energy in joules', () => {
    const scenario = loadScenario('national-2025');
    const out = join(tmp(), 'r');
    runToFolder(scenario, 'national-2025', out, { untilS: 43200 }, undefined, 'csv', { exports: ['batsim'] });
    const jobs = new Map(rows(join(out, 'jobs.csv')).map((r) => [r.job_id, r]));
    const table = rows(join(out, 'batsim', 'ZZ-NSCC_jobs.csv'));
    expect(table.length).toBeGreaterThan(50);
    for (const b of table.slice(0, 200)) {
      const j = jobs.get(b.job_id) as Record<string, string>;
      expect(j.centre).toBe('ZZ-NSCC');
      expect(Number(b.submission_time)).toBeCloseTo(Number(j.queued_s), 5);
      expect(Number(b.starting_time)).toBeCloseTo(Number(j.start_s), 5);
      expect(Number(b.finish_time)).toBeCloseTo(Number(j.end_s), 5);
      expect(Number(b.waiting_time)).toBeCloseTo(Number(j.queue_wait_s), 5);
      expect(Number(b.requested_number_of_resources)).toBe(Number(j.nodes));
      expect(Number(b.requested_time)).toBeCloseTo(Number(j.walltime_s) / Number(j.speed), 5);
      expect(Number(b.consumed_energy)).toBeCloseTo(Number(j.it_kwh) * 3.6e6, -1);
      expect(b.success).toBe(j.status === 'done' ? '1' : '0');
      expect(b.workload_name).toBe(j.origin);
      expect(b.profile).toBe(j.class);
      expect(b.metadata).toBe(j.partition);
      const stretch = (Number(b.finish_time) - Number(b.submission_time)) / Number(b.execution_time);
      expect(Number(b.stretch)).toBeCloseTo(stretch, 5);
    }
  }, 120_000);

  it('placing jobs on node ids changes nothing else the run writes', () => {
    const scenario = loadScenario('failures-2025');
    const plain = join(tmp(), 'r');
    const placed = join(tmp(), 'r');
    runToFolder(scenario, 'failures-2025', plain, { untilS: 43200 }, undefined, 'csv');
    runToFolder(scenario, 'failures-2025', placed, { untilS: 43200 }, undefined, 'csv', { exports: ['batsim'] });
    for (const file of readdirSync(plain)) {
      if (file === 'manifest.json') continue;
      expect(readFileSync(join(placed, file), 'utf8'), file).toBe(readFileSync(join(plain, file), 'utf8'));
    }
    const manifest = JSON.parse(readFileSync(join(placed, 'manifest.json'), 'utf8')) as { files: string[]; options: { export: string[] } };
    expect(manifest.options.export).toEqual(['batsim']);
    expect(manifest.files).toContain('batsim/ZZ-NSCC_jobs.csv');
  }, 120_000);
});

describe('--export swf: each centre\'s schedule as SWF', () => {
  for (const [trace, policy] of [
    ['CTC-SP2-1996-3.1-cln.swf.gz', 'easy'],
    ['lublin_256.swf.gz', 'conservative'],
    ['SDSC-BLUE-2000-4.2-cln.swf.gz', 'fcfs'],
  ] as const) {
    it(`round trip: ${trace} → replay (${policy}) → exported SWF → replayed again gives the same starts`, () => {
      const dir = tmp();
      const first = cnsim('replay', '--no-report', join(TRACES, trace), '--policy', policy, '--first', '3000', '--export', 'swf', '--export', 'batsim', '--out', join(dir, 'a'), '--quiet');
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      const exported = join(dir, 'a', 'swf', 'machine.swf');
      const second = cnsim('replay', '--no-report', exported, '--policy', policy, '--export', 'swf', '--out', join(dir, 'b'), '--quiet');
      expect(second.stderr).toBe('');
      expect(second.code).toBe(0);
      const a = rows(join(dir, 'a', 'jobs.csv'));
      const b = rows(join(dir, 'b', 'jobs.csv'));
      // Both lists are in queue order (submit, then trace order): compare start for start.
      expect(b.length).toBe(a.length);
      expect(b.map((r) => r.start_s)).toEqual(a.map((r) => r.start_s));
      expect(b.map((r) => r.end_s)).toEqual(a.map((r) => r.end_s));
      // The second export says the same, line for line (the header names the run), but for the
      // status of jobs killed at their walltime: written with run time = walltime, they end just in time.
      const body = (file: string): string[] =>
        readFileSync(file, 'utf8')
          .split('\n')
          .filter((l) => !l.startsWith(';'))
          .map((l) => l.split(' ').filter((_, k) => k !== 10).join(' '));
      expect(body(join(dir, 'b', 'swf', 'machine.swf'))).toEqual(body(exported));
      const machine = Number(/; MaxNodes: (\d+)/.exec(readFileSync(exported, 'utf8'))?.[1]);
      expect(checkBatsimTable(join(dir, 'a', 'batsim', 'machine_jobs.csv'), machine)).toBe(a.filter((r) => r.status !== 'unfinished').length);
    }, 120_000);
  }

  it('national run: the header gives the centre\'s size, every line has 18 fields, wait = start − submit, user = the origin site\'s number', () => {
    const scenario = loadScenario('national-2025');
    const out = join(tmp(), 'r');
    runToFolder(scenario, 'national-2025', out, { untilS: 43200 }, undefined, 'csv', { exports: ['swf'] });
    const text = readFileSync(join(out, 'swf', 'ZZ-NSCC.swf'), 'utf8');
    const zz = scenario.centres.find((c) => c.id === 'ZZ-NSCC');
    expect(text).toContain(`; MaxNodes: ${zz?.partitions.reduce((n, p) => n + p.nodes, 0)}\n`);
    expect(text).toContain(`; MaxProcs: ${zz?.partitions.reduce((n, p) => n + p.nodes * p.coresPerNode, 0)}\n`);
    const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith(';'));
    expect(lines.length).toBeGreaterThan(50);
    let lastSubmit = -1;
    lines.forEach((line, i) => {
      const f = line.split(' ').map(Number);
      expect(f).toHaveLength(18);
      expect(f[0]).toBe(i + 1);
      expect(f[1] as number).toBeGreaterThanOrEqual(lastSubmit);
      lastSubmit = f[1] as number;
      expect(f[2] as number).toBeGreaterThanOrEqual(0);
      expect(f[8] as number).toBeGreaterThanOrEqual(f[3] as number);
      expect([0, 1]).toContain(f[10]);
    });
    // Field 12 counts the centre's listed jobs by origin, as jobs.csv does.
    const siteNumber = new Map([...text.matchAll(/^; Site: (\d+) (\S+)$/gm)].map((m) => [m[2] as string, Number(m[1])]));
    expect(siteNumber.size).toBe(scenario.sites.length);
    const expected = new Map<number, number>();
    for (const job of rows(join(out, 'jobs.csv'))) {
      if (job.centre !== 'ZZ-NSCC' || !['done', 'killed', 'failed'].includes(job.status as string)) continue;
      const n = siteNumber.get(job.origin as string) as number;
      expected.set(n, (expected.get(n) ?? 0) + 1);
    }
    const users = new Map<number, number>();
    for (const line of lines) {
      const user = Number(line.split(' ')[11]);
      users.set(user, (users.get(user) ?? 0) + 1);
    }
    expect(users.size).toBeGreaterThan(3);
    expect(users).toEqual(expected);
  }, 120_000);

  it('a run with exports draws its report (the manifest lists batsim/ and swf/ files), and cnsim report reads the folder again', () => {
    const out = join(tmp(), 'r');
    const r = cnsim('run', join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml'), '--set', 'horizon=2h', '--export', 'batsim', '--export', 'swf', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { files: string[] };
    expect(manifest.files.filter((f) => f.includes('/')).sort()).toEqual(['batsim/guiyang_jobs.csv', 'batsim/wuxi_jobs.csv', 'swf/guiyang.swf', 'swf/wuxi.swf']);
    const again = cnsim('report', out);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  }, 60_000);

  it('bad input: an unknown format, or batsim with a compatibility mode, is exit 2 and writes nothing', () => {
    const dir = tmp();
    const unknown = cnsim('run', 'national-2025', '--export', 'parquet', '--out', join(dir, 'x'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/export/);
    expect(unknown.stderr).toMatch(/batsim/);
    const compat = cnsim('replay', '--no-report', join(TRACES, 'lublin_256.swf.gz'), '--policy', 'easy', '--compat', 'pyss', '--export', 'batsim', '--out', join(dir, 'y'));
    expect(compat.code).toBe(2);
    expect(compat.stderr).toMatch(/--export batsim: .*--compat/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

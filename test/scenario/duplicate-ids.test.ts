import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'cnsim-dup-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

// Each message names the file, the path and the line, and says what is wrong (exit 2, nothing run).
describe('ids that clash, links that loop, parents and traces that are missing or empty', () => {
  it('duplicate site, region, centre, partition, link and dataset ids, and a link from a site to itself', () => {
    const scenario = file(
      'dup.yaml',
      [
        'version: 1',
        'name: dup',
        'horizon: 1h',
        'sites:',
        '  - { id: S, lat: 30, lon: 120 }',
        '  - { id: S, lat: 31, lon: 121 }',
        '  - { id: T, lat: 32, lon: 122 }',
        'regions:',
        '  - { id: R, priceCnyPerKWh: 0.5 }',
        '  - { id: R, priceCnyPerKWh: 0.6 }',
        'centres:',
        '  - { id: C, site: S, partitions: [{ id: p, nodes: 2, coresPerNode: 4 }, { id: p, nodes: 2, coresPerNode: 4 }] }',
        '  - { id: C, site: T, partitions: [{ id: q, nodes: 2, coresPerNode: 4 }] }',
        'links:',
        '  - { between: [S, S], bandwidth: 10Gbps }',
        '  - { between: [S, T], bandwidth: 10Gbps }',
        '  - { between: [T, S], bandwidth: 10Gbps }',
        'datasets:',
        '  - { id: D, size: 1GB, replicas: [S] }',
        '  - { id: D, size: 1GB, replicas: [S] }',
        'workload: []',
      ].join('\n'),
    );
    const r = cnsim('run', scenario, '--out', join(dir, 'r'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cnsim: ${scenario}: 7 problems\n`);
    expect(r.stderr).toContain("  sites[1].id (line 6, col 11): duplicate site id 'S'\n");
    expect(r.stderr).toContain("  regions[1].id (line 10, col 11): duplicate region id 'R'\n");
    expect(r.stderr).toMatch(/ {2}centres\[0\]\.partitions\[1\]\.id \(line 12, col \d+\): duplicate partition id 'p'\n/);
    expect(r.stderr).toContain("  centres[1].id (line 13, col 11): duplicate centre id 'C'\n");
    expect(r.stderr).toMatch(/ {2}links\[0\]\.between \(line 15, col \d+\): a link needs two different sites, got 'S' twice\n/);
    expect(r.stderr).toMatch(/ {2}links\[2\]\.between \(line 17, col \d+\): duplicate link between 'T' and 'S'\n/);
    expect(r.stderr).toContain("  datasets[1].id (line 20, col 11): duplicate dataset id 'D'\n");
    expect(existsSync(join(dir, 'r'))).toBe(false);
  });

  it('an extends parent that does not exist', () => {
    const scenario = file('orphan.yaml', 'version: 1\nextends: nowhere.yaml\nname: orphan\n');
    const r = cnsim('validate', scenario);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnsim: ${scenario}: extends (line 2, col 10): no such file '${join(dir, 'nowhere.yaml')}'\n`);
  });

  it('an empty trace and a trace with a header and no job', () => {
    const empty = file('empty.swf', '');
    let r = cnsim('replay', empty, '--policy', 'easy', '--out', join(dir, 'e'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnsim: ${empty}: the header has neither MaxProcs nor MaxNodes: give the machine size with --procs\n`);
    const header = file('header.swf', '; Version: 2.2\n; MaxProcs: 128\n');
    r = cnsim('replay', header, '--policy', 'easy', '--out', join(dir, 'h'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnsim: ${header}: no job line: the file holds no job (an SWF job line is 18 numbers; a jobs CSV or sacct file is converted first, with cnsim convert)\n`);
    const skipped = file('skipped.swf', '; MaxProcs: 128\n1 0 -1 0 4 -1 -1 4 60 -1 1 1 1 1 1 1 -1 -1\n');
    r = cnsim('replay', skipped, '--policy', 'easy', '--out', join(dir, 's'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnsim: ${skipped}: no job to replay (every job line was skipped; see the warnings)\n`);
    const jobs = file('jobs.csv', 'id,submit_s,origin,class,cores,runtime_s\na,0,SH,hpc,1,5\n');
    r = cnsim('replay', jobs, '--policy', 'easy', '--out', join(dir, 'j'));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cnsim: ${jobs}: cnsim replay reads SWF (.swf, .swf.gz) and Batsim JSON (.json); convert this jobs CSV first: cnsim convert ${jobs} trace.swf\n`);
    expect(['e', 'h', 's', 'j'].some((d) => existsSync(join(dir, d)))).toBe(false);
  });

  it('an unknown subcommand', () => {
    const r = cnsim('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("cnsim: Unknown argument: frobnicate\nRun 'cnsim --help' for usage.\n");
  });
});

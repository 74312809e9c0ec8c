import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const EXAMPLE = join(ROOT, 'examples', 'two-sites.yaml');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cnsim CLI', () => {
  it('prints help that says where the docs are', () => {
    const r = cnsim('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/cnsim run/);
    expect(r.stdout).toMatch(/results\/README\.md/);
  });

  it('runs a scenario, prints the table and writes every results file (exit 0)', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'cnsim-cli-')), 'r');
    const r = cnsim('run', EXAMPLE, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^centre\s+util\s+jobs\s+mean wait\s+p95 wait$/m);
    expect(r.stdout).toMatch(/overall: \d+ jobs/);
    expect(readdirSync(out).sort()).toEqual(['centres.csv', 'jobs.csv', 'link_windows.csv', 'links.csv', 'manifest.json', 'summary.csv', 'utilization.csv']);
  });

  it('exits 2 naming the file, path and line for a broken scenario, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-cli-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, readFileSync(EXAMPLE, 'utf8').replace('nodes: 64', 'nodes: -64'));
    const r = cnsim('run', bad, '--out', join(dir, 'r'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml: centres\[0\]\.partitions\[0\]\.nodes \(line \d+, col \d+\)/);
    expect(existsSync(join(dir, 'r'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  it('exits 2 for a missing scenario, an unknown flag and a bad --seed', () => {
    expect(cnsim('run', 'no-such-scenario').code).toBe(2);
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-cli-'));
    const unknown = cnsim('run', EXAMPLE, '--sede', '3', '--out', join(dir, 'r'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown argument/i);
    expect(existsSync(join(dir, 'r'))).toBe(false);
    expect(cnsim('run', EXAMPLE, '--seed', '-1', '--out', join(tmpdir(), 'never')).code).toBe(2);
  });

  it('validates a scenario (exit 0) and prints the JSON Schema', () => {
    const v = cnsim('validate', EXAMPLE);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/valid \(2 centres/);
    const s = cnsim('schema');
    expect(s.code).toBe(0);
    const schema = JSON.parse(s.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'centres', 'links', 'dispatch', 'workload']));
  });

  it('lists the policies', () => {
    const r = cnsim('policies');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/least-loaded/);
    expect(r.stdout).toMatch(/fcfs/);
  });
});

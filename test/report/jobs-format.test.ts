import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parse } from 'csv-parse/sync';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetKind } from '../../src/report/jobs-parquet.js';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const FAULTS = join(ROOT, 'test', 'fixtures', 'report', 'faults.yaml');

function cnsim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--jobs-format', () => {
  const base = mkdtempSync(join(tmpdir(), 'cnsim-jobs-format-'));
  const csv = join(base, 'csv');
  const parquet = join(base, 'parquet');
  const none = join(base, 'none');

  beforeAll(() => {
    // A run with every kind of row: done, killed, rejected (with a quoted reason), unfinished.
    for (const [dir, format] of [
      [csv, 'csv'],
      [parquet, 'parquet'],
      [none, 'none'],
    ] as const) {
      const r = cnsim('run', FAULTS, '--until', '20h', '--out', dir, '--quiet', '--jobs-format', format, '--no-report');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  }, 60_000);

  it('parquet: hyparquet reads back every value of jobs.csv, an empty cell as null, with the documented types', async () => {
    expect(existsSync(join(parquet, 'jobs.csv'))).toBe(false);
    const csvRows = parse(readFileSync(join(csv, 'jobs.csv')), { columns: false }) as string[][];
    const [header, ...rows] = csvRows as [string[], ...string[][]];
    const objects = await parquetReadObjects({ file: await asyncBufferFromFile(join(parquet, 'jobs.parquet')) });
    expect(objects.length).toBe(rows.length);
    expect(Object.keys(objects[0] ?? {})).toEqual(header);
    const statuses = new Set<string>();
    rows.forEach((row, i) => {
      const object = objects[i] as Record<string, unknown>;
      header.forEach((name, k) => {
        const cell = row[k] as string;
        const value = object[name];
        const kind = parquetKind(name);
        if (cell === '') expect(value, `${name} row ${i}`).toBeNull();
        else if (kind === 'STRING') expect(value).toBe(cell);
        else if (kind === 'BOOLEAN') expect(value).toBe(cell === 'true');
        else if (kind === 'INT64') expect(value).toBe(BigInt(cell));
        else expect(value, `${name} row ${i}`).toBe(Number(cell));
      });
      statuses.add(row[header.indexOf('status')] as string);
    });
    // The fixture has every status, failed jobs (an abrupt outage with retry none) among them.
    expect([...statuses].sort()).toEqual(['done', 'failed', 'killed', 'rejected', 'unfinished']);
  });

  it('parquet: DuckDB reads it with the same columns, types and totals', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const file = join(parquet, 'jobs.parquet').replaceAll("'", "''");
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjects();
    const expectedType = { STRING: 'VARCHAR', DOUBLE: 'DOUBLE', INT64: 'BIGINT', BOOLEAN: 'BOOLEAN' } as const;
    const header = (readFileSync(join(csv, 'jobs.csv'), 'utf8').split('\n')[0] as string).split(',');
    expect(described.map((d) => d.column_name)).toEqual(header);
    described.forEach((d) => expect(d.column_type, String(d.column_name)).toBe(expectedType[parquetKind(String(d.column_name))]));
    const totals = (await connection.runAndReadAll(`SELECT count(*) AS jobs, count(start_s) AS started, sum(cores) AS cores FROM read_parquet('${file}')`)).getRowObjects()[0] as Record<string, bigint>;
    const jobs = parse(readFileSync(join(csv, 'jobs.csv')), { columns: true }) as Record<string, string>[];
    expect(Number(totals.jobs)).toBe(jobs.length);
    expect(Number(totals.started)).toBe(jobs.filter((j) => j.start_s !== '').length);
    expect(Number(totals.cores)).toBe(jobs.reduce((s, j) => s + Number(j.cores), 0));
    connection.closeSync();
  });

  it('every other file is the same whatever the jobs format; the manifest says which format', () => {
    for (const dir of [parquet, none]) {
      for (const file of readdirSync(csv).filter((f) => f.endsWith('.csv') && f !== 'jobs.csv')) {
        expect(readFileSync(join(dir, file), 'utf8'), `${dir} ${file}`).toBe(readFileSync(join(csv, file), 'utf8'));
      }
    }
    expect(readdirSync(none).filter((f) => f.startsWith('jobs.'))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(none, 'manifest.json'), 'utf8'));
    expect(manifest.options.jobsFormat).toBe('none');
    expect(manifest.files).not.toContain('jobs.csv');
    expect(JSON.parse(readFileSync(join(csv, 'manifest.json'), 'utf8')).options.jobsFormat).toBeUndefined();
  });

  it('the manifest records the size of every file it lists, the jobs file written during the run included', () => {
    for (const dir of [csv, parquet, none]) {
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: string[]; fileBytes: Record<string, number> };
      expect([...manifest.files].sort(), dir).toEqual(readdirSync(dir).filter((f) => f !== 'manifest.json').sort());
      expect(manifest.fileBytes, dir).toEqual(Object.fromEntries(manifest.files.map((f) => [f, readFileSync(join(dir, f)).length])));
      expect(Object.keys(manifest.fileBytes)).toEqual(manifest.files);
    }
  });

  it('the report draws the same marks from jobs.parquet as from jobs.csv, and says what it lacks without either', () => {
    for (const dir of [csv, parquet, none]) expect(cnsim('report', dir, '--quiet').code).toBe(0);
    const labels = (dir: string): string[] => [...readFileSync(join(dir, 'report.html'), 'utf8').matchAll(/aria-label="[^"]*"/g)].map((m) => m[0]);
    expect(labels(parquet)).toEqual(labels(csv));
    expect(readFileSync(join(none, 'report.html'), 'utf8')).toContain('No per-job table in this folder');
  });

  it('refuses an unknown format with exit 2, naming the choices, and writes nothing', () => {
    const out = join(base, 'xml');
    const r = cnsim('run', FAULTS, '--out', out, '--jobs-format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/jobs-format.*"xml".*Choices: "csv", "parquet", "none"/s);
    expect(existsSync(out)).toBe(false);
  });
});

describe('an output folder that cannot be written', () => {
  const base = mkdtempSync(join(tmpdir(), 'cnsim-unwritable-'));

  it('a path through a file: exit 2 naming it, no results folder', () => {
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    const r = cnsim('run', FAULTS, '--out', join(file, 'results'), '--quiet');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write \((ENOTDIR|EEXIST)\): a part of the path is a file, not a folder: choose another --out; nothing was half-written/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  // A full and a read-only disk need a file system of their own: a tmpfs, which root can mount
  // (the developers' machines and CI run as root). Elsewhere these two say so and are skipped.
  const mounts: string[] = [];
  const canMount = ((): boolean => {
    const probe = join(base, 'probe');
    mkdirSync(probe);
    const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]).status === 0;
    if (ok) spawnSync('umount', [probe]);
    return ok;
  })();
  if (!canMount) console.warn('skipping the full and read-only disk tests: mounting a tmpfs needs root');

  it.skipIf(!canMount).each([
    ['full', 'size=64k', /cannot write \(ENOSPC\): no space left on the device/],
    ['read-only', 'size=64k,ro', /cannot write \(EROFS\): the file system is read-only/],
  ])('a %s disk: exit 2 with what to do, and no folder, finished or half-written, left on it', (name, options, message) => {
    const disk = join(base, name);
    mkdirSync(disk);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', disk]).status).toBe(0);
    mounts.push(disk);
    try {
      const r = cnsim('run', FAULTS, '--out', join(disk, 'run'), '--quiet');
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(readdirSync(disk)).toEqual([]);
    } finally {
      spawnSync('umount', [disk]);
    }
  });
});

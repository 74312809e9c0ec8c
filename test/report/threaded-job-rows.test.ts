import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JobStatus } from '../../src/model/job.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { JOBS_COLUMNS } from '../../src/report/columns.js';
import { CsvFileRows } from '../../src/report/csv.js';
import { ParquetRows } from '../../src/report/jobs-parquet.js';
import type { JobEnergyFigures, JobRowNames, JobRowSource } from '../../src/report/jobs-table.js';
import { CellRowWriter, type JobRowWriter } from '../../src/report/run-tally.js';
import { ThreadedJobRows } from '../../src/report/threaded-job-rows.js';
import { runToFolder } from '../../src/runner/run-scenario.js';
import { createRng } from '../../src/engine/rng.js';

const HEADER = JOBS_COLUMNS.columns.map((c) => c.name);
const NAMES: JobRowNames = { centreIds: ['zhengzhou', 'shenzhen', '中卫'], partitionIds: ['cpu', 'gpu', 'a,b', 'x"y'] };
const dir = mkdtempSync(join(tmpdir(), 'cnsim-threaded-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Jobs of every shape a row can take: each status, energy or none, odd numbers and odd text. */
function syntheticJobs(count: number, seed: string): { job: JobRowSource; energy: JobEnergyFigures | null }[] {
  const stream = createRng(seed, 'threaded-rows');
  const rng = (): number => stream.next();
  const odd = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0.1 + 0.2, 1e21, 5e-324, 2 ** 53 + 2, -123.456789];
  const num = (): number => (rng() < 0.15 ? (odd[Math.floor(rng() * odd.length)] as number) : Math.round(rng() * 1e9) / 1e3);
  const texts = ['', 'hpc', 'ai-training', 'a "quoted", text', 'line\nbreak', 'été', '数据集', '🚀 rocket', 'x'.repeat(300), 'y'.repeat(256), 'z'.repeat(257), 'lone \uD800 surrogate', '\uDFFF'.repeat(300)];
  const text = (): string => (rng() < 0.02 ? `unique-${Math.floor(rng() * 1e9)}` : (texts[Math.floor(rng() * texts.length)] as string));
  return Array.from({ length: count }, (_, i) => {
    const status = Math.floor(rng() * 8) as JobStatus;
    const job: JobRowSource = {
      spec: {
        id: rng() < 0.01 ? `long-${'é'.repeat(400)}-${i}` : rng() < 0.01 ? `${'i'.repeat(250)}-${i}`.slice(0, 256) : rng() < 0.01 ? `\uD83D-${i}` : rng() < 0.05 ? `job ${i}, "${text()}"` : String(i),
        origin: text(),
        jobClass: text(),
        cores: Math.floor(rng() * 4096),
        gpus: Math.floor(rng() * 8),
        submitS: num(),
        runtimeS: num(),
        walltimeS: num(),
        inputBytes: num(),
        outputBytes: num(),
        ...(rng() < 0.5 ? { dataset: text() } : {}),
        ...(rng() < 0.3 ? { deadlineS: num() } : {}),
      },
      status,
      killed: rng() < 0.2,
      centre: Math.floor(rng() * 4) - 1,
      partition: Math.floor(rng() * 5) - 1,
      nodes: Math.floor(rng() * 3),
      dispatchedS: num(),
      queuedS: num(),
      startS: num(),
      endS: num(),
      doneS: num(),
      runS: num(),
      stageInS: num(),
      stageOutS: num(),
      rejectReason: status === JobStatus.Rejected ? text() : '',
      dataSource: text(),
      stageInBytes: num(),
      stageOutBytes: num(),
      speed: num(),
      wakeS: num(),
      shiftS: num(),
      attempts: Math.floor(rng() * 3),
      lostNodeS: num(),
      checkpointNodeS: num(),
    };
    const energy = rng() < 0.5 ? null : { itKWh: num(), overheadKWh: num(), costCny: num(), co2Kg: num() };
    return { job, energy };
  });
}

function writeAll(writer: JobRowWriter, jobs: ReturnType<typeof syntheticJobs>): void {
  for (const { job, energy } of jobs) writer.write(job, energy);
  writer.close();
}

describe('the jobs file written by a thread of its own', () => {
  it.each([
    ['csv', 70_000],
    ['parquet', 20_000],
  ] as const)('%s: the same bytes as written inline, across chunks, long and non-ASCII text, and more strings than the shared table holds', (format, count) => {
    // 70,000 rows: 34 chunks. A dataset of its own for every job fills the shared table of
    // strings (2^16) and goes on past it. (Parquet: 10 chunks, the same code on the other side.)
    const jobs = syntheticJobs(count, format).map(({ job, energy }, i) => ({ job: { ...job, spec: { ...job.spec, dataset: `ds-${i}` } }, energy }));
    const inline = join(dir, `inline.${format}`);
    const threaded = join(dir, `threaded.${format}`);
    writeAll(new CellRowWriter(NAMES, format === 'csv' ? new CsvFileRows(inline, HEADER) : new ParquetRows(inline, HEADER)), jobs);
    writeAll(new ThreadedJobRows(format, threaded, HEADER, NAMES), jobs);
    const a = readFileSync(inline);
    const b = readFileSync(threaded);
    expect(b.length).toBeGreaterThan(1000);
    expect(b.equals(a)).toBe(true);
  });

  it('an empty run: the header alone', () => {
    const path = join(dir, 'empty.csv');
    writeAll(new ThreadedJobRows('csv', path, HEADER, NAMES), []);
    expect(readFileSync(path, 'utf8')).toBe(`${HEADER.join(',')}\n`);
  });

  it('a full disk reaches the simulation as the error it is (ENOSPC), not a hang', () => {
    const writer = new ThreadedJobRows('csv', '/dev/full', HEADER, NAMES);
    const jobs = syntheticJobs(20_000, 'full');
    let error: unknown;
    try {
      writeAll(writer, jobs);
    } catch (e) {
      error = e;
    }
    expect((error as NodeJS.ErrnoException | undefined)?.code).toBe('ENOSPC');
    // The run's clean-up after the error does not throw or wait.
    writer.abort();
  });

  it('a file that cannot be opened: the error names it', () => {
    const path = join(dir, 'no-such-folder', 'jobs.csv');
    const writer = new ThreadedJobRows('csv', path, HEADER, NAMES);
    expect(() => writeAll(writer, syntheticJobs(10, 'open'))).toThrow(expect.objectContaining({ code: 'ENOENT', path }));
  });

  it('abort before the end stops the thread and writes nothing more', () => {
    const path = join(dir, 'aborted.csv');
    const writer = new ThreadedJobRows('csv', path, HEADER, NAMES);
    for (const { job, energy } of syntheticJobs(5000, 'abort')) writer.write(job, energy);
    writer.abort();
    writer.abort();
    // The rows handed over before the abort may be there, never a row cut in half, and the
    // thread has closed the file: it no longer grows.
    const text = readFileSync(path, 'utf8');
    expect(text.startsWith(HEADER.join(','))).toBe(true);
    expect(text.endsWith('\n')).toBe(true);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
    expect(readFileSync(path, 'utf8')).toBe(text);
    // Closing after an abort writes nothing more either.
    writer.close();
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('a whole run: jobs.csv and jobs.parquet the same with and without the thread (failures, energy, rejections)', () => {
    for (const [name, formats] of [
      ['failures-2025', ['csv', 'parquet']],
      ['inference-latency', ['csv']],
    ] as const) {
      const scenario = loadScenario(name);
      for (const format of formats) {
        const file = format === 'csv' ? 'jobs.csv' : 'jobs.parquet';
        const a = join(dir, `${name}-${format}-inline`);
        const b = join(dir, `${name}-${format}-threaded`);
        runToFolder(scenario, name, a, { untilS: 43_200 }, undefined, format, { writerThread: false });
        runToFolder(scenario, name, b, { untilS: 43_200 }, undefined, format, { writerThread: true });
        const inline = readFileSync(join(a, file));
        expect(inline.length).toBeGreaterThan(10_000);
        expect(readFileSync(join(b, file)).equals(inline)).toBe(true);
        // The other tables do not depend on the thread either.
        expect(readFileSync(join(b, 'summary.csv'), 'utf8')).toBe(readFileSync(join(a, 'summary.csv'), 'utf8'));
      }
    }
  });
});

import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { loadSweep } from '../../src/parallel/load-sweep.js';
import { mergeSweeps } from '../../src/parallel/merge-sweeps.js';
import { runSweep } from '../../src/parallel/run-sweep.js';
import { SUMMARY_COLUMNS } from '../../src/report/columns.js';
import { tempDir, writeSweep } from './sweep-helpers.js';

// Six runs of two-sites with a 3-hour horizon: ~50 ms each.
const AXES = { 'centres[wuxi].queue.policy': ['fcfs', 'easy'], seed: '1..3' };
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('runSweep', async () => {
  const dir = tempDir();
  const plan = loadSweep(writeSweep(dir, { axes: AXES }));
  const byWorkers = new Map<number, string>();
  for (const workers of [1, 2, 4]) {
    const out = join(dir, `w${workers}`);
    const outcome = await runSweep(plan, { outDir: out, workers });
    expect(outcome.failed).toEqual([]);
    byWorkers.set(workers, out);
  }
  const w1 = byWorkers.get(1) as string;

  it('writes byte-identical summary.csv, failures.csv and sweep.json with 1, 2 and 4 workers', () => {
    for (const workers of [2, 4]) {
      const out = byWorkers.get(workers) as string;
      for (const file of ['summary.csv', 'failures.csv', 'sweep.json']) expect(read(out, file), `${file} with ${workers} workers`).toBe(read(w1, file));
    }
  });

  it('writes one row per run in sweep order, the run summary prefixed by run_id and the axes', () => {
    const lines = read(w1, 'summary.csv').trimEnd().split('\n');
    expect(lines[0]).toBe(['run_id', 'centres[wuxi].queue.policy', 'status', ...SUMMARY_COLUMNS.columns.map((c) => c.name)].join(','));
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 5).join(','))).toEqual(
      plan.runs.map((r) => `${r.runId},${String(r.params['centres[wuxi].queue.policy'])},ok,two-sites,${String(r.params.seed)}`),
    );
    const runSummary = read(join(w1, 'runs', plan.runs[3]?.runId as string), 'summary.csv').split('\n')[1];
    expect(lines[4]).toBe(`${plan.runs[3]?.runId},easy,ok,${runSummary}`);
    expect(read(w1, 'failures.csv')).toBe('run_id,error\n');
  });

  it('writes each run its own results folder with run.json', () => {
    const run = plan.runs[0];
    const files = readdirSync(join(w1, 'runs', run?.runId as string)).sort();
    expect(files).toEqual(['centres.csv', 'energy.csv', 'jobs.csv', 'link_windows.csv', 'links.csv', 'manifest.json', 'outages.csv', 'regions.csv', 'run.json', 'sites.csv', 'summary.csv', 'utilization.csv']);
    expect(JSON.parse(read(join(w1, 'runs', run?.runId as string), 'run.json'))).toMatchObject({ status: 'ok', paramsSha256: run?.paramsSha256, params: run?.params });
  });

  it('sharded runs merged give the bytes of the unsharded run', async () => {
    const shards = [0, 1, 2].map((i) => join(dir, `shard-${i}`));
    for (const [i, out] of shards.entries()) {
      const outcome = await runSweep(plan, { outDir: out, workers: 1, shard: { index: i, count: 3 } });
      expect(outcome.ran).toEqual(plan.runs.filter((r) => r.index % 3 === i).map((r) => r.runId));
    }
    const merged = join(dir, 'merged');
    // Any order of the folders gives the same result.
    expect(mergeSweeps([shards[2], shards[0], shards[1]] as string[], merged)).toMatchObject({ runs: 6, failed: 0 });
    for (const file of ['summary.csv', 'failures.csv', 'sweep.json']) expect(read(merged, file), file).toBe(read(w1, file));
  });

  it('merges into a new folder or an earlier merge of the same sweep, never over other files', () => {
    const shards = [0, 1, 2].map((i) => join(dir, `shard-${i}`));
    const merged = join(dir, 'merged-twice');
    mergeSweeps(shards, merged);
    expect(mergeSweeps(shards, merged)).toMatchObject({ runs: 6 });
    // The unsharded sweep's folder is the same sweep, merged already: allowed; a run's folder, a shard, or the user's files: refused.
    const own = join(dir, 'own');
    mkdirSync(own);
    writeFileSync(join(own, 'notes.txt'), 'mine');
    expect(() => mergeSweeps(shards, own)).toThrow(/--out .*own holds 1 entry and no merged sweep: merge writes .* only into a new folder or an earlier merge of the same sweep/);
    expect(readdirSync(own)).toEqual(['notes.txt']);
    const run = join(w1, 'runs', readdirSync(join(w1, 'runs'))[0] as string);
    const before = read(run, 'summary.csv');
    expect(() => mergeSweeps(shards, run)).toThrow(/no merged sweep/);
    expect(read(run, 'summary.csv')).toBe(before);
    expect(() => mergeSweeps(shards.slice(0, 3), join(dir, 'shard-0'))).toThrow(/is one of the folders to merge/);
  });

  it('refuses to merge shards of different sweeps, or an incomplete set of shards', async () => {
    const other = loadSweep(writeSweep(dir, { axes: { seed: '1..2' } }, 'other.yaml'));
    const a = join(dir, 'other-0');
    await runSweep(other, { outDir: a, workers: 1, shard: { index: 0, count: 2 } });
    expect(() => mergeSweeps([join(dir, 'shard-0'), a], join(dir, 'bad-merge'))).toThrow(/only shards of one sweep/);
    expect(() => mergeSweeps([join(dir, 'shard-0'), join(dir, 'shard-1')], join(dir, 'bad-merge'))).toThrow(/2 of 6 runs are in none of the folders \(missing shards: 2\/3\)/);
    expect(existsSync(join(dir, 'bad-merge'))).toBe(false);
  });

  it('refuses to write into a folder that holds a sweep, unless resuming', async () => {
    await expect(runSweep(plan, { outDir: w1, workers: 1 })).rejects.toThrow(InputError);
    const again = await runSweep(plan, { outDir: w1, workers: 1, resume: true });
    expect(again.ran).toEqual([]);
    expect(again.skipped).toHaveLength(6);
  });
});

describe('runSweep with failing runs and interruptions', () => {
  it('records a run that throws with its error, completes the others, and reports the failure', async () => {
    const dir = tempDir();
    // fcfs takes no options: the combination fcfs + backfillOrder fails in its run, though each
    // value alone is valid (so the sweep passes the check before the runs).
    const plan = loadSweep(
      writeSweep(dir, {
        axes: { 'centres[wuxi].queue.policy': ['easy', 'fcfs'], 'centres[wuxi].queue.options.backfillOrder': ['sjf'], seed: '1..2' },
        set: { 'centres[wuxi].queue': { policy: 'easy' } },
      }),
    );
    const out = join(dir, 'out');
    const outcome = await runSweep(plan, { outDir: out, workers: 2 });
    expect(outcome.ran).toHaveLength(4);
    expect(outcome.failed.map((f) => f.runId)).toEqual([plan.runs[2]?.runId, plan.runs[3]?.runId]);
    expect(outcome.failed[0]?.error).toMatch(/centres\[0\]\.queue\.options.*backfillOrder/);
    const summary = read(out, 'summary.csv').trimEnd().split('\n').slice(1);
    expect(summary.map((l) => l.split(',')[3])).toEqual(['ok', 'ok', 'failed', 'failed']);
    // A failed row keeps its seed (an axis) and leaves the metrics empty.
    expect(summary[2]).toMatch(new RegExp(`^${plan.runs[2]?.runId},fcfs,sjf,failed,,1,,,`));
    expect(read(out, 'failures.csv').split('\n')[1]).toMatch(new RegExp(`^${plan.runs[2]?.runId},`));
    expect(read(join(out, 'runs', plan.runs[2]?.runId as string), 'error.txt')).toMatch(/InputError/);
    // A resume retries the failed runs only.
    const resumed = await runSweep(plan, { outDir: out, workers: 2, resume: true });
    expect(resumed.ran).toEqual([plan.runs[2]?.runId, plan.runs[3]?.runId]);
  });

  it('stops on abort keeping finished runs; --resume then runs only what is missing', async () => {
    const dir = tempDir();
    const plan = loadSweep(writeSweep(dir, { axes: { seed: '1..8' } }));
    const out = join(dir, 'out');
    const controller = new AbortController();
    const first = await runSweep(plan, {
      outDir: out,
      workers: 1,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done === 2) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.ran).toHaveLength(2);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    expect(readdirSync(join(out, 'runs')).filter((n) => n.startsWith('.'))).toEqual([]);

    const resumed = await runSweep(plan, { outDir: out, workers: 2, resume: true });
    expect(resumed.interrupted).toBe(false);
    expect(resumed.skipped).toEqual(first.ran);
    expect(resumed.ran).toEqual(plan.runs.map((r) => r.runId).filter((id) => !first.ran.includes(id)));

    const fresh = join(dir, 'fresh');
    await runSweep(plan, { outDir: fresh, workers: 2 });
    expect(read(out, 'summary.csv')).toBe(read(fresh, 'summary.csv'));
  });

  /** A finished sweep of four seeds: its folder, plan, summary, and the folder of its k-th run. */
  async function finishedSweep() {
    const dir = tempDir();
    const out = join(dir, 'out');
    const plan = loadSweep(writeSweep(dir, { axes: { seed: '1..4' } }));
    await runSweep(plan, { outDir: out, workers: 1 });
    const run = (k: number): string => join(out, 'runs', plan.runs[k]?.runId as string);
    return { out, plan, before: read(out, 'summary.csv'), run };
  }

  it('--resume reruns a run whose folder was damaged since (a file its manifest lists gone, a garbled summary, run.json null), and summary.csv then reads', async () => {
    const { out, plan, before, run } = await finishedSweep();
    rmSync(join(run(0), 'jobs.csv'));
    writeFileSync(join(run(1), 'summary.csv'), '"garbled\n\u0000,"x');
    writeFileSync(join(run(2), 'run.json'), 'null');
    const resumed = await runSweep(plan, { outDir: out, workers: 1, resume: true });
    expect([...resumed.ran].sort()).toEqual([0, 1, 2].map((k) => plan.runs[k]?.runId).sort());
    expect(resumed.skipped).toHaveLength(1);
    expect(read(out, 'summary.csv')).toBe(before);
  });

  it('--resume reruns a run one of whose files was cut off or edited since (its size differs from the manifest), keeping a run of an older cnsim that recorded no sizes', async () => {
    const { out, plan, before, run } = await finishedSweep();
    // A copy that stopped half way through centres.csv; a hand edit that keeps every line whole.
    const centres = read(run(0), 'centres.csv');
    writeFileSync(join(run(0), 'centres.csv'), centres.slice(0, centres.indexOf('\n') + 1));
    writeFileSync(join(run(1), 'links.csv'), `${read(run(1), 'links.csv')}extra,row\n`);
    // A run folder written before sizes were recorded: judged by the other checks, and kept.
    const manifest = JSON.parse(read(run(2), 'manifest.json')) as Record<string, unknown>;
    delete manifest.fileBytes;
    writeFileSync(join(run(2), 'manifest.json'), JSON.stringify(manifest));
    const resumed = await runSweep(plan, { outDir: out, workers: 1, resume: true });
    expect([...resumed.ran].sort()).toEqual([0, 1].map((k) => plan.runs[k]?.runId).sort());
    expect([...resumed.skipped].sort()).toEqual([2, 3].map((k) => plan.runs[k]?.runId).sort());
    expect(read(run(0), 'centres.csv')).toBe(centres);
    expect(read(out, 'summary.csv')).toBe(before);
  });

  it('refuses --out on a run results folder or a folder of other files (its summary.csv would be overwritten)', async () => {
    const dir = tempDir();
    const plan = loadSweep(writeSweep(dir, { axes: { seed: '1..2' } }));
    const other = join(dir, 'mine');
    mkdirSync(other);
    writeFileSync(join(other, 'summary.csv'), 'my own\n');
    await expect(runSweep(plan, { outDir: other, workers: 1 })).rejects.toThrow(/exists and is not a sweep folder \(no sweep\.json; it holds 'summary\.csv'\)/);
    expect(readdirSync(other)).toEqual(['summary.csv']);
  });

  it('--resume reruns a finished run whose parameters changed', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    await runSweep(loadSweep(writeSweep(dir, { axes: { seed: '1..2' } })), { outDir: out, workers: 1 });
    const changed = loadSweep(writeSweep(dir, { axes: { seed: '1..2' }, set: { 'dispatch.infoPeriod': '5min' } }));
    const resumed = await runSweep(changed, { outDir: out, workers: 1, resume: true });
    expect(resumed.skipped).toEqual([]);
    expect(resumed.ran).toHaveLength(2);
  });
});

describe('the sweep worker', () => {
  it('runs from the scenario the main thread read, and locates a problem in the file only when there is one', async () => {
    const { default: runSweepTask } = await import('../../src/parallel/sweep-worker.js');
    const dir = tempDir();
    const plan = loadSweep(writeSweep(dir, { axes: { seed: '1..1' } }));
    const run = plan.runs[0] as (typeof plan.runs)[number];
    const task = { sweepName: plan.name, runId: run.runId, index: 0, scenarioFile: plan.scenarioFile, overrides: run.overrides, params: run.params, paramsSha256: run.paramsSha256 };
    // A good run does not read the file at all: here it does not even exist.
    const ok = await runSweepTask({ ...task, scenarioFile: join(dir, 'gone.yaml'), scenarioRaw: plan.scenarioRaw, runDir: join(dir, 'ok') });
    expect(ok).toMatchObject({ ok: true, error: '' });
    // A raw scenario that differs from the file (nodes: 0, a value no override touches): the
    // message names the path and its line in the file, read only now.
    const raw = structuredClone(plan.scenarioRaw) as { centres: { partitions: { nodes: number }[] }[] };
    (raw.centres[0]?.partitions[0] as { nodes: number }).nodes = 0;
    const bad = await runSweepTask({ ...task, scenarioRaw: raw, runDir: join(dir, 'bad') });
    expect(bad.ok).toBe(false);
    expect(bad.error).toMatch(/centres\[0\]\.partitions\[0\]\.nodes \(line \d+, col \d+\)/);
    expect(read(join(dir, 'bad'), 'run.json')).toContain('"status": "failed"');
    // The file gone (or broken) meanwhile: the problem is still reported, without a location.
    const gone = await runSweepTask({ ...task, scenarioFile: join(dir, 'gone.yaml'), scenarioRaw: raw, runDir: join(dir, 'gone') });
    expect(gone.error).toMatch(/centres\[0\]\.partitions\[0\]\.nodes/);
    expect(gone.error).not.toMatch(/cannot read|line \d+/);
  });
});

describe('runSweep with a jobs format', () => {
  it('jobsFormat none writes no per-job table in any run and the same summary.csv as csv', async () => {
    const dir = tempDir();
    const plan = loadSweep(writeSweep(dir, { axes: { seed: '1..2' } }));
    const csv = await runSweep(plan, { outDir: join(dir, 'csv'), workers: 1 });
    const none = await runSweep(plan, { outDir: join(dir, 'none'), workers: 1, jobsFormat: 'none' });
    expect(none.failed).toEqual([]);
    expect(read(none.outDir, 'summary.csv')).toBe(read(csv.outDir, 'summary.csv'));
    for (const run of plan.runs) {
      const files = readdirSync(join(none.outDir, 'runs', run.runId));
      expect(files).toContain('summary.csv');
      expect(files.filter((f) => f.startsWith('jobs.'))).toEqual([]);
      expect(readdirSync(join(csv.outDir, 'runs', run.runId))).toContain('jobs.csv');
    }
  });
});

describe('runSweep with a dispatch plug-in', () => {
  it('loads the plug-in a sweep sets in every worker (over a scenario with a built-in policy), and its option axis changes the runs', async () => {
    const dir = tempDir();
    const plugin = join(import.meta.dirname, '..', '..', 'examples', 'dispatch-plugin.mjs');
    const plan = loadSweep(writeSweep(dir, { axes: { 'dispatch.options.maxWaitS': [0, 100000] }, set: { 'dispatch.module': plugin } }));
    const out = join(dir, 'out');
    const outcome = await runSweep(plan, { outDir: out, workers: 2 });
    expect(outcome.failed).toEqual([]);
    const runs = readdirSync(join(out, 'runs')).sort();
    expect(runs.length).toBe(2);
    const manifests = runs.map((id) => JSON.parse(read(join(out, 'runs', id), 'manifest.json')) as { dispatch?: unknown });
    for (const m of manifests) expect(m.dispatch).toEqual({ policy: '', module: plugin });
    // Waiting at most 0 s on the fastest device or up to 10^5 s: different choices, different jobs tables.
    expect(read(join(out, 'runs', runs[0] as string), 'jobs.csv')).not.toBe(read(join(out, 'runs', runs[1] as string), 'jobs.csv'));
  }, 60_000);
});

describe('runSweep and the job limit', () => {
  it('refuses an axis value over the limit when the sweep is read, and fails a combination over it before it draws a job', async () => {
    const dir = tempDir();
    // two-sites draws 60 jobs an hour for 3 h, about 180 jobs; twice the rate at twice the demand, about 720.
    expect(() => loadSweep(writeSweep(dir, { axes: { 'demand.scale': [1, 5] } }, 'one.yaml'), [], 500)).toThrow(/value 5: about 900 jobs, .* over the limit of 500 jobs/);
    const plan = loadSweep(writeSweep(dir, { axes: { 'demand.scale': [1, 2], 'workload[0].rate': ['60/h', '120/h'] } }, 'two.yaml'), [], 500);
    const outcome = await runSweep(plan, { outDir: join(dir, 'out'), workers: 1, maxJobs: 500 });
    expect(outcome.failed.map((f) => f.error)).toEqual([expect.stringMatching(/about 720 jobs, .* over the limit of 500 jobs/)]);
    expect(outcome.ran.length).toBe(4);
  }, 60_000);
});

describe('runSweep --resume with another jobs format', () => {
  it('runs again the runs that lack the per-job table now asked for, and keeps them when it is there', async () => {
    const dir = tempDir();
    const plan = loadSweep(writeSweep(dir, { axes: { seed: '1..2' } }));
    const out = join(dir, 'out');
    await runSweep(plan, { outDir: out, workers: 1, jobsFormat: 'none' });
    const again = await runSweep(plan, { outDir: out, workers: 1, resume: true, jobsFormat: 'csv' });
    expect([again.ran.length, again.skipped.length]).toEqual([2, 0]);
    for (const id of again.ran) expect(existsSync(join(out, 'runs', id, 'jobs.csv'))).toBe(true);
    const third = await runSweep(plan, { outDir: out, workers: 1, resume: true, jobsFormat: 'csv' });
    expect([third.ran.length, third.skipped.length]).toEqual([0, 2]);
  }, 60_000);
});

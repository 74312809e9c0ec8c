import { describe, expect, it } from 'vitest';
import { replayTrace, type ReplayOptions } from '../../src/replay/replay.js';
import { readSwf, type SwfTrace } from '../../src/workload/swf.js';
import { tracePath } from './reference-helpers.js';
import { replayViolations } from './replay-invariants.js';

// HPC2N, SDSC-BLUE and LLNL-Atlas have reference results that were kept back, so no per-job
// oracle is available here: these tests check what must hold whatever the reference says.
const cache = new Map<string, SwfTrace>();
const trace = (name: string): SwfTrace => {
  let t = cache.get(name);
  if (t === undefined) {
    t = readSwf(tracePath(name));
    cache.set(name, t);
  }
  return t;
};
const starts = (name: string, options: ReplayOptions): Map<string, number> => {
  const out = replayTrace(trace(name), options);
  expect(replayViolations(out.result.jobs, out.machine.nodes, options.policy === 'fcfs')).toEqual([]);
  return new Map(out.result.jobs.map((j) => [j.spec.id, j.startS]));
};

describe.each(['HPC2N', 'SDSC-BLUE', 'LLNL-Atlas'])('%s (references not published)', (name) => {
  it('fcfs gives the same start for every job under batch and pyss ordering (strict FCFS does not depend on intra-second order)', () => {
    const batch = starts(name, { policy: 'fcfs' });
    const pyss = starts(name, { policy: 'fcfs', ordering: 'pyss' });
    expect(pyss).toEqual(batch);
  });

  it('easy: capacity, start ≥ submit and end = start + run hold in the default and pyss-compatible modes; EASY waits less than FCFS', () => {
    const fcfs = replayTrace(trace(name), { policy: 'fcfs' });
    const easy = replayTrace(trace(name), { policy: 'easy' });
    expect(replayViolations(easy.result.jobs, easy.machine.nodes, false)).toEqual([]);
    expect(easy.metrics[0]?.meanWaitS).toBeLessThan(fcfs.metrics[0]?.meanWaitS ?? 0);
    const pyss = replayTrace(trace(name), { policy: 'easy', compat: 'pyss', oversize: 'clamp' });
    expect(replayViolations(pyss.result.jobs, pyss.machine.nodes, false)).toEqual([]);
  });

  it('conservative (first 20,000 jobs): capacity, start ≥ submit and end = start + run hold', () => {
    const out = replayTrace(trace(name), { policy: 'conservative', first: 20_000 });
    expect(replayViolations(out.result.jobs, out.machine.nodes, false)).toEqual([]);
    expect(Number.isFinite(out.metrics[0]?.meanWaitS)).toBe(true);
  });

  it('--compat rlscheduler (first 10,000 jobs, as its table slice): invariants hold with and without its backfilling', () => {
    for (const policy of ['fcfs', 'easy']) {
      const out = replayTrace(trace(name), { policy, compat: 'rlscheduler', first: 10_000 });
      expect(replayViolations(out.result.jobs, out.machine.nodes, false)).toEqual([]);
    }
  });
});

describe('HPC2N: conversions that agree give identical FCFS schedules', () => {
  it('default and --compat pyss (same run time min(f4, f9) and processors f5 on this trace) start every job at the same second', () => {
    const cnsim = starts('HPC2N', { policy: 'fcfs' });
    const pyss = starts('HPC2N', { policy: 'fcfs', compat: 'pyss' });
    expect(pyss.size).toBe(cnsim.size);
    expect(pyss).toEqual(cnsim);
  });
});

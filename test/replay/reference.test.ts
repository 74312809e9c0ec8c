import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayTrace, type ReplayOptions } from '../../src/replay/replay.js';
import { readSwf, type SwfTrace } from '../../src/workload/swf.js';
import { compareStarts, FIXTURES, referenceStarts, tracePath } from './reference-helpers.js';
import { replayViolations } from './replay-invariants.js';

const traces = new Map<string, SwfTrace>();
const trace = (name: string): SwfTrace => {
  let t = traces.get(name);
  if (t === undefined) {
    t = readSwf(tracePath(name));
    traces.set(name, t);
  }
  return t;
};

function startsOf(name: string, options: ReplayOptions) {
  const out = replayTrace(trace(name), options);
  expect(replayViolations(out.result.jobs, out.machine.nodes, options.policy === 'fcfs')).toEqual([]);
  return { out, starts: new Map(out.result.jobs.map((j) => [j.spec.id, j.startS])) };
}

/** metrics_summary.csv rows: tool,trace,policy → row. */
const summary = new Map(
  readFileSync(`${FIXTURES}reference/metrics_summary.csv`, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const c = line.split(',');
      return [`${c[0]},${c[1]},${c[2]}`, { jobs: Number(c[4]), wait: Number(c[5]), bsld: Number(c[6]), util: Number(c[8]), makespan: Number(c[9]) }];
    }),
);
const FULL: Record<string, string> = {
  lublin_256: 'lublin_256',
  lublin_256_new2: 'lublin_256_new2',
  'CTC-SP2': 'CTC-SP2-1996-3.1-cln',
  'NASA-iPSC': 'NASA-iPSC-1993-3.1-cln',
};

describe('default mode (batch ordering, DESIGN §4 conversion) against the cnsim reference starts', () => {
  describe.each(['lublin_256', 'lublin_256_new2', 'CTC-SP2', 'NASA-iPSC'])('%s', (name) => {
    it.each(['fcfs', 'easy'])('%s: every job starts at the reference second, and the summary metrics match', (policy) => {
      const { out, starts } = startsOf(name, { policy });
      const c = compareStarts(referenceStarts(`cnsim_${name}_${policy}.csv.gz`), starts);
      expect(c.examples).toEqual([]);
      expect(c.same).toBe(c.total);
      expect(out.replayed.length).toBe(c.total);
      const ref = summary.get(`default-oracle,${FULL[name]},${policy}`);
      const m = out.metrics[0];
      expect(ref).toBeDefined();
      expect(m?.jobs).toBe(ref?.jobs);
      expect(m?.meanWaitS.toFixed(3)).toBe(ref?.wait.toFixed(3));
      expect(m?.meanBsld.toFixed(4)).toBe(ref?.bsld.toFixed(4));
      expect(m?.utilization.toFixed(5)).toBe(ref?.util.toFixed(5));
      expect(m?.makespanS).toBe(ref?.makespan);
    });
  });
});

describe('--compat pyss against the pyss reference starts', () => {
  describe.each([
    ['lublin_256', true],
    ['lublin_256_new2', true],
    ['CTC-SP2', false],
  ] as const)('%s (fill-reqtime: %s)', (name, fillReqtime) => {
    it.each(['fcfs', 'easy'])('%s: every job starts at the pyss second, and the summary metrics match', (policy) => {
      const { out, starts } = startsOf(name, { policy, compat: 'pyss', fillReqtime });
      const c = compareStarts(referenceStarts(`pyss_${name}_${policy}.csv.gz`), starts);
      expect(c.examples).toEqual([]);
      expect(c.same).toBe(c.total);
      const ref = summary.get(`pyss,${FULL[name]},${policy}`);
      const m = out.metrics[0];
      expect(m?.jobs).toBe(ref?.jobs);
      expect(m?.meanWaitS.toFixed(3)).toBe(ref?.wait.toFixed(3));
      expect(m?.meanBsld.toFixed(4)).toBe(ref?.bsld.toFixed(4));
      expect(m?.utilization.toFixed(5)).toBe(ref?.util.toFixed(5));
    });
  });
});

describe('--compat rlscheduler against the RLScheduler reference starts (whole trace as one window)', () => {
  describe.each(['lublin_256', 'lublin_256_new2'])('%s', (name) => {
    it.each([
      ['fcfs', 'bf0'],
      ['easy', 'bf1'],
    ])('%s (%s): every job starts at the RLScheduler second', (policy, bf) => {
      const { starts } = startsOf(name, { policy, compat: 'rlscheduler' });
      const c = compareStarts(referenceStarts(`rlsched_${name}_fcfs_${bf}.csv.gz`), starts);
      expect(c.examples).toEqual([]);
      expect(c.same).toBe(c.total);
    });
  });
});

describe("RLScheduler's published Table V / VI (SC'20), reproduced to the printed digits", () => {
  const WINDOWS = [1981, 2756, 4299, 8850, 3316, 2714, 5228, 7762, 4022, 7085];
  /** Mean over the 10 windows of (mean bsld of the window's 1,024 jobs), and of utilization to the last start. */
  function table(name: string, policy: string): { bsld: number; util: number } {
    let bsld = 0;
    let util = 0;
    for (const start of WINDOWS) {
      const out = replayTrace(trace(name), { policy, compat: 'rlscheduler', window: { start, length: 1024 } });
      bsld += out.metrics[0]?.meanBsld ?? Number.NaN;
      util += out.metrics[0]?.utilizationToLastStart ?? Number.NaN;
    }
    return { bsld: bsld / WINDOWS.length, util: util / WINDOWS.length };
  }
  it.each([
    ['lublin_256', 'fcfs', '7273.77', '0.657'],
    ['lublin_256_new2', 'fcfs', '7842.47', '0.404'],
    ['HPC2N', 'fcfs', '297.18', '0.638'],
    ['lublin_256', 'easy', '235.82', '0.868'],
    ['lublin_256_new2', 'easy', '247.61', '0.587'],
    ['HPC2N', 'easy', '127.38', '0.639'],
  ])('%s %s: average bounded slowdown %s, utilization %s', (name, policy, bsld, util) => {
    const t = table(name, policy);
    expect(t.bsld.toFixed(2)).toBe(bsld);
    expect(t.util.toFixed(3)).toBe(util);
  });
});

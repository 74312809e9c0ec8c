import { describe, expect, it } from 'vitest';
import { runMachine } from './run-machine.js';

// Machine of 10 processors. j1 runs on 6 until its walltime 100 (shadow time of the head j2,
// which needs 8: at 100 j1's 6 return, 4 + 6 = 10 ≥ 8, extra = 2).
const base = [
  [0, 6, 100, 100],
  [1, 8, 50, 50],
] as const;

describe('easy', () => {
  it('backfills a job that ends exactly at the reservation (now + walltime = shadow)', () => {
    const s = runMachine(10, 'easy', [...base, [2, 4, 98, 98]]);
    expect(s).toEqual({ j1: 0, j2: 100, j3: 2 });
  });

  it('does not backfill a job ending one second after the reservation that needs more than the extra processors', () => {
    const s = runMachine(10, 'easy', [...base, [2, 4, 99, 99]]);
    expect(s).toEqual({ j1: 0, j2: 100, j3: 150 });
  });

  it('backfills a long job that only uses the extra processors, and uses the extra up', () => {
    // j3 (2 procs = extra) runs past the shadow: allowed. j4 (1 proc, long) then finds extra 0.
    const s = runMachine(10, 'easy', [...base, [2, 2, 1000, 1000], [3, 1, 1000, 1000]]);
    expect(s).toEqual({ j1: 0, j2: 100, j3: 2, j4: 150 });
  });

  it('counts every running job that ends at the shadow time in the extra processors', () => {
    // 10 procs: j1 (4) and j2 (4) both end at 100; head j3 needs 6 → shadow 100, free then
    // 2 + 4 + 4 = 10, extra = 4: a 4-proc long job j4 backfills (with only j1 counted it would not).
    const s = runMachine(10, 'easy', [
      [0, 4, 100, 100],
      [0, 4, 100, 100],
      [1, 6, 10, 10],
      [2, 2, 1000, 1000],
    ]);
    expect(s).toEqual({ j1: 0, j2: 0, j3: 100, j4: 2 });
  });

  it('never starts the head later than its reservation, even when a backfilled job holds processors after an early end', () => {
    // j1 asks 100 s but ends at 40. j3 was backfilled at 2 (ends 100 ≤ shadow 100) and still
    // runs at 40: 10 − 4 = 6 < 8, so j2 starts at its reservation 100, not later.
    const s = runMachine(10, 'easy', [
      [0, 6, 40, 100],
      [1, 8, 50, 50],
      [2, 4, 98, 98],
    ]);
    expect(s).toEqual({ j1: 0, j2: 100, j3: 2 });
  });

  it('starts the head at the early end when nothing was backfilled', () => {
    const s = runMachine(10, 'easy', [
      [0, 6, 40, 100],
      [1, 8, 50, 50],
      [2, 4, 200, 200],
    ]);
    // j3 cannot backfill (ends 202 > 100 and 4 > extra 2); j1 ends at 40 → j2 starts at 40,
    // then j3 waits for j2 (2 free): starts at 90.
    expect(s).toEqual({ j1: 0, j2: 40, j3: 90 });
  });

  it('recomputes the reservation when the state changes', () => {
    // At 40 j1 ends early: the new head j3 (after j2 started) gets a new shadow.
    const s = runMachine(10, 'easy', [
      [0, 6, 40, 100],
      [1, 8, 50, 50],
      [2, 10, 10, 10],
      [3, 2, 45, 45],
    ]);
    // t=3: head j2 (shadow 100, extra 2): j4 (2 procs, ends 48) backfills.
    // t=40: j1 ends; free 10 − 2 = 8 → j2 starts (until 90). Head j3 needs 10 → shadow 90.
    // t=90: j3 starts.
    expect(s).toEqual({ j1: 0, j2: 40, j3: 90, j4: 3 });
  });

  it('with backfillOrder sjf, tries the shortest candidates first', () => {
    // At 2: free 4, shadow 100, extra 2. Candidates j3 (4 procs, 90 s) and j4 (4 procs, 20 s),
    // submitted together: fcfs order backfills j3; sjf order backfills j4 and then j3 no longer
    // fits (at 22 it would end at 112 > 100 with 4 > extra 2), so it waits for j2.
    const rows = [...base, [2, 4, 90, 90], [2, 4, 20, 20]] as const;
    expect(runMachine(10, 'easy', rows)).toEqual({ j1: 0, j2: 100, j3: 2, j4: 150 });
    expect(runMachine(10, 'easy', rows, { backfillOrder: 'sjf' })).toEqual({ j1: 0, j2: 100, j3: 150, j4: 2 });
  });

  it('never backfills with a single job in the queue (the head alone is just blocked)', () => {
    const s = runMachine(10, 'easy', [
      [0, 6, 100, 100],
      [1, 8, 50, 50],
    ]);
    expect(s).toEqual({ j1: 0, j2: 100 });
  });
});

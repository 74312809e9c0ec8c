import { describe, expect, it } from 'vitest';
import { runMachine } from './run-machine.js';

describe('fcfs', () => {
  it('starts jobs in queue order while they fit; the head that does not fit blocks the others', () => {
    // 10 procs. j1 takes 8 until 100. j2 (4 procs) waits; j3 (1 proc) could fit but is blocked by j2.
    const s = runMachine(10, 'fcfs', [
      [0, 8, 100, 100],
      [1, 4, 10, 10],
      [2, 1, 10, 10],
    ]);
    expect(s).toEqual({ j1: 0, j2: 100, j3: 100 });
  });

  it('lets a job arriving at the instant another ends use the freed processors', () => {
    const s = runMachine(4, 'fcfs', [
      [0, 4, 10, 10],
      [10, 4, 5, 5],
    ]);
    expect(s).toEqual({ j1: 0, j2: 10 });
  });

  it('kills a job at its walltime, so the next one starts then', () => {
    const s = runMachine(4, 'fcfs', [
      [0, 4, 100, 30],
      [1, 4, 5, 5],
    ]);
    expect(s).toEqual({ j1: 0, j2: 30 });
  });
});

describe('sjf', () => {
  it('starts the shortest walltime first, ties in queue order', () => {
    // j1 occupies the machine until 10; then j3 (walltime 5) and j4 (5, later) go before j2 (50).
    const s = runMachine(2, 'sjf', [
      [0, 2, 10, 10],
      [1, 2, 50, 50],
      [2, 1, 5, 5],
      [3, 1, 5, 5],
    ]);
    expect(s).toEqual({ j1: 0, j3: 10, j4: 10, j2: 15 });
  });

  it('blocks behind the shortest job that does not fit', () => {
    // At 10: j2 (3 procs, walltime 5) is shortest but only 2 free: j3 (1 proc, 100) waits too.
    const s = runMachine(3, 'sjf', [
      [0, 1, 20, 20],
      [0, 2, 10, 10],
      [1, 3, 5, 5],
      [2, 1, 100, 100],
    ]);
    expect(s).toEqual({ j1: 0, j2: 0, j3: 20, j4: 25 });
  });
});

import { describe, expect, it } from 'vitest';
import { NodePlacement } from '../../src/sim/node-placement.js';
import { formatIntervalSet, intervalSetSize, parseIntervalSet } from '../../src/report/interval-set.js';

const ids = (held: Int32Array): string => formatIntervalSet(held);

describe('node placement (first fit on node ids)', () => {
  it('takes the lowest free ids and merges what is given back (hand-computed)', () => {
    const p = new NodePlacement(10);
    const a = p.take(3, 't'); // 0-2
    const b = p.take(2, 't'); // 3-4
    const c = p.take(4, 't'); // 5-8
    expect([ids(a), ids(b), ids(c)]).toEqual(['0-2', '3-4', '5-8']);
    expect(p.free).toBe(1);
    p.release(b, 't'); // free: 3-4, 9
    const d = p.take(3, 't'); // 3-4 and 9: not contiguous, still the lowest
    expect(ids(d)).toBe('3-4 9');
    p.release(a, 't');
    p.release(c, 't');
    expect(p.free).toBe(7);
    expect(ids(p.take(7, 't'))).toBe('0-2 5-8'); // 3-4 and 9 are held by d
    expect(() => p.take(1, 't')).toThrow(/1 nodes asked, 0 free/);
  });

  it('refuses to free a node twice (the simulation and the placement would disagree)', () => {
    const p = new NodePlacement(4);
    const a = p.take(2, 'c/p');
    p.release(a, 'c/p');
    expect(() => p.release(a, 'c/p')).toThrow(/freed twice/);
  });

  it('a failure takes the victim’s first node, or the lowest free one, until its repair', () => {
    const p = new NodePlacement(6);
    const job = p.take(3, 't'); // 0-2
    p.release(job, 't'); // the job is killed by the failure: its nodes are freed first
    p.fail(4, job, 't'); // failure-model node 4 is the concrete node 0
    expect(p.free).toBe(5);
    p.fail(1, null, 't'); // an idle failure: the lowest free node, 1
    expect(ids(p.take(4, 't'))).toBe('2-5');
    p.repair(4, 't');
    expect(ids(p.take(1, 't'))).toBe('0');
    expect(() => p.repair(4, 't')).toThrow(/not down/);
  });
});

describe('interval sets (Batsim)', () => {
  it('writes the canonical form and reads every form Batsim accepts', () => {
    expect(formatIntervalSet(Int32Array.from([0, 4, 8, 9, 10, 12]))).toBe('0-3 8 10-11');
    expect(formatIntervalSet(Int32Array.from([0, 2, 2, 3]), 5)).toBe('5-7');
    expect(formatIntervalSet(new Int32Array(0))).toBe('');
    expect(parseIntervalSet('1-3 5 7')).toEqual([[1, 3], [5, 5], [7, 7]]);
    expect(intervalSetSize(parseIntervalSet('5 2-2 7 1-3 1-2'))).toBe(5);
    expect(() => parseIntervalSet('3-1')).toThrow(/ends before/);
    expect(() => parseIntervalSet('1,2')).toThrow(/not 'a' or 'a-b'/);
  });
});

import { describe, expect, it } from 'vitest';
import { WindowCounts, WindowSeries } from '../../src/report/window-series.js';

describe('WindowSeries', () => {
  it('integrates rates over windows by hand: partial first and last windows, full ones between', () => {
    const s = new WindowSeries(10, 2);
    s.add(2, 5, 35); // 2/s from 5 s to 35 s: windows [0,10) 10, [10,20) 20, [20,30) 20, [30,40) 10
    s.add(1, 12, 14); // 2 more in [10,20)
    s.addAt(7, 41); // 7 at one instant in [40,50)
    expect([...s.finish(6)]).toEqual([10, 22, 20, 10, 7, 0]);
  });

  it('is spent by finish: a second call is an error, not windows summed twice', () => {
    const s = new WindowSeries(10);
    s.add(1, 0, 25);
    expect([...s.finish(3)]).toEqual([10, 10, 5]);
    expect(() => s.finish(3)).toThrow(/twice/);
  });
});

describe('WindowCounts', () => {
  it('counts marks per window, past its initial size, and is spent by finish', () => {
    const c = new WindowCounts();
    c.mark(1, 3);
    c.mark(2, 200);
    c.mark(5, 5); // empty: nothing
    const out = c.finish(202);
    expect([...out.subarray(0, 5)]).toEqual([0, 1, 2, 1, 1]);
    expect(out[199]).toBe(1);
    expect(out[200]).toBe(0);
    expect(out.length).toBe(202);
    expect(() => c.finish(202)).toThrow(/twice/);
  });
});

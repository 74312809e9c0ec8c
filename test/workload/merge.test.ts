import { describe, expect, it } from 'vitest';
import { mergeSources } from '../../src/workload/merge.js';
import { job } from '../helpers.js';

describe('mergeSources', () => {
  it('orders by submit time, then source order, then order within the source', () => {
    const a = [job('a1', { submitS: 0, cores: 1, runtimeS: 1 }), job('a2', { submitS: 5, cores: 1, runtimeS: 1 }), job('a3', { submitS: 5, cores: 1, runtimeS: 1 })];
    const b = [job('b1', { submitS: 5, cores: 1, runtimeS: 1 }), job('b2', { submitS: 1, cores: 1, runtimeS: 1 })];
    const c = [job('c1', { submitS: 0, cores: 1, runtimeS: 1 })];
    expect(mergeSources([a, b, [], c]).map((j) => j.id)).toEqual(['a1', 'c1', 'b2', 'a2', 'a3', 'b1']);
  });
});

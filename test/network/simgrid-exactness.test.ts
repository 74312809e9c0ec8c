import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeNetwork, readCase, readDump, runCase } from './simgrid-cases.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/simgrid');
const CASES = readdirSync(join(FIXTURES, 'cases')).filter((f) => f.endsWith('.txt')).sort();

/** Largest relative difference between cnsim's finish times and SimGrid's. */
function maxRelativeError(ours: readonly number[], simgrid: readonly number[]): number {
  let worst = 0;
  ours.forEach((t, i) => {
    const ref = simgrid[i] as number;
    worst = Math.max(worst, Number.isNaN(t) ? Number.POSITIVE_INFINITY : Math.abs(t - ref) / ref);
  });
  return worst;
}

describe('flow models against SimGrid 3.32 (test/fixtures/simgrid)', () => {
  it('has the 90 reference cases, 30 per model', () => {
    expect(CASES).toHaveLength(90);
  });

  it.each(CASES)('%s: every finish time within 1e-6 relative of SimGrid', (file) => {
    const c = readCase(join(FIXTURES, 'cases', file));
    const simgrid = readDump(join(FIXTURES, 'dumps', file));
    expect(simgrid).toHaveLength(c.transfers.length);
    expect(maxRelativeError(runCase(c, makeNetwork(c, 'weighted')), simgrid)).toBeLessThan(1e-6);
  });

  it.each(CASES.filter((f) => f.startsWith('maxmin')).filter((f) => readCase(join(FIXTURES, 'cases', f)).links.every((l) => l.sharing === 'splitDuplex')))(
    "%s: today's FlowNetwork (maxmin, split-duplex links) within 1e-6 relative of SimGrid",
    (file) => {
      const c = readCase(join(FIXTURES, 'cases', file));
      expect(maxRelativeError(runCase(c, makeNetwork(c, 'flow')), readDump(join(FIXTURES, 'dumps', file)))).toBeLessThan(1e-6);
    },
  );
});

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobStatus } from '../../src/model/job.js';
import { runScenario } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { checkInvariants } from '../invariants.js';

describe('invariants', () => {
  it('hold on the two-sites example', () => {
    const { result } = runScenario(loadScenario(join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml')));
    expect(result.jobs.length).toBeGreaterThan(1000);
    expect(checkInvariants(result)).toEqual([]);
  });

  it('detect an over-allocated partition (the checker itself can fail)', () => {
    const { result } = runScenario(loadScenario(join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml')));
    const running = result.jobs.filter((j) => j.status === JobStatus.Done && j.partition === 0);
    const [a] = running;
    if (a === undefined) throw new Error('no job');
    a.nodes += result.partitions[0]?.spec.nodes ?? 0;
    expect(checkInvariants(result).join('\n')).toMatch(/nodes in use/);
  });
});

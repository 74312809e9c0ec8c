import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';
import { parseOverride } from '../../src/scenario/overrides.js';
import { checkInvariants } from '../invariants.js';

const EXAMPLE = join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml');

describe('shortest-expected-wait with estimate: replay through the engine', () => {
  it.each(['0s', '60s'])('runs with a %s view, deterministically, within every invariant', (infoPeriod) => {
    const overrides = ['dispatch.policy=shortest-expected-wait', 'dispatch.options={estimate: replay}', `dispatch.infoPeriod=${infoPeriod}`].map(parseOverride);
    const a = runScenario(loadScenario(EXAMPLE, overrides));
    const b = runScenario(loadScenario(EXAMPLE, overrides));
    expect(checkInvariants(a.result)).toEqual([]);
    expect(a.reports.summary).toEqual(b.reports.summary);
    expect(a.reports.summary.done).toBeGreaterThan(1000);
  });
});

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { checkResources } from '../../src/runner/resource-estimate.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

describe('checkResources: report windows', () => {
  it('lets a trace replayed whole (no horizon) through: its span is its last submission', () => {
    const replay = loadScenario('replay-nasa-ipsc');
    expect(replay.horizonS).toBe(Number.POSITIVE_INFINITY);
    const estimate = checkResources(replay);
    expect(estimate.jobs).toBeGreaterThan(10_000);
  });

  it('refuses windows too small for the span of the trace, naming the span and the key', () => {
    // NASA iPSC's last submission is about 92 days in: 0.01 s windows make ~8e8 of them.
    const replay = loadScenario('replay-nasa-ipsc', [{ path: 'report.utilizationWindow', value: '0.01s' }]);
    let caught: unknown;
    try {
      checkResources(replay);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(String((caught as Error).message)).toMatch(
      /report\.utilizationWindow: 0\.01 s over a run of at least \d+ s \(the last submission\) makes at least [\d,]+ centre windows, over the 20,000,000 a report may hold/,
    );
  });
});

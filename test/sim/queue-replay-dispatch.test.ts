import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DispatchPolicyDefinition } from '../../src/policies/define-policy.js';
import type { CandidateView } from '../../src/policies/dispatch-policy.js';
import { shortestExpectedWait } from '../../src/policies/dispatch/shortest-expected-wait.js';
import { findQueuePolicy } from '../../src/policies/registry.js';
import { Simulation } from '../../src/sim/simulation.js';
import { createRng } from '../../src/engine/rng.js';
import { job, scenarioFrom } from '../helpers.js';
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

describe('estimate: replay with a live view (infoPeriod 0)', () => {
  // 10 nodes, FCFS. R holds 6 nodes until 10000 s; H (8 nodes) waits for R; S (2 nodes, 100 s)
  // waits behind H. When J (4 nodes, 200 s) comes at 152 s the view's totals date from 2 s (the
  // last send), but the queue is copied at 152 s: replayed from there, S takes [152, 252) and J
  // starts at 252, a wait of 100 s. Replayed from 2 s, S would take [2, 102) and J would seem to
  // start at once.
  const scenario = scenarioFrom({
    sites: [{ id: 'A', lat: 30, lon: 120 }],
    centres: [{ id: 'a', site: 'A', partitions: [{ id: 'p', nodes: 10, coresPerNode: 1 }] }],
    links: [],
    dispatch: { policy: 'shortest-expected-wait', options: { estimate: 'replay' }, infoPeriod: 0 },
  });
  const jobs = [
    job('R', { submitS: 0, cores: 6, runtimeS: 10000 }),
    job('H', { submitS: 1, cores: 8, runtimeS: 500 }),
    job('S', { submitS: 2, cores: 2, runtimeS: 100 }),
    job('J', { submitS: 152, cores: 4, runtimeS: 200 }),
  ];

  it('replays from the time the queue was copied, not from the view totals\' time', () => {
    const seen: { nowS: number; viewTakenS: number; queueTakenS: number; waitS: number }[] = [];
    const inner = shortestExpectedWait.instantiate({ estimate: 'replay' }, { rng: createRng(1, 'test') });
    const spy: DispatchPolicyDefinition = {
      ...shortestExpectedWait,
      instantiate: () => ({
        needsQueueSnapshots: true,
        choose(j, candidates, nowS) {
          if (j.id === 'J') {
            const c = candidates[0] as CandidateView;
            // The wait the policy estimates there: its choice among one candidate says nothing, so ask it of a copy with a rival that waits 99 s.
            const rival = { ...c, index: 1, queueSnapshot: null, expectedWaitS: 99 };
            const waitS = inner.choose(j, [c, rival], nowS) === 1 ? 100 : 0;
            seen.push({ nowS, viewTakenS: c.viewTakenS, queueTakenS: c.queueSnapshot?.takenS ?? Number.NaN, waitS });
          }
          return inner.choose(j, candidates, nowS);
        },
      }),
    };
    new Simulation(scenario, jobs, { queue: findQueuePolicy, dispatch: () => spy }).run();
    expect(seen).toEqual([{ nowS: 152, viewTakenS: 2, queueTakenS: 152, waitS: 100 }]);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePolicy } from '../../src/policies/define-policy.js';
import { BUILTIN_POLICIES } from '../../src/runner/run-scenario.js';
import { type PolicyResolver, Simulation } from '../../src/sim/simulation.js';
import { inputProblems, job, scenarioFrom } from '../helpers.js';

/** A least-loaded-like policy that writes down what it saw: the time of the view of each dispatch. */
function recording(seen: number[]): PolicyResolver {
  const policy = definePolicy({
    kind: 'dispatch',
    name: 'recording',
    summary: 'first candidate; records the view time',
    options: z.object({}),
    optionDocs: {},
    create: () => ({
      choose: (_job, candidates) => {
        seen.push(candidates[0]?.viewTakenS ?? Number.NaN);
        return 0;
      },
    }),
  });
  // Under the name the scenario gives (the parser knows only the built-in names).
  return { ...BUILTIN_POLICIES, dispatch: (name: string) => (name === 'least-loaded' ? policy : BUILTIN_POLICIES.dispatch(name)) };
}

/** The time of the last refresh before `t` on the grid 0, P, 2P, … reached by additions, as the run reaches it. */
function lastRefreshBefore(t: number, periodS: number): number {
  let s = 0;
  while (s + periodS < t) s += periodS;
  return s;
}

const sink = (latestEndS: number) => ({ retire: () => undefined, stop: () => undefined, latestEndS });

describe('long silences', () => {
  const withPeriod = (infoPeriod: string) =>
    scenarioFrom({
      centres: [{ id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }] }],
      dispatch: { policy: 'least-loaded', infoPeriod },
    });
  const scenario = withPeriod('7s');

  it.each([
    ['0.7 s through silences of 2.5 × 10^5 s (refresh times with rounding, reached by as many additions)', '0.7s', 0.7, [3, 2.5e5 + 0.5, 2.5e5 + 7.25, 5e5 + 1]],
    ['7 s through a silence of 10^8 s', '7s', 7, [3, 1e8 + 0.5, 1e8 + 7.25, 2e8 + 1]],
  ])('a view refreshed every %s: each dispatch sees the last refresh before it, and a silence costs a few events', (_what, infoPeriod, periodS, submits) => {
    const seen: number[] = [];
    const jobs = submits.map((submitS, i) => job(`j${i}`, { submitS, cores: 1, runtimeS: i === 0 ? (submits.at(-1) as number) : 10 }));
    const result = new Simulation(withPeriod(infoPeriod), jobs, recording(seen)).run();
    expect(seen).toEqual(submits.map((t) => lastRefreshBefore(t, periodS)));
    expect(result.events).toBeLessThan(200);
  });

  it('the same decisions and times as with the refreshes kept busy by a job every 7 s', () => {
    // Arrivals on every refresh's heels keep each instant busy (no skipping): the jobs that both
    // runs share see the same views and start at the same times.
    const quiet = [5, 7e5 + 0.5, 1.4e6 + 3];
    const busy = [...quiet, ...Array.from({ length: 2e5 }, (_, k) => 7 * k + 3.5)].sort((a, b) => a - b);
    const run = (submits: number[]) => {
      const seen: number[] = [];
      const jobs = submits.map((submitS) => job(quiet.includes(submitS) ? `q${submitS}` : `b${submitS}`, { submitS, cores: 1, runtimeS: 1 }));
      const r = new Simulation(scenario, jobs, recording(seen)).run();
      return { seen: r.jobs.flatMap((j, i) => (j.spec.id.startsWith('q') ? [[seen[i], j.startS]] : [])), events: r.events };
    };
    const a = run(quiet);
    const b = run(busy);
    expect(a.seen).toEqual(b.seen);
    expect(a.events).toBeLessThan(100);
  });
});

describe('transfers past the reach of the report windows', () => {
  const slow = (bandwidth: string) =>
    scenarioFrom({
      sites: [
        { id: 'A', lat: 30, lon: 120 },
        { id: 'B', lat: 31, lon: 121 },
      ],
      centres: [{ id: 'C1', site: 'B', partitions: [{ id: 'p', nodes: 4 }] }],
      links: [{ between: ['A', 'B'], bandwidth, latency: '1ms' }],
      dispatch: { policy: 'least-loaded', infoPeriod: '1min' },
    });

  it('a transfer that could not arrive in time even alone on its route is refused when it starts, naming the job, the route and its slowest link', () => {
    const jobs = [job('big', { submitS: 1, cores: 1, runtimeS: 10, inputBytes: 1e9 })];
    const problems = inputProblems(() => new Simulation(slow('1bps'), jobs, BUILTIN_POLICIES, { sink: sink(1e6) }).run());
    expect(problems).toEqual([expect.stringMatching(/^links: 1000000000 bytes of job big from A to B \(route latency 0\.001 s; slowest link A-B, 1 bit\/s at most\) could not arrive before t=8000000001\.001 s, past the 1000000 s the report windows can reach/)]);
  });

  it('one slowed by the others on its link is refused when it arrives too late, naming the job and its input', () => {
    // Alone, each would take 8 × 10^5 s; 100 of them sharing the link take 100 times as long.
    const jobs = Array.from({ length: 100 }, (_, i) => job(`j${i}`, { submitS: 1, cores: 1, runtimeS: 10, inputBytes: 1e5 }));
    const problems = inputProblems(() => new Simulation(slow('1bps'), jobs, BUILTIN_POLICIES, { sink: sink(1e6) }).run());
    expect(problems).toEqual([expect.stringMatching(/^job j\d+'s input \(100000 bytes, A to C1\/p\) arrived at t=\S+ s, past the 1000000 s the report windows can reach/)]);
  });

  it('a transfer over a link whose bandwidth ends at 0 is refused unless it is through before (it stayed unfinished in a run that looked done)', () => {
    const capped = (capacity: unknown[]) =>
      scenarioFrom({
        sites: [
          { id: 'A', lat: 30, lon: 120 },
          { id: 'B', lat: 31, lon: 121 },
        ],
        centres: [{ id: 'C1', site: 'B', partitions: [{ id: 'p', nodes: 4 }] }],
        links: [{ between: ['A', 'B'], bandwidth: '8Mbps', latency: 0, capacity }],
        dispatch: { policy: 'least-loaded', infoPeriod: 0 },
      });
    const input = (bytes: number) => [job('j', { submitS: 1, cores: 1, runtimeS: 10, inputBytes: bytes })];
    expect(inputProblems(() => new Simulation(capped([{ at: 0, bandwidth: 0 }]), input(1000), BUILTIN_POLICIES).run())).toEqual([
      expect.stringMatching(/^links: 1000 bytes of job j from A to B would never arrive: link A-B on its route has bandwidth 0 from t=0 s on \(the last entry of its capacity schedule\)/),
    ]);
    // 10^6 bytes at 8 Mbit/s take 1 s: through by 2 s, before the link goes to 0 at 100 s; 10^9 bytes are not.
    const done = new Simulation(capped([{ at: 100, bandwidth: 0 }]), input(1e6), BUILTIN_POLICIES).run();
    expect(done.jobs[0]?.statusName).toBe('done');
    expect(inputProblems(() => new Simulation(capped([{ at: 100, bandwidth: 0 }]), input(1e9), BUILTIN_POLICIES).run())).toEqual([expect.stringMatching(/would never arrive: link A-B/)]);
    // At 0 for a while only, the link carries the transfer later.
    const later = new Simulation(capped([{ at: 0, bandwidth: 0 }, { at: 50, bandwidth: '8Mbps' }]), input(1e6), BUILTIN_POLICIES).run();
    expect(later.jobs[0]?.statusName).toBe('done');
    expect(later.jobs[0]?.startS).toBe(51);
  });

  it('jobs held by a dispatcher outage that ends past the reach are refused for the outage, not for the links', () => {
    const down = scenarioFrom({
      centres: [{ id: 'C1', site: 'A', lat: 30, lon: 120, partitions: [{ id: 'p', nodes: 4 }] }],
      dispatch: { policy: 'least-loaded', infoPeriod: 0, down: [{ from: 0, to: '1e12s' }], fallback: 'hold' },
    });
    const jobs = [job('h', { submitS: 1, cores: 1, runtimeS: 10 })];
    expect(inputProblems(() => new Simulation(down, jobs, BUILTIN_POLICIES, { sink: sink(1e6) }).run())).toEqual([
      expect.stringMatching(/^1 job \(the first: h\) held for want of a dispatcher or an active centre would be dispatched at t=1000000000000 s, past the 1000000 s the report windows can reach .*: end the outage sooner \(dispatch\.down/),
    ]);
  });

  it('a run cut off before the reach (untilS) is not refused', () => {
    const jobs = [job('big', { submitS: 1, cores: 1, runtimeS: 10, inputBytes: 1e9 })];
    const result = new Simulation(slow('1bps'), jobs, BUILTIN_POLICIES, { sink: sink(1e6), untilS: 1e5 }).run();
    expect(result.endS).toBe(1e5);
  });
});

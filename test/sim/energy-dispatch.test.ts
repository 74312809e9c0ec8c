import { describe, expect, it } from 'vitest';
import { EnergyRates, monthOfHour } from '../../src/model/energy-rates.js';
import type { JobSpec } from '../../src/model/job.js';
import { BUILTIN_POLICIES, runScenario } from '../../src/runner/run-scenario.js';
import { Simulation } from '../../src/sim/simulation.js';
import { job, scenarioFrom } from '../helpers.js';

const flat = (v: number, n = 24): number[] => new Array<number>(n).fill(v);

describe('EnergyRates', () => {
  it('integrates hourly price × monthly PUE exactly, across hour and month boundaries', () => {
    const price = flat(0.5);
    price[23] = 1;
    const pue = flat(1.2, 12);
    pue[1] = 1.5;
    const r = new EnergyRates(price, flat(0), pue, 1);
    // [31 Jan 22:30, 1 Feb 00:30): 30 min at 0.5 × 1.2, 1 h at 1 × 1.2, 30 min at 0.5 × 1.5.
    const from = 31 * 86400 - 5400;
    expect(r.cost(from, from + 7200)).toBeCloseTo(1800 * 0.6 + 3600 * 1.2 + 1800 * 0.75, 9);
    expect(r.facility(from, from + 7200)).toBeCloseTo(5400 * 1.2 + 1800 * 1.5, 9);
    expect(r.pueAt(31 * 86400)).toBe(1.5);
    expect(r.priceAt(23 * 3600 + 1)).toBe(1);
  });

  it('integrates all three rates as an hour-by-hour sum would, over boundaries of hours, months and years', () => {
    const price = flat(0.5).map((p, h) => p + h / 100);
    const carbon = flat(300).map((c, h) => c - h);
    const pue = flat(1.2, 12).map((p, m) => p + m / 50);
    const r = new EnergyRates(price, carbon, pue, 11);
    // Reference: walk the hours one by one (month from monthOfHour, hour of day = h mod 24).
    const reference = (a: number, b: number): number[] => {
      const sums = [0, 0, 0];
      for (let h = Math.floor(a / 3600); h * 3600 < b; h++) {
        const seconds = Math.min(b, (h + 1) * 3600) - Math.max(a, h * 3600);
        const p = pue[monthOfHour(h, 11)] as number;
        sums[0] = (sums[0] as number) + p * seconds;
        sums[1] = (sums[1] as number) + p * (price[h % 24] as number) * seconds;
        sums[2] = (sums[2] as number) + p * (carbon[h % 24] as number) * seconds;
      }
      return sums;
    };
    const out = new Float64Array(3);
    for (const [a, b] of [[0, 10], [1800, 5400], [31 * 86400 - 77, 40 * 86400 + 13], [364 * 86400 + 5, 367 * 86400 + 9000], [3 * 365 * 86400 + 5, 3 * 365 * 86400 + 9000]] as const) {
      r.integrate(a, b, out);
      expect([...out]).toEqual(reference(a, b).map((x) => expect.closeTo(x, 4)));
      expect([r.facility(a, b), r.cost(a, b), r.carbon(a, b)]).toEqual([...out]);
    }
    r.integrate(5, Infinity, out);
    expect([...out]).toEqual([Infinity, Infinity, Infinity]);
  });

  it('maps hours to months of a non-leap year from the start month, wrapping after December', () => {
    expect(monthOfHour(0, 1)).toBe(0);
    expect(monthOfHour(31 * 24 - 1, 1)).toBe(0);
    expect(monthOfHour(31 * 24, 1)).toBe(1);
    expect(monthOfHour((31 + 28) * 24, 1)).toBe(2);
    expect(monthOfHour(0, 12)).toBe(11);
    expect(monthOfHour(31 * 24, 12)).toBe(0);
    expect(monthOfHour(365 * 24, 1)).toBe(0);
  });

  it('is infinite for an interval without end (a stalled link), and periodic over years', () => {
    const r = new EnergyRates(flat(0.4), flat(500), flat(1.25, 12), 3);
    expect(r.cost(10, Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    const year = 365 * 86400;
    expect(r.cost(3 * year + 5000, 3 * year + 9000)).toBeCloseTo(r.cost(5000, 9000), 9);
  });

  it('grows its prefix sums for long runs (a year and more) without changing earlier values', () => {
    const r = new EnergyRates(flat(0.4), flat(500), flat(1.25, 12), 1);
    const early = r.cost(0, 3600);
    expect(r.cost(0, 400 * 86400)).toBeCloseTo(400 * 86400 * 0.5, 3);
    expect(r.cost(0, 3600)).toBe(early);
  });
});

/** Two equal centres at one site: C (cheap, dirty grid) and G (dear, green grid). */
const twoRegions = (dispatch: Record<string, unknown>, cheap: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  scenarioFrom({
    regions: [
      { id: 'Cheap', priceCnyPerKWh: 0.3, carbonGPerKWh: 800, pue: 1.2, ...cheap },
      { id: 'Green', priceCnyPerKWh: 0.6, carbonGPerKWh: 100, pue: 1.2 },
    ],
    centres: [
      { id: 'C', site: 'S', lat: 30, lon: 120, region: 'Cheap', partitions: [{ id: 'p', nodes: 2, coresPerNode: 1, idlePowerPerNode: 200, peakPowerPerNode: 500 }] },
      { id: 'G', site: 'S', region: 'Green', partitions: [{ id: 'p', nodes: 2, coresPerNode: 1, idlePowerPerNode: 200, peakPowerPerNode: 500 }] },
    ],
    dispatch: { infoPeriod: 0, ...dispatch },
    ...extra,
  });
const centresOf = (scenario: ReturnType<typeof twoRegions>, jobs: JobSpec[]): string[] =>
  new Simulation(scenario, jobs, BUILTIN_POLICIES).run().jobs.map((j) => scenario.centres[j.centre]?.id ?? '-');

describe('price-aware and carbon-aware dispatch', () => {
  const one = [job('a', { submitS: 0, origin: 'S', cores: 1, runtimeS: 3600 })];

  it('price-aware sends a job to the cheaper region, carbon-aware to the greener one, least-loaded to the first', () => {
    expect(centresOf(twoRegions({ policy: 'price-aware' }), one)).toEqual(['C']);
    expect(centresOf(twoRegions({ policy: 'carbon-aware' }), one)).toEqual(['G']);
    expect(centresOf(twoRegions({ policy: 'least-loaded' }), one)).toEqual(['C']);
  });

  it('trades cost against waiting: the cheap centre is full, and the wait penalty decides', () => {
    // Two 2-node jobs fill C at t=0 for 10 h; the third would wait 10 h there. At 500 W × 1.2
    // for 1 h, C saves 0.18 CNY per node; the wait costs waitWeight × 2 nodes × 10 h.
    const jobs = [
      job('fill', { submitS: 0, origin: 'S', cores: 2, runtimeS: 36000 }),
      job('next', { submitS: 1, origin: 'S', cores: 2, runtimeS: 3600 }),
    ];
    expect(centresOf(twoRegions({ policy: 'price-aware' }), jobs)).toEqual(['C', 'G']);
    expect(centresOf(twoRegions({ policy: 'price-aware', options: { waitWeight: 0 } }), jobs)).toEqual(['C', 'C']);
    // 0.36 CNY saved vs 0.001 × 2 × 10 = 0.02 CNY of penalty: it waits for the cheap centre.
    expect(centresOf(twoRegions({ policy: 'price-aware', options: { waitWeight: 0.001 } }), jobs)).toEqual(['C', 'C']);
  });

  it('prices the hours the job would run: a time-of-use tariff can make the nominally dear centre cheaper', () => {
    // C costs 0.3 except 1.5 from 00:00 to 06:00; a job at 01:00 runs in C's dear hours.
    const price = flat(0.3);
    for (let h = 0; h < 6; h++) price[h] = 1.5;
    const jobs = [job('night', { submitS: 3600, origin: 'S', cores: 1, runtimeS: 3600 })];
    expect(centresOf(twoRegions({ policy: 'price-aware' }, { priceCnyPerKWh: price }), jobs)).toEqual(['G']);
    const day = [job('day', { submitS: 10 * 3600, origin: 'S', cores: 1, runtimeS: 3600 })];
    expect(centresOf(twoRegions({ policy: 'price-aware' }, { priceCnyPerKWh: price }), day)).toEqual(['C']);
  });

  it('treats a centre behind a stalled link (0 bandwidth) as never starting: infinite cost, no crash', () => {
    const s = scenarioFrom({
      regions: [
        { id: 'Cheap', priceCnyPerKWh: 0.1, carbonGPerKWh: 10, pue: 1.1 },
        { id: 'Dear', priceCnyPerKWh: 0.9, carbonGPerKWh: 900, pue: 1.5 },
      ],
      sites: [{ id: 'U', lat: 31, lon: 121 }],
      centres: [
        { id: 'C', site: 'SC', lat: 30, lon: 104, region: 'Cheap', partitions: [{ id: 'p', nodes: 2, idlePowerPerNode: 100, peakPowerPerNode: 400 }] },
        { id: 'D', site: 'SD', lat: 30, lon: 120, region: 'Dear', partitions: [{ id: 'p', nodes: 2, idlePowerPerNode: 100, peakPowerPerNode: 400 }] },
      ],
      links: [
        { between: ['U', 'SC'], bandwidth: '10Gbps', capacity: [{ at: 0, bandwidth: 0 }, { at: '1d', bandwidth: '10Gbps' }] },
        { between: ['U', 'SD'], bandwidth: '10Gbps' },
      ],
      dispatch: { infoPeriod: 0, policy: 'price-aware' },
    });
    for (const policy of ['price-aware', 'carbon-aware']) {
      const scenario = { ...s, dispatch: { ...s.dispatch, policy } };
      const jobs = [job('x', { submitS: 10, origin: 'U', cores: 1, runtimeS: 600, inputBytes: 1e9 })];
      expect(centresOf(scenario as typeof s, jobs)).toEqual(['D']);
    }
  });

  it('weighted with only a cost term chooses as price-aware without wait penalty, and with carbon as carbon-aware', () => {
    const jobs = [
      job('fill', { submitS: 0, origin: 'S', cores: 2, runtimeS: 36000 }),
      job('next', { submitS: 1, origin: 'S', cores: 2, runtimeS: 3600 }),
      job('more', { submitS: 2, origin: 'S', cores: 1, runtimeS: 60 }),
    ];
    const zero = { stageIn: 0, wait: 0, runtime: 0 };
    expect(centresOf(twoRegions({ policy: 'weighted', options: { ...zero, cost: 1 } }), jobs)).toEqual(
      centresOf(twoRegions({ policy: 'price-aware', options: { waitWeight: 0 } }), jobs),
    );
    expect(centresOf(twoRegions({ policy: 'weighted', options: { ...zero, carbon: 1 } }), jobs)).toEqual(['G', 'G', 'G']);
    // Cost plus wait: the wait term (per second) outweighs 0.36 CNY and the job avoids the queue.
    expect(centresOf(twoRegions({ policy: 'weighted', options: { stageIn: 0, wait: 1, runtime: 0, cost: 1 } }), jobs).slice(0, 2)).toEqual(['C', 'G']);
  });
});

describe('temporal shifting', () => {
  // One region: 1.0 CNY/kWh, except 0.2 from 00:00 to 06:00; carbon 500, except 100 from 12:00 to 16:00.
  const price = flat(1);
  for (let h = 0; h < 6; h++) price[h] = 0.2;
  const carbon = flat(500);
  for (let h = 12; h < 16; h++) carbon[h] = 100;
  const scenario = (shift: string) =>
    scenarioFrom({
      regions: [{ id: 'R', priceCnyPerKWh: price, carbonGPerKWh: carbon, pue: 1.25 }],
      centres: [{ id: 'C', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'p', nodes: 4, idlePowerPerNode: 100, peakPowerPerNode: 400 }] }],
      dispatch: { infoPeriod: 0, shift },
    });
  const flexible = (fields: Partial<JobSpec>): JobSpec => job('flex', { submitS: 20 * 3600 + 600, origin: 'S', cores: 1, runtimeS: 3600, slackS: 12 * 3600, ...fields });
  const runOne = (shift: string, spec: JobSpec) => new Simulation(scenario(shift), [spec], BUILTIN_POLICIES).run().jobs[0];

  it('holds a job with slack until the cheapest hour within its slack (price), at the first such hour', () => {
    const j = runOne('price', flexible({}));
    expect(j?.dispatchedS).toBe(24 * 3600);
    expect(j?.shiftS).toBe(24 * 3600 - (20 * 3600 + 600));
    expect(j?.startS).toBe(24 * 3600);
  });

  it('holds until the greenest hours with shift: carbon', () => {
    // From 20:10 with 24 h of slack the greenest hour is 12:00 the next day.
    const j = runOne('carbon', flexible({ slackS: 24 * 3600 }));
    expect(j?.dispatchedS).toBe(36 * 3600);
  });

  it('never holds past the deadline minus the walltime', () => {
    // Deadline 3 h, walltime 1 h: latest release 22:10, and 20:10–22:10 is all at 1.0: no hold.
    expect(runOne('price', flexible({ deadlineS: 3 * 3600 }))?.shiftS).toBe(0);
    // Deadline 5 h: latest release 00:10, so it goes at 00:00 and is done by 01:00 < 01:10.
    const j = runOne('price', flexible({ deadlineS: 5 * 3600 }));
    expect(j?.dispatchedS).toBe(24 * 3600);
    expect((j?.doneS ?? Infinity) - (j?.spec.submitS ?? 0)).toBeLessThanOrEqual(5 * 3600);
  });

  it('counts the partition speed and the stage-in against the deadline, and the centre must still be open at release', () => {
    const slow = (extra: Record<string, unknown>) =>
      scenarioFrom({
        regions: [{ id: 'R', priceCnyPerKWh: price, carbonGPerKWh: carbon, pue: 1.25 }],
        centres: [{ id: 'C', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'p', nodes: 4, speed: 0.5, idlePowerPerNode: 100, peakPowerPerNode: 400 }], ...extra }],
        dispatch: { infoPeriod: 0, shift: 'price' },
      });
    // Walltime 2 h at speed 0.5 and a 5 h deadline: the latest release is 23:10, so not 00:00
    // (it would end at 02:00, past 01:10) but 23:00, whose 2 h are half cheap.
    const held = new Simulation(slow({}), [flexible({ deadlineS: 5 * 3600 })], BUILTIN_POLICIES).run().jobs[0];
    expect(held?.dispatchedS).toBe(23 * 3600);
    expect((held?.doneS ?? Infinity) - (held?.spec.submitS ?? 0)).toBeLessThanOrEqual(5 * 3600);
    // Deadline 6 h: 00:00 + 2 h = 02:00 ≤ 02:10, held.
    expect(new Simulation(slow({}), [flexible({ deadlineS: 6 * 3600 })], BUILTIN_POLICIES).run().jobs[0]?.dispatchedS).toBe(24 * 3600);
    // The only centre closes at 23:00: not held past it (it would be rejected), it runs now.
    const closing = new Simulation(slow({ activeUntil: '23h' }), [flexible({})], BUILTIN_POLICIES).run().jobs[0];
    expect(closing?.shiftS).toBe(0);
    expect(closing?.statusName).toBe('done');
  });

  it('holds nothing for float noise: equal rates late in a run with sub-second walltimes', () => {
    const dear = flat(0.5);
    dear[3] = 0.9;
    const s = scenarioFrom({
      regions: [{ id: 'R', priceCnyPerKWh: dear, pue: 1.17 }],
      centres: [{ id: 'C', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'p', nodes: 1000, idlePowerPerNode: 100, peakPowerPerNode: 400 }] }],
      dispatch: { infoPeriod: 0, shift: 'price' },
    });
    // From day 200 at 06:00 with 12 h of slack every hour costs 0.5: nothing to gain.
    const jobs = Array.from({ length: 200 }, (_, i) => job(`n${i}`, { submitS: 200 * 86400 + 6 * 3600 + i * 7.77, origin: 'S', cores: 1, runtimeS: 0.5 + (i % 5), slackS: 12 * 3600 }));
    expect(new Simulation(s, jobs, BUILTIN_POLICIES).run().jobs.filter((x) => x.shiftS > 0)).toHaveLength(0);
  });

  it('gives the same release with 30 days of slack as with 1 day when the rates repeat daily (the scan stops after a day)', () => {
    for (const submitS of [20 * 3600 + 600, 7 * 3600, 13 * 3600 + 1]) {
      const day = runOne('price', flexible({ submitS, slackS: 86400 }));
      const month = runOne('price', flexible({ submitS, slackS: 30 * 86400 }));
      expect(month?.dispatchedS).toBe(day?.dispatchedS);
    }
    // With a monthly PUE the scan goes on: a lower PUE in February is worth waiting for.
    const pue = flat(1.6, 12);
    pue[1] = 1.1;
    const s = scenarioFrom({
      regions: [{ id: 'R', priceCnyPerKWh: price, carbonGPerKWh: carbon, pue }],
      centres: [{ id: 'C', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'p', nodes: 4, idlePowerPerNode: 100, peakPowerPerNode: 400 }] }],
      dispatch: { infoPeriod: 0, shift: 'price' },
    });
    const j = new Simulation(s, [flexible({ submitS: 29 * 86400, slackS: 5 * 86400 })], BUILTIN_POLICIES).run().jobs[0];
    // 1 February 00:00 (day 31): cheap hour and the low PUE together.
    expect(j?.dispatchedS).toBe(31 * 86400);
  });

  it('does not hold jobs without slack, nor any job with shift: none, nor when every hour costs the same', () => {
    expect(runOne('price', flexible({ slackS: 0 }))?.shiftS).toBe(0);
    expect(runOne('none', flexible({}))?.shiftS).toBe(0);
    const flatScenario = scenarioFrom({
      regions: [{ id: 'R', priceCnyPerKWh: 0.5, carbonGPerKWh: 500, pue: [1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2] }],
      centres: [{ id: 'C', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'p', nodes: 4, idlePowerPerNode: 100, peakPowerPerNode: 400 }] }],
      dispatch: { infoPeriod: 0, shift: 'price' },
    });
    expect(new Simulation(flatScenario, [flexible({})], BUILTIN_POLICIES).run().jobs[0]?.shiftS).toBe(0);
  });

  it('takes slack from a generator class', () => {
    const s = scenarioFrom({
      regions: [{ id: 'R', priceCnyPerKWh: price }],
      centres: [{ id: 'C', site: 'S', lat: 30, lon: 120, region: 'R', partitions: [{ id: 'p', nodes: 64, idlePowerPerNode: 100, peakPowerPerNode: 400 }] }],
      dispatch: { infoPeriod: 0, shift: 'price' },
      horizon: '1d',
      workload: [{ kind: 'poisson', origin: 'S', rate: '2/h', classes: [{ name: 'batch', cores: 1, runtime: { median: '1h', sigma: 0, max: '1h' }, walltimeFactor: 1, slack: '8h' }] }],
    });
    const result = runScenario(s).result;
    const shifted = result.jobs.filter((x) => x.shiftS > 0);
    // Jobs from 16:00 on can reach the 00:00 tariff within 8 h; earlier ones cannot and go now.
    expect(shifted.length).toBeGreaterThan(0);
    for (const x of result.jobs) {
      const reachable = x.spec.submitS >= 16 * 3600;
      expect(x.shiftS > 0).toBe(reachable);
      if (reachable) expect(x.dispatchedS).toBe(24 * 3600);
    }
  });
});

import { clear, objectArray } from '../engine/arrays.js';
import type { EnergyRates } from '../model/energy-rates.js';
import type { JobSpec } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import type { CandidateView } from '../policies/dispatch-policy.js';
import { type DownWindows, downAt } from '../model/centre.js';
import type { PooledCandidate } from './dispatcher-view.js';

/** A centre a job with slack may be released to: its rates, the job's walltime there, the latest release. */
interface ShiftOption {
  readonly centre: number;
  readonly rates: EnergyRates;
  readonly walltimeS: number;
  readonly latestS: number;
}

/**
 * What the dispatcher foresees of energy: a candidate's facility energy, cost and carbon from its
 * expected start (for policies that read them), and the release time of a job with slack
 * (temporal shifting, `dispatch.shift`).
 */
export class EnergyOutlook {
  /** Scratch [facility, cost, carbon] integrals (see EnergyRates.integrate). */
  private readonly integrals = new Float64Array(3);
  /** Scratch list of the centres a shifted job may go to (reused). */
  private readonly shiftOptions: ShiftOption[] = objectArray();

  /**
   * @param rates PUE, price and carbon of each centre over time
   * @param activeUntilS decommissioning time of each centre
   * @param downS outage windows of each centre
   */
  constructor(
    private readonly scenario: Scenario,
    private readonly rates: readonly EnergyRates[],
    private readonly activeUntilS: Float64Array,
    private readonly downS: readonly DownWindows[],
  ) {}

  /** Facility energy, cost and carbon of a job at a candidate from its expected start for its walltime. */
  estimate(view: PooledCandidate, t: number): void {
    const rates = this.rates[view.centre] as EnergyRates;
    const fromS = t + view.stageInS + view.expectedWaitS;
    if (!Number.isFinite(fromS)) {
      // No start in sight (a stalled link): the job would never run there.
      view.energyKWh = Number.POSITIVE_INFINITY;
      view.costCny = Number.POSITIVE_INFINITY;
      view.co2Kg = Number.POSITIVE_INFINITY;
      return;
    }
    const integrals = this.integrals;
    rates.integrate(fromS, fromS + view.walltimeS, integrals);
    const watts = view.powerW;
    view.energyKWh = (watts * (integrals[0] as number)) / 3.6e6;
    view.costCny = (watts * (integrals[1] as number)) / 3.6e6;
    view.co2Kg = (watts * (integrals[2] as number)) / 3.6e9;
  }

  /**
   * Temporal shifting: the release time, now or a whole hour within the job's slack, at which the
   * mean PUE × price (or × carbon) over its walltime at the best centre is least; ties go to the
   * earliest, and gains below 1e-6 relative are not a reason to wait. A centre counts for a
   * release time only if it is open and up then and, for a job with a deadline, if starting
   * there at that time leaves the stage-in, expected wait and walltime estimated now before the
   * deadline (so the hold itself never pushes the job past it). With flat rates everywhere
   * nothing is held. Cost: hours scanned × candidate centres, at most a day of hours when the
   * rates repeat daily over the slack.
   */
  bestReleaseS(spec: JobSpec, candidates: readonly CandidateView[], t: number): number {
    const slackEndS = spec.submitS + (spec.slackS ?? 0);
    if (!(slackEndS > t)) return t;
    const deadlineS = spec.deadlineS ?? Number.POSITIVE_INFINITY;
    const byCarbon = this.scenario.dispatch.shift === 'carbon';
    // One option per centre (its first eligible partition stands for the others).
    const options = this.shiftOptions;
    clear(options);
    let varying = false;
    let horizonS = t;
    let lastCentre = -1;
    for (const c of candidates) {
      if (c.centre === lastCentre) continue;
      lastCentre = c.centre;
      const rates = this.rates[c.centre] as EnergyRates;
      if (!rates.flat) varying = true;
      const latestS = Math.min(slackEndS, spec.submitS + deadlineS - c.stageInS - c.expectedWaitS - c.walltimeS);
      if (latestS > horizonS) horizonS = latestS;
      options.push({ centre: c.centre, rates, walltimeS: c.walltimeS, latestS });
    }
    if (!varying) return t;
    // Rates that repeat daily (no PUE change of month ahead) and no outage window to wait out:
    // a release a day later scores the same and is offered at fewer centres, so one day is enough.
    let periodic = true;
    for (const o of options) {
      if (this.downS[o.centre] !== undefined || !o.rates.dailyPeriodic(t, horizonS + o.walltimeS)) periodic = false;
    }
    if (periodic) horizonS = Math.min(horizonS, t + 86400);
    const meanRate = (o: ShiftOption, releaseS: number): number => {
      const toS = releaseS + o.walltimeS;
      return (byCarbon ? o.rates.carbon(releaseS, toS) : o.rates.cost(releaseS, toS)) / o.walltimeS;
    };
    let bestScore = Number.POSITIVE_INFINITY;
    for (const o of options) bestScore = Math.min(bestScore, meanRate(o, t));
    let bestS = t;
    for (let h = Math.floor(t / 3600) + 1; h * 3600 <= horizonS; h++) {
      const releaseS = h * 3600;
      let score = Number.POSITIVE_INFINITY;
      for (const o of options) {
        if (releaseS > o.latestS || releaseS >= (this.activeUntilS[o.centre] as number) || downAt(this.downS[o.centre], releaseS)) continue;
        score = Math.min(score, meanRate(o, releaseS));
      }
      if (score < bestScore * (1 - 1e-6)) {
        bestScore = score;
        bestS = releaseS;
      }
    }
    return bestS;
  }
}

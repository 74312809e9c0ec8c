import type { ArrivalProfile } from '../model/scenario.js';

const DAY_S = 86_400;

/**
 * Arrival times of a non-homogeneous Poisson process whose rate is piecewise constant: the
 * source's mean rate × the daily weight of the slice × the weekly weight of the day × the growth
 * ramp (evaluated at the middle of the slice). Time 0 is a Monday at 00:00.
 *
 * Sampled by inversion of the cumulative rate (the time-change theorem): the next arrival after
 * t is where the integral of the rate from t reaches an Exp(1) draw, so each arrival costs one
 * draw whatever the profile (no thinning), and the counts per slice are exactly Poisson.
 */
export class ArrivalClock {
  private readonly sliceS: number;
  private readonly slices: number;

  constructor(
    private readonly profile: ArrivalProfile,
    private readonly meanRatePerS: number,
    private readonly startS: number,
    private readonly endS: number,
  ) {
    this.slices = profile.daily.length;
    this.sliceS = DAY_S / this.slices;
  }

  /** Rate in slice k (absolute slice index from time 0), per second. */
  rateInSlice(k: number): number {
    const { daily, weekly, growth } = this.profile;
    const day = Math.floor((k * this.sliceS) / DAY_S);
    const span = this.endS - this.startS;
    const midS = (k + 0.5) * this.sliceS;
    const ramp = span > 0 && growth !== 1 ? 1 + (growth - 1) * Math.min(1, Math.max(0, (midS - this.startS) / span)) : 1;
    return this.meanRatePerS * (daily[k % this.slices] as number) * (weekly[day % 7] as number) * ramp;
  }

  /** The first arrival after `fromS` for an Exp(1) draw `need`; ≥ endS when none is left. */
  next(fromS: number, need: number): number {
    let k = Math.floor(fromS / this.sliceS);
    let now = fromS;
    let left = need;
    while (now < this.endS) {
      const sliceEndS = (k + 1) * this.sliceS;
      const rate = this.rateInSlice(k);
      if (rate > 0) {
        const mass = rate * (sliceEndS - now);
        if (mass >= left) return now + left / rate;
        left -= mass;
      }
      now = sliceEndS;
      k++;
    }
    return now;
  }
}

import type { Centre } from './centre.js';
import type { Scenario } from './scenario.js';
import type { Region } from './site.js';

/**
 * The time-varying rates that turn IT energy into facility energy, cost and carbon at one place:
 * PUE by calendar month, electricity price and grid carbon intensity by hour of day.
 *
 * Calendar: time 0 is 00:00 China Standard Time on the 1st of `startMonth` of a non-leap year
 * (months of 31, 28, 31, ... days, repeating every 365 days), so every tariff and month boundary
 * falls on a whole hour. Each rate is constant within an hour, which makes every integral over
 * time an exact sum of hourly terms; prefix sums make it O(1), whatever the interval.
 */
export class EnergyRates {
  /** Prefix sums over whole hours of one year: [h] = Σ over hours k < h of rate(k) × 3600. */
  private pueSum: Float64Array = new Float64Array(1);
  private costSum: Float64Array = new Float64Array(1);
  private carbonSum: Float64Array = new Float64Array(1);
  /** Hours covered by the prefix sums (at most a year: the rates repeat every 365 days). */
  private hours = 0;
  /** Scratch integrals of the single-rate accessors. */
  private readonly scratch = new Float64Array(3);
  /** True when PUE, price and carbon are each the same at every hour (nothing to gain by waiting). */
  readonly flat: boolean;
  /** True when PUE is the same in every month. */
  private readonly flatPue: boolean;

  /**
   * @param priceByHour 24 prices, CNY/kWh, hour 0 = 00:00–01:00
   * @param carbonByHour 24 grid intensities, gCO2/kWh
   * @param pueByMonth 12 PUE values (facility ÷ IT energy), January first
   * @param startMonth month of time 0, 1–12
   */
  constructor(
    readonly priceByHour: readonly number[],
    readonly carbonByHour: readonly number[],
    readonly pueByMonth: readonly number[],
    readonly startMonth: number,
  ) {
    if (priceByHour.length !== 24 || carbonByHour.length !== 24 || pueByMonth.length !== 12) {
      throw new Error(`EnergyRates: expected 24 prices, 24 carbon values and 12 PUE values, got ${priceByHour.length}, ${carbonByHour.length}, ${pueByMonth.length}`);
    }
    const same = (xs: readonly number[]): boolean => xs.every((x) => x === xs[0]);
    this.flatPue = same(pueByMonth);
    this.flat = same(priceByHour) && same(carbonByHour) && this.flatPue;
  }

  /**
   * Whether the rates repeat every 24 h over [fromS, toS]: PUE is the same in every month, or
   * the span stays within one month.
   */
  dailyPeriodic(fromS: number, toS: number): boolean {
    if (this.flatPue) return true;
    return toS - fromS < 28 * 86400 && monthOfHour(hourIndex(fromS), this.startMonth) === monthOfHour(hourIndex(toS), this.startMonth);
  }

  /** PUE at time `t` (seconds). */
  pueAt(t: number): number {
    return this.rate(0, hourIndex(t));
  }

  priceAt(t: number): number {
    return this.priceByHour[hourOfDay(hourIndex(t))] as number;
  }

  carbonAt(t: number): number {
    return this.carbonByHour[hourOfDay(hourIndex(t))] as number;
  }

  /** ∫ PUE dt over [fromS, toS), seconds: facility joules per watt of constant IT power. */
  facility(fromS: number, toS: number): number {
    this.integrate(fromS, toS, this.scratch);
    return this.scratch[0] as number;
  }

  /** ∫ PUE × price dt over [fromS, toS), CNY·s/kWh: × IT watts / 3.6e6 gives CNY. */
  cost(fromS: number, toS: number): number {
    this.integrate(fromS, toS, this.scratch);
    return this.scratch[1] as number;
  }

  /** ∫ PUE × carbon dt over [fromS, toS), g·s/kWh: × IT watts / 3.6e6 gives grams. */
  carbon(fromS: number, toS: number): number {
    this.integrate(fromS, toS, this.scratch);
    return this.scratch[2] as number;
  }

  /**
   * The three integrals over [fromS, toS) at once, into `out` [facility s, cost CNY·s/kWh,
   * carbon g·s/kWh]: the partial first and last hours directly, the whole hours between from
   * the prefix sums, so an interval within one hour is exactly rate × length (no cancellation of
   * large sums, whatever the time). Infinite when an end is not finite; before time 0 the rates
   * of hour 0 apply.
   */
  integrate(fromS: number, toS: number, out: Float64Array): void {
    let a = fromS;
    const b = toS;
    out[0] = 0;
    out[1] = 0;
    out[2] = 0;
    if (!(b > a)) return;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      out.fill(Number.POSITIVE_INFINITY);
      return;
    }
    if (a < 0) {
      this.addHour(out, 0, Math.min(b, 0) - a);
      if (b <= 0) return;
      a = 0;
    }
    const ha = Math.floor(a / 3600);
    const hb = Math.floor(b / 3600);
    if (ha === hb) {
      this.addHour(out, ha, b - a);
      return;
    }
    this.addHour(out, ha, (ha + 1) * 3600 - a);
    this.addHour(out, hb, b - hb * 3600);
    this.addWholeHours(out, ha + 1, hb);
  }

  /** Adds `seconds` of hour `h` to the three integrals. */
  private addHour(out: Float64Array, h: number, seconds: number): void {
    const pue = this.pueByMonth[monthOfHour(h, this.startMonth)] as number;
    const hour = hourOfDay(h);
    out[0] = (out[0] as number) + pue * seconds;
    out[1] = (out[1] as number) + pue * (this.priceByHour[hour] as number) * seconds;
    out[2] = (out[2] as number) + pue * (this.carbonByHour[hour] as number) * seconds;
  }

  /** Rate `which` (0 PUE, 1 PUE × price, 2 PUE × carbon) during hour `h` (h ≥ 0). */
  private rate(which: number, h: number): number {
    const pue = this.pueByMonth[monthOfHour(h, this.startMonth)] as number;
    if (which === 0) return pue;
    return pue * ((which === 1 ? this.priceByHour : this.carbonByHour)[hourOfDay(h)] as number);
  }

  /**
   * Adds Σ rate × 3600 over the whole hours [h1, h2) (h1 ≤ h2) to the three integrals: the prefix
   * sum at h2 minus the one at h1, each as whole years (the rates repeat every 365 days) then the
   * rest of a year.
   */
  private addWholeHours(out: Float64Array, h1: number, h2: number): void {
    const years1 = Math.floor(h1 / HOURS_PER_YEAR);
    const rest1 = h1 - years1 * HOURS_PER_YEAR;
    const years2 = Math.floor(h2 / HOURS_PER_YEAR);
    const rest2 = h2 - years2 * HOURS_PER_YEAR;
    // Covering h2 covers h1: a later year needs the whole year, the same year a shorter rest.
    if (rest2 > this.hours || (years2 > 0 && this.hours < HOURS_PER_YEAR)) this.extend(years2 > 0 ? HOURS_PER_YEAR : rest2);
    out[0] = (out[0] as number) + (prefixSum(this.pueSum, years2, rest2) - prefixSum(this.pueSum, years1, rest1));
    out[1] = (out[1] as number) + (prefixSum(this.costSum, years2, rest2) - prefixSum(this.costSum, years1, rest1));
    out[2] = (out[2] as number) + (prefixSum(this.carbonSum, years2, rest2) - prefixSum(this.carbonSum, years1, rest1));
  }

  /** Grows the prefix sums to cover at least `hours` hours, at most a year (doubling). */
  private extend(hours: number): void {
    const size = Math.min(HOURS_PER_YEAR, Math.max(hours, 2 * this.hours, 24 * 7)) + 1;
    const grow = (old: Float64Array): Float64Array => {
      const next = new Float64Array(size);
      next.set(old.subarray(0, this.hours + 1));
      return next;
    };
    this.pueSum = grow(this.pueSum);
    this.costSum = grow(this.costSum);
    this.carbonSum = grow(this.carbonSum);
    for (let h = this.hours; h < size - 1; h++) {
      this.pueSum[h + 1] = (this.pueSum[h] as number) + this.rate(0, h) * 3600;
      this.costSum[h + 1] = (this.costSum[h] as number) + this.rate(1, h) * 3600;
      this.carbonSum[h + 1] = (this.carbonSum[h] as number) + this.rate(2, h) * 3600;
    }
    this.hours = size - 1;
  }
}

const HOURS_PER_YEAR = 365 * 24;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** Day of the year (0–364) on which each month starts. */
const MONTH_START_DAY = DAYS_IN_MONTH.map((_, m) => DAYS_IN_MONTH.slice(0, m).reduce((a, b) => a + b, 0));

/** Σ rate × 3600 over `years` whole years and `rest` more hours, from one year's prefix sums. */
function prefixSum(sums: Float64Array, years: number, rest: number): number {
  return (years > 0 ? years * (sums[HOURS_PER_YEAR] as number) : 0) + (sums[rest] as number);
}

function hourIndex(t: number): number {
  return t <= 0 ? 0 : Math.floor(t / 3600);
}

function hourOfDay(h: number): number {
  return h % 24;
}

/** Month (0 = January) of each day of the year (0–364). */
const MONTH_OF_DAY = Uint8Array.from({ length: 365 }, (_, day) => {
  let m = 11;
  while ((MONTH_START_DAY[m] as number) > day) m--;
  return m;
});

/** Month (0 = January) of hour `h` after 00:00 on the 1st of `startMonth` (1–12). */
export function monthOfHour(h: number, startMonth: number): number {
  const dayOfYear = (Math.floor(h / 24) + (MONTH_START_DAY[startMonth - 1] as number)) % 365;
  return MONTH_OF_DAY[dayOfYear] as number;
}

const FLAT_PUE: readonly number[] = new Array<number>(12).fill(1);
const ZERO_DAY: readonly number[] = new Array<number>(24).fill(0);

/** A centre's PUE by month: its own, else its region's, else 1. */
export function centrePueByMonth(centre: Centre, region: Region | undefined): readonly number[] {
  return centre.pueByMonth ?? region?.pueByMonth ?? FLAT_PUE;
}

/** The rates of each centre of a scenario: its region's price and carbon, its own PUE if given, else the region's. */
export function centreRates(scenario: Scenario): EnergyRates[] {
  const regions = new Map(scenario.regions.map((r) => [r.id, r]));
  return scenario.centres.map((c) => {
    const region = regions.get(c.region);
    return new EnergyRates(
      region?.priceByHourCnyPerKWh ?? ZERO_DAY,
      region?.carbonByHourGPerKWh ?? ZERO_DAY,
      centrePueByMonth(c, region),
      scenario.energy.startMonth,
    );
  });
}

/** The rates of a site's region without PUE (network equipment has no data-centre overhead here). */
export function siteRates(scenario: Scenario, siteId: string): EnergyRates {
  const regionId = scenario.sites.find((s) => s.id === siteId)?.region ?? '';
  const region = scenario.regions.find((r) => r.id === regionId);
  return new EnergyRates(region?.priceByHourCnyPerKWh ?? ZERO_DAY, region?.carbonByHourGPerKWh ?? ZERO_DAY, FLAT_PUE, scenario.energy.startMonth);
}

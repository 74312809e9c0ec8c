import type { Scenario } from './scenario.js';

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
  /** Prefix sums over whole hours: [h] = Σ over hours k < h of rate(k) × 3600. */
  private pueSum: Float64Array = new Float64Array(1);
  private costSum: Float64Array = new Float64Array(1);
  private carbonSum: Float64Array = new Float64Array(1);
  /** Hours covered by the prefix sums. */
  private hours = 0;

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
  }

  /** PUE at time `t` (seconds). */
  pueAt(t: number): number {
    return this.pueByMonth[monthOfHour(hourIndex(t), this.startMonth)] as number;
  }

  priceAt(t: number): number {
    return this.priceByHour[hourOfDay(hourIndex(t))] as number;
  }

  carbonAt(t: number): number {
    return this.carbonByHour[hourOfDay(hourIndex(t))] as number;
  }

  /** ∫ PUE dt over [fromS, toS), seconds: facility joules per watt of constant IT power. */
  facility(fromS: number, toS: number): number {
    return this.integral(0, toS) - this.integral(0, fromS);
  }

  /** ∫ PUE × price dt over [fromS, toS), CNY·s/kWh: × IT watts / 3.6e6 gives CNY. */
  cost(fromS: number, toS: number): number {
    return this.integral(1, toS) - this.integral(1, fromS);
  }

  /** ∫ PUE × carbon dt over [fromS, toS), g·s/kWh: × IT watts / 3.6e6 gives grams. */
  carbon(fromS: number, toS: number): number {
    return this.integral(2, toS) - this.integral(2, fromS);
  }

  /** Rate `which` (0 PUE, 1 PUE × price, 2 PUE × carbon) during hour `h`. */
  private rate(which: number, h: number): number {
    const pue = this.pueByMonth[monthOfHour(h, this.startMonth)] as number;
    if (which === 0) return pue;
    return pue * ((which === 1 ? this.priceByHour : this.carbonByHour)[hourOfDay(h)] as number);
  }

  /** ∫ from 0 to t of rate `which`; before time 0 the rate of hour 0 continues. */
  private integral(which: number, t: number): number {
    if (t <= 0) return t * this.rate(which, 0);
    const h = Math.floor(t / 3600);
    if (h >= this.hours) this.extend(h + 1);
    const sums = which === 0 ? this.pueSum : which === 1 ? this.costSum : this.carbonSum;
    return (sums[h] as number) + this.rate(which, h) * (t - h * 3600);
  }

  /** Grows the prefix sums to cover at least `hours` hours (doubling, so O(1) amortised). */
  private extend(hours: number): void {
    const size = Math.max(hours, 2 * this.hours, 24 * 7) + 1;
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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
/** Day of the year (0–364) on which each month starts. */
const MONTH_START_DAY = DAYS_IN_MONTH.map((_, m) => DAYS_IN_MONTH.slice(0, m).reduce((a, b) => a + b, 0));

function hourIndex(t: number): number {
  return t <= 0 ? 0 : Math.floor(t / 3600);
}

function hourOfDay(h: number): number {
  return h % 24;
}

/** Month (0 = January) of hour `h` after 00:00 on the 1st of `startMonth` (1–12). */
export function monthOfHour(h: number, startMonth: number): number {
  const dayOfYear = (Math.floor(h / 24) + (MONTH_START_DAY[startMonth - 1] as number)) % 365;
  let m = 11;
  while ((MONTH_START_DAY[m] as number) > dayOfYear) m--;
  return m;
}

const FLAT_PUE: readonly number[] = new Array<number>(12).fill(1);
const ZERO_DAY: readonly number[] = new Array<number>(24).fill(0);

/** The rates of each centre of a scenario: its region's price and carbon, its own PUE if given, else the region's. */
export function centreRates(scenario: Scenario): EnergyRates[] {
  const regions = new Map(scenario.regions.map((r) => [r.id, r]));
  return scenario.centres.map((c) => {
    const region = regions.get(c.region);
    return new EnergyRates(
      region?.priceByHourCnyPerKWh ?? ZERO_DAY,
      region?.carbonByHourGPerKWh ?? ZERO_DAY,
      c.pueByMonth ?? region?.pueByMonth ?? FLAT_PUE,
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

/**
 * A quantity integrated over windows [k·w, (k+1)·w) from time 0: each interval adds a constant
 * rate × its overlap with every window it touches. Windows covered entirely go through a
 * difference array, so a long interval costs O(1); {@link finish} folds them in. The series
 * grows as intervals reach later windows (a streamed run does not know its end beforehand).
 */
export class WindowSeries {
  private values: Float64Array;
  private full: Float64Array;
  /** {@link finish} has folded the windows in place. */
  private spent = false;

  /**
   * @param limit the most windows the series may grow to: past it {@link add} calls `tooLong`
   *   (which throws) instead of allocating
   */
  constructor(
    readonly windowS: number,
    windows = 64,
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly tooLong: (atS: number) => never = defaultTooLong,
  ) {
    this.values = new Float64Array(Math.max(1, windows));
    this.full = new Float64Array(Math.max(1, windows) + 1);
  }

  /** Adds `rate` over [fromS, toS). */
  add(rate: number, fromS: number, toS: number): void {
    if (!(toS > fromS)) return;
    const w = this.windowS;
    const first = Math.max(0, Math.floor(fromS / w));
    const last = Math.floor(toS / w);
    if (last >= this.values.length) this.reach(last + 1, toS);
    const values = this.values;
    if (first === last) {
      values[first] = (values[first] as number) + rate * (toS - fromS);
      return;
    }
    values[first] = (values[first] as number) + rate * ((first + 1) * w - fromS);
    values[last] = (values[last] as number) + rate * (toS - last * w);
    if (last > first + 1) {
      this.full[first + 1] = (this.full[first + 1] as number) + rate;
      this.full[last] = (this.full[last] as number) - rate;
    }
  }

  /** Adds an amount at one instant (to the window containing `atS`). */
  addAt(amount: number, atS: number): void {
    const k = Math.max(0, Math.floor(atS / this.windowS));
    if (k >= this.values.length) this.reach(k + 1, atS);
    this.values[k] = (this.values[k] as number) + amount;
  }

  /**
   * The integral over each of the first `windows` windows (later ones are dropped); call once,
   * after the last add. Folded in place, without a copy: a long run's report holds hundreds of
   * series of tens of thousands of windows (20 MB at 10^7 jobs), and a copy of each doubled them.
   * @throws Error when called a second time (the series is spent)
   */
  finish(windows: number): Float64Array {
    if (this.spent) throw new Error('WindowSeries.finish called twice');
    if (windows > this.values.length) this.reach(windows, windows * this.windowS);
    const values = this.values;
    let level = 0;
    for (let k = 0; k < windows; k++) {
      level += this.full[k] as number;
      values[k] = (values[k] as number) + level * this.windowS;
    }
    this.spent = true;
    this.full = new Float64Array(0);
    return values.subarray(0, windows);
  }

  private reach(windows: number, atS: number): void {
    if (windows > this.limit) this.tooLong(atS);
    // Growing by half keeps the slack of a year of windows small; copies still add up to O(n).
    const size = Math.min(Math.max(windows, Math.ceil(1.5 * this.values.length)), Math.max(windows, this.limit));
    const values = new Float64Array(size);
    values.set(this.values);
    this.values = values;
    const full = new Float64Array(size + 1);
    full.set(this.full);
    this.full = full;
  }
}

function defaultTooLong(atS: number): never {
  throw new RangeError(`a window series cannot reach ${atS} s`);
}

/** A difference array over windows that grows on demand (see {@link WindowSeries}). */
export class WindowCounts {
  private diff = new Float64Array(64);
  private spent = false;

  constructor(
    private readonly limit = Number.POSITIVE_INFINITY,
    private readonly tooLong: (atS: number) => never = defaultTooLong,
    private readonly windowS = 1,
  ) {}

  /** +1 from window `first` (included) to window `last` (excluded). */
  mark(first: number, last: number): void {
    if (last <= first) return;
    if (last >= this.diff.length) {
      if (last > this.limit) this.tooLong(last * this.windowS);
      const grown = new Float64Array(Math.max(last + 1, Math.ceil(1.5 * this.diff.length)));
      grown.set(this.diff);
      this.diff = grown;
    }
    this.diff[first] = (this.diff[first] as number) + 1;
    this.diff[last] = (this.diff[last] as number) - 1;
  }

  /**
   * The count in each of the first `windows` windows; call once (summed in place, as
   * {@link WindowSeries.finish}).
   * @throws Error when called a second time
   */
  finish(windows: number): Float64Array {
    if (this.spent) throw new Error('WindowCounts.finish called twice');
    this.spent = true;
    if (windows > this.diff.length) {
      const grown = new Float64Array(windows);
      grown.set(this.diff);
      this.diff = grown;
    }
    const diff = this.diff;
    let level = 0;
    for (let k = 0; k < windows; k++) {
      level += diff[k] as number;
      diff[k] = level;
    }
    return diff.subarray(0, windows);
  }
}

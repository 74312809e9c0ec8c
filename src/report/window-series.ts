/**
 * A quantity integrated over windows [k·w, (k+1)·w) from time 0: each interval adds a constant
 * rate × its overlap with every window it touches. Windows covered entirely go through a
 * difference array, so a long interval costs O(1); {@link finish} folds them in.
 */
export class WindowSeries {
  /** Per window: the integral (after {@link finish}); before it, only the partial windows. */
  readonly values: Float64Array;
  private readonly full: Float64Array;

  constructor(
    readonly windowS: number,
    windows: number,
  ) {
    this.values = new Float64Array(windows);
    this.full = new Float64Array(windows + 1);
  }

  /** Adds `rate` over [fromS, toS) (the part beyond the last window is dropped). */
  add(rate: number, fromS: number, toS: number): void {
    if (!(toS > fromS)) return;
    const w = this.windowS;
    const values = this.values;
    const first = Math.max(0, Math.floor(fromS / w));
    const last = Math.min(Math.floor(toS / w), values.length - 1);
    if (first >= values.length) return;
    const endS = Math.min(toS, (last + 1) * w);
    if (first === last) {
      values[first] = (values[first] as number) + rate * (endS - fromS);
      return;
    }
    values[first] = (values[first] as number) + rate * ((first + 1) * w - fromS);
    values[last] = (values[last] as number) + rate * (endS - last * w);
    if (last > first + 1) {
      this.full[first + 1] = (this.full[first + 1] as number) + rate;
      this.full[last] = (this.full[last] as number) - rate;
    }
  }

  /** Adds an amount at one instant (to the window containing `atS`). */
  addAt(amount: number, atS: number): void {
    const k = Math.max(0, Math.floor(atS / this.windowS));
    if (k < this.values.length) this.values[k] = (this.values[k] as number) + amount;
  }

  /** Folds the whole windows in; call once, after the last add. */
  finish(): Float64Array {
    let level = 0;
    for (let k = 0; k < this.values.length; k++) {
      level += this.full[k] as number;
      this.values[k] = (this.values[k] as number) + level * this.windowS;
    }
    return this.values;
  }
}

/**
 * Time on report axes and the merging of windows. A heatmap column is one drawn mark per row; a
 * year of hourly windows would be 8760 marks per centre, so consecutive windows are merged until
 * at most {@link MAX_COLUMNS} remain. A merged cell is the mean of its windows' values, which for
 * windows of equal length is the utilization over the merged window.
 */
export const MAX_COLUMNS = 100;

/** The unit of a time axis: hours for runs up to three days, days beyond. */
export interface TimeUnit {
  readonly seconds: number;
  readonly label: string;
}

export function timeUnit(spanS: number): TimeUnit {
  return spanS > 3 * 86400 ? { seconds: 86400, label: 'd' } : { seconds: 3600, label: 'h' };
}

/** How many consecutive windows make one column when there are `windows` of them. */
export function mergeFactor(windows: number, maxColumns = MAX_COLUMNS): number {
  return Math.max(1, Math.ceil(windows / maxColumns));
}

/** A series of values on windows [k·w, (k+1)·w), merged `factor` at a time: [start, end, mean] per column. */
export function mergeWindows(values: ArrayLike<number>, windowS: number, factor: number): { startS: number; endS: number; value: number }[] {
  const out: { startS: number; endS: number; value: number }[] = [];
  for (let k = 0; k < values.length; k += factor) {
    const last = Math.min(values.length, k + factor);
    let sum = 0;
    let n = 0;
    for (let j = k; j < last; j++) {
      const v = values[j] as number;
      if (Number.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    out.push({ startS: k * windowS, endS: last * windowS, value: n === 0 ? Number.NaN : sum / n });
  }
  return out;
}

/** Points per line series at most: a year of hourly windows is merged to days, not drawn hour by hour. */
export const MAX_LINE_POINTS = 400;

/** Zeros that pad a fraction of `digits` digits to 6 (index = the missing count). */
const PAD = ['', '0', '00', '000', '0000', '00000'];

/**
 * Formats a number for CSV: integers as is, other values rounded to the microsecond /
 * millionth (enough for seconds and ratios, and free of binary noise such as
 * 3600.0000000000005), NaN and ±Infinity as an empty cell. Deterministic on every platform.
 *
 * The bytes are those of `String(Math.round(value * 1e6) / 1e6)`; below 10^9 in magnitude the
 * rounded value has at most 15 significant digits, so its shortest form is the integer
 * k = round(value × 10^6) with the decimal point put back, built here from integers, which is
 * about a third faster than formatting the double (jobs.csv is millions of cells).
 * `CsvWriter.number` (csv-writer.ts) writes the same text straight into bytes: change both
 * together (test/report/csv.test.ts compares them against the definition above).
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  if (value > -1e9 && value < 1e9) {
    const k = Math.round(value * 1e6);
    if (k === 0) return '0';
    const magnitude = k < 0 ? -k : k;
    const whole = Math.floor(magnitude / 1e6);
    let fraction = magnitude - whole * 1e6;
    const sign = k < 0 ? '-' : '';
    if (fraction === 0) return `${sign}${whole}`;
    let digits = 6;
    while (fraction % 10 === 0) {
      fraction /= 10;
      digits--;
    }
    const text = String(fraction);
    return `${sign}${whole}.${PAD[digits - text.length] as string}${text}`;
  }
  const rounded = Math.round(value * 1e6) / 1e6;
  return String(rounded === 0 ? 0 : rounded);
}

/**
 * Formats a number for CSV: integers as is, other values rounded to the microsecond /
 * millionth (enough for seconds and ratios, and free of binary noise such as
 * 3600.0000000000005), NaN and ±Infinity as an empty cell. Deterministic on every platform.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return String(value);
  const rounded = Math.round(value * 1e6) / 1e6;
  return String(rounded === 0 ? 0 : rounded);
}

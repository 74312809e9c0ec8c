/**
 * The values of one sweep axis: a YAML list as written, or an inclusive integer range `"1..20"`.
 * @returns the values, or a message saying what is wrong (the caller adds file and path)
 */
export function axisValues(raw: readonly unknown[] | string): { ok: true; values: unknown[] } | { ok: false; message: string } {
  if (Array.isArray(raw)) {
    if (raw.length === 0) return { ok: false, message: 'empty axis: give at least one value' };
    return { ok: true, values: [...raw] };
  }
  const m = /^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$/.exec(raw as string);
  if (m === null) return { ok: false, message: `expected a list of values or an inclusive integer range like 1..20, got ${JSON.stringify(raw)}` };
  // Past 2^53 − 1, v++ no longer changes v: the loop below would never end (and digits that round
  // would not be the value the user meant).
  for (const [end, v] of [['start', m[1] as string], ['end', m[2] as string]] as const) {
    if (!Number.isSafeInteger(Number(v)) || String(Number(v)) !== v.replace(/^(-?)0+(?=\d)/, '$1')) {
      return { ok: false, message: `range ${m[1]}..${m[2]}: the ${end} ${v} is not an integer within ±${Number.MAX_SAFE_INTEGER} (2^53 − 1)` };
    }
  }
  const from = Number(m[1]);
  const to = Number(m[2]);
  if (to < from) return { ok: false, message: `empty axis: range ${from}..${to} has no values (the end is inclusive and must be ≥ the start)` };
  if (to - from >= 1_000_000) return { ok: false, message: `range ${from}..${to} has more than a million values` };
  const values: number[] = [];
  for (let v = from; v <= to; v++) values.push(v);
  return { ok: true, values };
}

/** An axis value as a CSV cell and in run ids: strings as written, other values as JSON. */
export function formatAxisValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

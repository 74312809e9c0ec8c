/**
 * Numbers in trace and workload files (SWF fields, jobs CSV cells, sacct counts, Batsim values).
 *
 * `Number(text)` takes more than a trace means: `0x10` is 16, `0b1` and `0o7` are numbers too, and
 * `1e300` is a finite time that no run can reach and that writers would print as `1e+300`
 * (not an SWF integer). Trace numbers are decimal, and at most 2^53 in magnitude: every integer up
 * to there is exact, and is printed without an exponent.
 */
export const TRACE_NUMBER_LIMIT = Number.MAX_SAFE_INTEGER;

/** The value of a decimal number token, or NaN (hexadecimal, binary, octal, blank, beyond 2^53, not a number). */
export function traceNumber(token: string): number {
  const v = Number(token);
  if (!(Math.abs(v) <= TRACE_NUMBER_LIMIT)) return Number.NaN;
  // Number() reads 0x, 0b and 0o prefixes (unsigned only) and blank text as 0.
  const c1 = token.length > 1 ? token.charCodeAt(1) | 32 : 0;
  if (token.charCodeAt(0) === 48 && (c1 === 120 || c1 === 98 || c1 === 111)) return Number.NaN;
  if (v === 0 && token.trim() === '') return Number.NaN;
  return v;
}

/** Why a token is not a trace number (for messages): beyond the limit, or not a decimal number. */
export function traceNumberProblem(token: string): string {
  const v = Number(token);
  return Number.isFinite(v) && Math.abs(v) > TRACE_NUMBER_LIMIT ? `${token} is beyond 2^53 (${TRACE_NUMBER_LIMIT})` : `'${token}' is not a decimal number`;
}

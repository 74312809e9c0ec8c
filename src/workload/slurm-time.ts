/**
 * Slurm's time formats as `sacct` prints them (man sacct, "Elapsed", "Timelimit", "Submit"):
 * dates `YYYY-MM-DDTHH:MM:SS` and durations `[D-]HH:MM:SS`, `MM:SS` (also `MM:SS.mmm`).
 * Parsed by hand, without `Date`, so no time zone or locale of the machine can enter.
 */

/** The outcome of parsing one value: its number, or why not. */
export type Parsed = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly reason: string };

const DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/;

/**
 * Seconds since 1970-01-01T00:00:00 of a sacct date, read as if it were UTC: sacct prints local
 * time without a zone, so only differences between two dates of one file mean anything (cnsim
 * uses them relative to the file's earliest submission). Daylight-saving jumps of the cluster's
 * zone are not known and not corrected.
 */
export function parseSlurmDate(raw: string): Parsed {
  const m = DATE.exec(raw);
  if (m === null) return { ok: false, reason: `expected a date YYYY-MM-DDTHH:MM:SS, got '${raw}'` };
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 60) {
    return { ok: false, reason: `not a calendar date: '${raw}'` };
  }
  return { ok: true, value: daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second };
}

/**
 * Seconds of a sacct duration: `MM:SS`, `HH:MM:SS` or `D-HH:MM:SS` as sacct prints them (seconds
 * may carry `.mmm`); `D-HH:MM` (sbatch's input form) is read too.
 */
export function parseSlurmDuration(raw: string): Parsed {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d+(?:\.\d+)?))?(?::(\d+(?:\.\d+)?))?$/.exec(raw);
  // Only seconds may have a fraction (the second part is minutes in HH:MM:SS and in D-HH:MM).
  if (m === null || m[3] === undefined || ((m[4] !== undefined || m[1] !== undefined) && m[3].includes('.'))) return { ok: false, reason: `expected a duration [D-]HH:MM:SS or MM:SS, got '${raw}'` };
  const days = m[1] === undefined ? 0 : Number(m[1]);
  let hours: number;
  let minutes: number;
  let seconds: number;
  if (m[4] === undefined) {
    // Two parts: MM:SS, unless a day prefix makes it D-HH:MM (sbatch's own input form).
    if (m[1] === undefined) {
      hours = 0;
      minutes = Number(m[2]);
      seconds = Number(m[3]);
    } else {
      hours = Number(m[2]);
      minutes = Number(m[3]);
      seconds = 0;
    }
  } else {
    hours = Number(m[2]);
    minutes = Number(m[3]);
    seconds = Number(m[4]);
  }
  if (minutes > 59 || seconds >= 60 || (m[1] !== undefined && hours > 23)) return { ok: false, reason: `not a valid duration: '${raw}'` };
  return { ok: true, value: days * 86400 + hours * 3600 + minutes * 60 + seconds };
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

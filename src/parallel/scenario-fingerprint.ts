import { createHash } from 'node:crypto';
import type { Scenario } from '../model/scenario.js';

/** Lists longer than this are summarised (a trace's jobs), not written out, in a fingerprint. */
const SUMMARISED_LENGTH = 256;

/**
 * A digest of a parsed scenario: two sweep axis values that give the same one (`1h`, `60min`
 * and `3600` for a horizon) would run the same run twice under two ids. Long lists (the jobs of
 * a trace) enter by their length and a position-weighted sum of their numbers, so that a sweep
 * over a thousand seeds of a scenario with traces does not serialise the traces a thousand
 * times; a change of scale, order or size of their jobs still changes the digest.
 */
export function scenarioFingerprint(scenario: Scenario): string {
  const text = JSON.stringify(scenario, (_key, value: unknown) => {
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    if (value instanceof Map) return { map: [...value.entries()] };
    if (value instanceof Set) return { set: [...value] };
    if (ArrayBuffer.isView(value)) return { typed: Array.from(value as unknown as ArrayLike<number>) };
    if (Array.isArray(value) && value.length > SUMMARISED_LENGTH) return { length: value.length, first: value[0], last: value.at(-1), digest: numericDigest(value) };
    return value;
  });
  return createHash('sha256').update(text).digest('hex');
}

/** Σ over elements of (position + 1) × (each number, or each string's hash, of the element). */
function numericDigest(values: readonly unknown[]): number {
  let sum = 0;
  const add = (x: unknown, weight: number): void => {
    if (typeof x === 'number' && Number.isFinite(x)) sum += weight * x;
    else if (typeof x === 'string') sum += weight * stringHash(x);
  };
  values.forEach((v, i) => {
    if (v !== null && typeof v === 'object') for (const x of Object.values(v)) add(x, i + 1);
    else add(v, i + 1);
  });
  return sum;
}

/** A 32-bit hash of a string (djb2). */
function stringHash(text: string): number {
  let h = 5381;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 33) + text.charCodeAt(i)) | 0;
  return h;
}

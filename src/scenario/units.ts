/**
 * Unit strings of scenario files: `"100Gbps"`, `"12ms"`, `"2h"`, `"3TB"`, `"350W"`, `"0.5kWh"`, `"120/h"`.
 * Bare numbers are SI base units (s, bit/s, bytes, W, J, 1/s). Each parser returns the value in
 * SI units, or a message saying what was expected.
 */
import { ownValue } from '../model/own-key.js';

export type UnitResult = { ok: true; value: number } | { ok: false; message: string };

const DURATION: Record<string, number> = { us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600, d: 86400, w: 604800 };
const BANDWIDTH: Record<string, number> = {
  bps: 1, Kbps: 1e3, kbps: 1e3, Mbps: 1e6, Gbps: 1e9, Tbps: 1e12,
  'B/s': 8, 'KB/s': 8e3, 'MB/s': 8e6, 'GB/s': 8e9, 'TB/s': 8e12,
};
const BYTES: Record<string, number> = {
  B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5,
};
const POWER: Record<string, number> = { W: 1, kW: 1e3, MW: 1e6 };
const ENERGY: Record<string, number> = { J: 1, kJ: 1e3, MJ: 1e6, GJ: 1e9, Wh: 3600, kWh: 3.6e6, MWh: 3.6e9 };
const RATE_PER: Record<string, number> = { s: 1, min: 60, h: 3600, d: 86400, w: 604800 };

const NUMBER_UNIT = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ/]*)\s*$/;

function withUnit(input: unknown, table: Record<string, number>, what: string, example: string): UnitResult {
  if (typeof input === 'number') {
    return Number.isFinite(input) ? { ok: true, value: input } : { ok: false, message: `expected ${what}, got ${input}` };
  }
  if (typeof input !== 'string') return { ok: false, message: `expected ${what} (a number or a string like "${example}")` };
  const m = NUMBER_UNIT.exec(input);
  const unit = m?.[2] ?? '';
  const factor = unit === '' ? 1 : ownValue(table, unit);
  if (m === null || factor === undefined) {
    return { ok: false, message: `expected ${what} like "${example}" (units: ${Object.keys(table).join(', ')}), got "${input}"` };
  }
  const value = Number(m[1]) * factor;
  // "1e400" reads as Infinity: no horizon, no cut-off, no limit, which is never what was meant.
  if (!Number.isFinite(value)) return { ok: false, message: `expected ${what} like "${example}", got "${input}" (not a finite number)` };
  return { ok: true, value };
}

/** Seconds from `"12ms"`, `"2h"`, `"7d"`, or a number of seconds. */
export const parseDuration = (v: unknown): UnitResult => withUnit(v, DURATION, 'a duration', '2h');
/** Bits per second from `"100Gbps"`, `"12.5GB/s"`, or a number of bit/s. */
export const parseBandwidth = (v: unknown): UnitResult => withUnit(v, BANDWIDTH, 'a bandwidth', '100Gbps');
/** Bytes from `"3TB"` (decimal) or `"2GiB"` (binary), or a number of bytes. */
export const parseBytes = (v: unknown): UnitResult => withUnit(v, BYTES, 'a size in bytes', '3TB');
/** Watts from `"350W"`, `"6.5kW"`, or a number of watts. */
export const parsePower = (v: unknown): UnitResult => withUnit(v, POWER, 'a power', '350W');

/** Joules from `"0.5kWh"`, `"120kJ"`, `"300Wh"`, or a number of joules. */
export const parseEnergy = (v: unknown): UnitResult => withUnit(v, ENERGY, 'an energy', '0.5kWh');

/** Events per second from `"120/h"`, `"3/min"`, or a number per second. */
export function parseRate(v: unknown): UnitResult {
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, value: v } : { ok: false, message: `expected a rate, got ${v}` };
  if (typeof v === 'string') {
    const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*\/\s*(s|min|h|d|w)\s*$/.exec(v);
    const per = m?.[2] === undefined ? undefined : RATE_PER[m[2]];
    if (m !== null && per !== undefined && Number.isFinite(Number(m[1]))) return { ok: true, value: Number(m[1]) / per };
  }
  return { ok: false, message: `expected a rate like "120/h" (per s, min, h, d, w), got ${JSON.stringify(v)}` };
}

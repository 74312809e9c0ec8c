import { describe, expect, it } from 'vitest';
import { parseBandwidth, parseBytes, parseDuration, parsePower, parseRate } from '../../src/scenario/units.js';

const value = (r: { ok: boolean; value?: number }) => (r.ok ? r.value : Number.NaN);

describe('unit strings', () => {
  it.each([
    ['12ms', 0.012],
    ['2h', 7200],
    ['7d', 604800],
    ['1.5min', 90],
    ['5us', 5e-6],
    [30, 30],
  ])('duration %s = %d s', (raw, s) => expect(value(parseDuration(raw))).toBeCloseTo(s, 12));

  it.each([
    ['100Gbps', 1e11],
    ['400Gbps', 4e11],
    ['12.5GB/s', 1e11],
    ['10Mbps', 1e7],
  ])('bandwidth %s = %d bit/s', (raw, bps) => expect(value(parseBandwidth(raw))).toBe(bps));

  it.each([
    ['3TB', 3e12],
    ['256GB', 256e9],
    ['2GiB', 2 * 1024 ** 3],
    ['10MB', 1e7],
  ])('size %s = %d bytes', (raw, b) => expect(value(parseBytes(raw))).toBe(b));

  it('parses power and rates', () => {
    expect(value(parsePower('6.5kW'))).toBe(6500);
    expect(value(parseRate('120/h'))).toBeCloseTo(1 / 30, 15);
    expect(value(parseRate('3/min'))).toBeCloseTo(0.05, 15);
  });

  it('rejects unknown units and garbage with a message that lists the units', () => {
    const r = parseBandwidth('100Gbit');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/Gbps/);
    expect(parseDuration('soon').ok).toBe(false);
    expect(parseRate('120 per hour').ok).toBe(false);
  });

  it('rejects a number too large for a double (1e400 read as Infinity would mean no horizon, no cut-off)', () => {
    for (const r of [parseDuration('1e400'), parseDuration('1e400h'), parseBytes('1e400TB'), parseBandwidth('1e400')]) {
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(/got "1e400.*" \(not a finite number\)/);
    }
    expect(parseRate('1e400/h').ok).toBe(false);
    expect(value(parseDuration('1e300s'))).toBe(1e300);
  });
});

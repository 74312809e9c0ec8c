import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load-scenario.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('national-2025-year', () => {
  const year = loadScenario('national-2025-year');
  const week = loadScenario('national-2025');

  it('is the file scripts/build-national-2025-year.mjs writes', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-national-2025-year.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs the 2025 layout and demand (daily and weekly TaihuLight profiles) over 365 days', () => {
    expect(year.horizonS).toBe(365 * 86400);
    expect(year.centres.map((c) => c.id)).toEqual(week.centres.map((c) => c.id));
    expect(year.links.map((l) => l.id)).toEqual(week.links.map((l) => l.id));
    expect(year.workload.map((w) => w.kind)).toEqual(week.workload.map((w) => w.kind));
    for (const w of year.workload) {
      if (w.kind !== 'poisson') continue;
      expect(w.endS).toBe(365 * 86400);
    }
  });

  it('gives each region a monthly PUE peaking in July whose annual mean is its flat target', () => {
    for (const region of year.regions) {
      const target = week.regions.find((r) => r.id === region.id)?.pueByMonth[0] as number;
      const pue = region.pueByMonth;
      expect(pue.length).toBe(12);
      const mean = pue.reduce((a, b) => a + b, 0) / 12;
      expect(Math.abs(mean - target), region.id).toBeLessThan(0.001);
      expect(Math.max(...pue)).toBe(pue[6]);
      expect(Math.min(...pue)).toBe(pue[0]);
      if (target > 1) expect(pue[6] as number).toBeGreaterThan(pue[0] as number);
    }
  });
});

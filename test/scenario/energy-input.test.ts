import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/input-error.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

function write(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-energy-'));
  const file = join(dir, 'energy.yaml');
  writeFileSync(file, text);
  return file;
}

function problemsOf(text: string): string[] {
  try {
    loadScenario(write(text));
  } catch (error) {
    if (error instanceof InputError) return [...error.problems];
    throw error;
  }
  return [];
}

const scenario = (regions: string, centre = '', partition = '', extra = '') => `version: 1
name: energy
regions:
${regions}
centres:
  - id: WX
    region: Jiangsu
    lat: 31.49
    lon: 120.31
${centre}    partitions:
      - { id: cpu, nodes: 16, coresPerNode: 64, idlePowerPerNode: 200W, peakPowerPerNode: 500W${partition} }
${extra}`;

describe('energy inputs', () => {
  it('accepts flat values and profiles, in SI after parsing', () => {
    const s = loadScenario(write(scenario(`  - { id: Jiangsu, priceCnyPerKWh: [${new Array(24).fill(0.6).join(', ')}], carbonGPerKWh: 561.7, pue: 1.25 }`, '    pue: [1.3, 1.3, 1.3, 1.3, 1.3, 1.4, 1.4, 1.4, 1.3, 1.3, 1.3, 1.3]\n', ', powerOff: { after: 30min, wakeUp: 5min, wakeUpEnergy: 0.1kWh, offPower: 8W }')));
    expect(s.regions[0]?.priceByHourCnyPerKWh).toHaveLength(24);
    expect(s.regions[0]?.carbonByHourGPerKWh).toEqual(new Array(24).fill(561.7));
    expect(s.centres[0]?.pueByMonth?.[5]).toBe(1.4);
    expect(s.centres[0]?.partitions[0]?.powerOff).toEqual({ afterS: 1800, wakeUpS: 300, wakeUpEnergyJ: 360000, offPowerW: 8 });
  });

  it('takes a region not declared, or declared without values, from the built-in energy table (data/layout-2025/energy.csv)', () => {
    const s = loadScenario(write(scenario('  - { id: Sichuan }')));
    // Sichuan (Chengdu-Chongqing hub, Tianfu): 0.34 CNY/kWh, 140.4 g/kWh, PUE 1.25; Jiangsu: 0.6, 561.7, 1.25.
    expect(s.regions.map((r) => [r.id, r.priceByHourCnyPerKWh[0], r.carbonByHourGPerKWh[0], r.pueByMonth[0]])).toEqual([
      ['Sichuan', 0.34, 140.4, 1.25],
      ['Jiangsu', 0.6, 561.7, 1.25],
    ]);
  });

  it('rejects a negative price, a profile of 23 hours and a PUE below 1, each with its path and line', () => {
    const problems = problemsOf(
      scenario(
        `  - { id: Jiangsu, priceCnyPerKWh: -0.1, carbonGPerKWh: [${new Array(23).fill(500).join(', ')}], pue: 0.9 }`,
        '    pue: [1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 0.95, 1.2, 1.2, 1.2, 1.2, 1.2]\n',
      ),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/^regions\[0\]\.priceCnyPerKWh \(line 4, col \d+\): expected a number ≥ 0, got -0\.1$/m);
    expect(text).toMatch(/^regions\[0\]\.carbonGPerKWh \(line 4, col \d+\): expected 24 values \(one per hour of the day, hour 0 = 00:00 China Standard Time\), got 23$/m);
    expect(text).toMatch(/^regions\[0\]\.pue \(line 4, col \d+\): expected a number ≥ 1, got 0\.9$/m);
    expect(text).toMatch(/^centres\[0\]\.pue\[6\] \(line \d+, col \d+\): expected a number ≥ 1, got 0\.95$/m);
  });

  it('rejects peak power below idle, GPU power without GPUs, an unknown region and a window of 7 min', () => {
    const problems = problemsOf(
      scenario('  - { id: Jiangsu }', '', ', gpuPeakPowerPerNode: 1kW, powerOff: { after: 1h, offPower: 1kW }', 'report: { utilizationWindow: 7min }\n').replace('peakPowerPerNode: 500W', 'peakPowerPerNode: 100W').replace('region: Jiangsu', 'region: Atlantis'),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/centres\[0\]\.partitions\[0\]\.peakPowerPerNode.*must be ≥ idlePowerPerNode \(200 W\), got 100 W/);
    expect(text).toMatch(/centres\[0\]\.partitions\[0\]\.gpuPeakPowerPerNode.*a partition without GPUs has no GPU power/);
    expect(text).toMatch(/centres\[0\]\.region.*unknown region 'Atlantis'.*built-in energy table/);
    expect(text).toMatch(/centres\[0\]\.partitions\[0\]\.powerOff\.offPower.*must be ≤ the idle power of a node \(200 W\), got 1000 W/);
    expect(text).toMatch(/report\.utilizationWindow.*must divide 1 h \(e\.g\. 15min\) or be a whole number of hours, got 420 s/);
  });

  it('applies the what-if knobs energy.timeOfUse (× every region\'s hourly price) and demand.classSlack', () => {
    const tou = [...new Array(8).fill(0.5), ...new Array(8).fill(1), ...new Array(8).fill(1.5)];
    const s = loadScenario(write(scenario('  - { id: Jiangsu, priceCnyPerKWh: 0.6 }', '', '', `energy: { timeOfUse: [${tou.join(', ')}] }
sites: [{ id: SH, lat: 31.2, lon: 121.5 }]
links: [{ between: [SH, WX], bandwidth: 100Gbps }]
horizon: 1d
demand: { classSlack: { b: 6h } }
workload:
  - { kind: poisson, origin: SH, rate: 1/h, classes: [{ name: b, cores: 1, runtime: { median: 1h, max: 2h } }, { name: c, cores: 1, runtime: { median: 1h, max: 2h } }] }
`)));
    expect(s.regions[0]?.priceByHourCnyPerKWh.map((p) => Math.round(p * 100) / 100)).toEqual(tou.map((f) => Math.round(0.6 * f * 100) / 100));
    const classes = s.workload[0]?.kind === 'poisson' ? s.workload[0].classes : [];
    expect(classes.map((c) => c.slackS)).toEqual([6 * 3600, 0]);
    expect(problemsOf(scenario('  - { id: Jiangsu }', '', '', 'energy: { timeOfUse: [1, 1, 1] }\n')).join('\n')).toMatch(/energy\.timeOfUse .*expected 24 values .*got 3/);
    expect(problemsOf(scenario('  - { id: Jiangsu }', '', '', 'demand: { classSlack: { nope: 1h } }\n')).join('\n')).toMatch(/demand\.classSlack\.nope.*no generator class is named 'nope'/);
  });

  it('rejects a shift signal it does not know and a negative slack', () => {
    const problems = problemsOf(
      scenario('  - { id: Jiangsu }', '', '', `dispatch: { shift: cheapest }
sites: [{ id: SH, lat: 31.2, lon: 121.5 }]
links: [{ between: [SH, WX], bandwidth: 100Gbps }]
workload:
  - { kind: poisson, origin: SH, rate: 1/h, classes: [{ name: b, cores: 1, runtime: { median: 1h, max: 2h }, slack: -1h }] }
`),
    );
    const text = problems.join('\n');
    expect(text).toMatch(/dispatch\.shift/);
    expect(text).toMatch(/workload\[0\]\.classes\[0\]\.slack/);
  });
});

import { describe, expect, it } from 'vitest';
import { describeScenario } from '../../src/report/describe-scenario.js';
import { buildJobs } from '../../src/workload/build-jobs.js';
import { scenarioFrom } from '../helpers.js';

describe('cnsim describe', () => {
  const scenario = scenarioFrom({
    horizon: '1d',
    regions: [
      { id: 'East', priceCnyPerKWh: [...new Array(8).fill(0.3), ...new Array(16).fill(0.9)], carbonGPerKWh: 600, pue: 1.25 },
      { id: 'West', priceCnyPerKWh: 0.35, carbonGPerKWh: new Array(24).fill(0).map((_, h) => 100 + h), pue: [1.1, 1.1, 1.1, 1.1, 1.1, 1.2, 1.2, 1.2, 1.1, 1.1, 1.1, 1.1] },
    ],
    centres: [
      { id: 'E', site: 'S', lat: 31, lon: 121, region: 'East', partitions: [{ id: 'cpu', nodes: 1000, coresPerNode: 64, idlePowerPerNode: 200, peakPowerPerNode: 500 }] },
      {
        id: 'W',
        site: 'T',
        lat: 30,
        lon: 104,
        region: 'West',
        activeFrom: '12h',
        partitions: [{ id: 'gpu', nodes: 100, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100', idlePowerPerNode: 300, peakPowerPerNode: 800, gpuIdlePowerPerNode: 1000, gpuPeakPowerPerNode: 3000 }],
      },
    ],
    links: [{ between: ['S', 'T'], bandwidth: '100Gbps' }],
    workload: [{ kind: 'poisson', origin: 'S', rate: '10/h', classes: [{ name: 'hpc', cores: 64, runtime: { median: '1h', max: '2h' } }] }],
  });
  const tables = describeScenario(scenario, buildJobs(scenario, 1));
  const table = (prefix: string) => tables.find((t) => t.title.startsWith(prefix))?.rows ?? [];

  it('lists the centres with their capacity and activity window', () => {
    expect(table('Centres')).toEqual([
      ['centre', 'site', 'region', 'partitions', 'cores', 'GPUs', 'active'],
      ['E', 'S', 'East', '1', '64,000', '0', 'always'],
      ['W', 'T', 'West', '1', '0', '800', '12.0 h – never'],
    ]);
  });

  it('sums IT power per region and shows the price, carbon and PUE ranges', () => {
    // E: 1000 × 200 W idle = 0.2 MW, × 500 W = 0.5 MW; W: 100 × 1.3 kW = 0.13 MW, × 3.8 kW = 0.38 MW.
    expect(table('Energy by region').slice(1)).toEqual([
      ['East', '1', '0.2', '0.5', '0.30–0.90', '600', '1.25'],
      ['West', '1', '0.1', '0.4', '0.35', '100–123', '1.10–1.20'],
    ]);
  });
});

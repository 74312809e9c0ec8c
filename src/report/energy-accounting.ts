import { centreRates, type EnergyRates, siteRates } from '../model/energy-rates.js';
import type { Job } from '../model/job.js';
import { jobPowerW, nodeIdlePowerW, type Partition } from '../model/partition.js';
import type { Scenario } from '../model/scenario.js';
import type { RunResult } from '../sim/simulation.js';
import { hasEnded, hasStarted } from './job-metrics.js';
import { WindowSeries } from './window-series.js';

const J_PER_KWH = 3.6e6;

/** Energy, cost and carbon of one centre or region (or the whole run). */
export interface EnergyTotals {
  /** IT energy of the jobs (their nodes while allocated, wake-ups included), kWh. */
  jobKWh: number;
  /** IT energy of the nodes no job held (idle, or switched off), kWh. */
  idleKWh: number;
  /** Facility energy: IT energy × PUE, kWh. */
  facilityKWh: number;
  costCny: number;
  co2Kg: number;
  /** The part of the cost and carbon due to idle nodes (the rest is the jobs'). */
  idleCostCny: number;
  idleCo2Kg: number;
}

/** Per centre and window of `report.utilizationWindow`. */
export interface EnergyWindows {
  readonly windowS: number;
  /** [centre][window], same units as {@link EnergyTotals}. */
  readonly jobKWh: Float64Array[];
  readonly idleKWh: Float64Array[];
  readonly facilityKWh: Float64Array[];
  readonly costCny: Float64Array[];
  readonly co2Kg: Float64Array[];
}

/** The energy accounting of a run (`energy.accounting`). */
export interface EnergyAccount {
  /** Σ over the jobs that held nodes: IT kWh, facility overhead kWh, CNY, kg CO2. */
  readonly jobItKWh: number;
  readonly jobOverheadKWh: number;
  readonly jobCostCny: number;
  readonly jobCo2Kg: number;
  readonly centres: readonly EnergyTotals[];
  readonly windows: EnergyWindows;
  /** Per region id ('' = centres without a region), in order of first appearance. */
  readonly regions: ReadonlyMap<string, EnergyTotals & { centres: number }>;
  /** Per link direction (2 · link + direction): network energy, cost and carbon at the sender's region. */
  readonly transferKWh: Float64Array;
  readonly transferCostCny: Float64Array;
  readonly transferCo2Kg: Float64Array;
  readonly total: EnergyTotals;
}

/**
 * Accounts energy, cost and carbon (issue 9 model). A job's IT power while it runs is its nodes'
 * idle power plus the busy share of their cores and GPUs up to peak ({@link jobPowerW}); during a
 * wake-up its still-on nodes idle and each woken node draws the wake-up energy. Nodes no job holds
 * draw idle power (or, switched off, the off power) while the centre is powered: from the first
 * submission (or its commissioning) to the last job end (or its decommissioning, extended to the
 * end of its last job). Facility energy is IT energy × PUE of the month; cost and carbon multiply
 * facility energy by the price and carbon of the hour. The windows are cut into cells of
 * gcd(window, 1 h) (the window divides an hour or is whole hours: the scenario check), within
 * which PUE, price and carbon are constant, so every figure is an exact sum. Conservation: Σ jobs + idle = the centre totals (up to rounding).
 */
export function accountEnergy(result: RunResult, perJob: JobEnergy, fromS: number, toS: number): EnergyAccount {
  const { scenario, partitions } = result;
  const windowS = scenario.report.utilizationWindowS;
  const { cellS, perWindow, rates, jobCells, idleCells, lastJobEndS } = perJob;
  const windowCount = Math.max(1, Math.ceil(toS / windowS));
  const cellCount = windowCount * perWindow + 1;
  const centreCount = scenario.centres.length;

  scenario.centres.forEach((centre, c) => {
    const onS = Math.max(fromS, centre.activeFromS ?? 0);
    const offS = Math.max(Math.min(toS, centre.activeUntilS ?? Number.POSITIVE_INFINITY), lastJobEndS[c] as number);
    if (!(offS > onS)) return;
    const cells = idleCells[c] as WindowSeries;
    for (const p of partitions) {
      if (p.centre !== c) continue;
      if (p.idle === null) cells.add(p.spec.nodes * nodeIdlePowerW(p.spec), onS, offS);
      else addIdleLog(cells, p.spec, p.idle.log, onS, offS);
    }
  });

  const series = (): Float64Array[] => Array.from({ length: centreCount }, () => new Float64Array(windowCount));
  const windows: EnergyWindows = { windowS, jobKWh: series(), idleKWh: series(), facilityKWh: series(), costCny: series(), co2Kg: series() };
  const centres: EnergyTotals[] = [];
  for (let c = 0; c < centreCount; c++) {
    const jobJ = (jobCells[c] as WindowSeries).finish(cellCount);
    const idleJ = (idleCells[c] as WindowSeries).finish(cellCount);
    centres.push(foldCells(c, rates[c] as EnergyRates, jobJ, idleJ, windows, cellS, perWindow));
  }

  const regions = new Map<string, EnergyTotals & { centres: number }>();
  const total = emptyTotals();
  scenario.centres.forEach((centre, c) => {
    let region = regions.get(centre.region);
    if (region === undefined) {
      region = { ...emptyTotals(), centres: 0 };
      regions.set(centre.region, region);
    }
    region.centres++;
    for (const target of [region, total]) addTotals(target, centres[c] as EnergyTotals);
  });

  const net = result.network;
  const linkCount = 2 * scenario.links.length;
  const transferKWh = new Float64Array(linkCount);
  const transferCostCny = new Float64Array(linkCount);
  const transferCo2Kg = new Float64Array(linkCount);
  const senderRates = new Map<string, EnergyRates>();
  const integrals = new Float64Array(3);
  scenario.links.forEach((link, l) => {
    if (link.energyJPerByte <= 0) return;
    for (const direction of [0, 1] as const) {
      const k = 2 * l + direction;
      const from = direction === 0 ? link.a : link.b;
      let r = senderRates.get(from);
      if (r === undefined) {
        r = siteRates(scenario, from);
        senderRates.set(from, r);
      }
      transferKWh[k] = ((net.bytes[k] as number) * link.energyJPerByte) / J_PER_KWH;
      // Window bytes are priced at the window's mean price and carbon of the sending site's region.
      const windowBytes = net.windowBytes[k] as Float64Array;
      for (let w = 0; w < windowBytes.length; w++) {
        const bytes = windowBytes[w] as number;
        if (bytes <= 0) continue;
        const kWh = (bytes * link.energyJPerByte) / J_PER_KWH;
        r.integrate(w * windowS, (w + 1) * windowS, integrals);
        transferCostCny[k] = (transferCostCny[k] as number) + (kWh * (integrals[1] as number)) / windowS;
        transferCo2Kg[k] = (transferCo2Kg[k] as number) + (kWh * (integrals[2] as number)) / windowS / 1000;
      }
    }
  });

  const { sumItKWh: jobItKWh, sumOverheadKWh: jobOverheadKWh, sumCostCny: jobCostCny, sumCo2Kg: jobCo2Kg } = perJob;
  return { jobItKWh, jobOverheadKWh, jobCostCny, jobCo2Kg, centres, windows, regions, transferKWh, transferCostCny, transferCo2Kg, total };
}

const emptyTotals = (): EnergyTotals => ({ jobKWh: 0, idleKWh: 0, facilityKWh: 0, costCny: 0, co2Kg: 0, idleCostCny: 0, idleCo2Kg: 0 });

/**
 * The energy of each job as it leaves the run (for its jobs.csv row: {@link itKWh} and the
 * others hold the last job's figures), its power in the centre's cells, and the sums over jobs.
 * A class with a per-job method: see `JobTally`.
 */
export class JobEnergy {
  /** The last job's figures (NaN for a job that never held nodes). */
  itKWh = Number.NaN;
  overheadKWh = Number.NaN;
  costCny = Number.NaN;
  co2Kg = Number.NaN;
  sumItKWh = 0;
  sumOverheadKWh = 0;
  sumCostCny = 0;
  sumCo2Kg = 0;
  /** Cells of gcd(window, 1 h), within which PUE, price and carbon are constant. */
  readonly cellS: number;
  readonly perWindow: number;
  readonly rates: readonly EnergyRates[];
  /** Per centre: joules of the jobs, and of the idle nodes (so far: minus what jobs held). */
  readonly jobCells: readonly WindowSeries[];
  readonly idleCells: readonly WindowSeries[];
  /** Per centre: end of its last job (it stays powered until then). */
  readonly lastJobEndS: Float64Array;
  private readonly integrals = new Float64Array(3);
  /** Joules of the job being added, over its runs. */
  private itJ = 0;
  private facilityJ = 0;
  private costJ = 0;
  private carbonJ = 0;
  /** End of the run, for jobs cut off while running (set by {@link stop}). */
  private toS = Number.NaN;

  /**
   * @param partitions every partition of the scenario, centre by centre (the run's partition indices)
   * @param maxWindows the most report windows a run may reach (see `JobTally`)
   */
  constructor(
    scenario: Scenario,
    private readonly partitions: readonly Partition[],
    maxWindows: number,
    tooLong: (atS: number) => never,
  ) {
    const windowS = scenario.report.utilizationWindowS;
    this.cellS = gcd(Math.round(windowS), 3600);
    this.perWindow = Math.round(windowS / this.cellS);
    this.rates = centreRates(scenario);
    const centreCount = scenario.centres.length;
    const maxCells = maxWindows * this.perWindow + 1;
    const cells = (): WindowSeries[] => Array.from({ length: centreCount }, () => new WindowSeries(this.cellS, Math.min(64 * this.perWindow, 4096), maxCells, tooLong));
    this.jobCells = cells();
    this.idleCells = cells();
    this.lastJobEndS = new Float64Array(centreCount).fill(Number.NEGATIVE_INFINITY);
  }

  /** The run stopped at `endS`: jobs still running count up to it. */
  stop(endS: number): void {
    this.toS = endS;
  }

  add(job: Job): void {
    const started = hasStarted(job);
    const lost = job.lostAttempts;
    // Cut short while booting the nodes it woke: the boot so far was drawn (see JobsInSystem.retireAll).
    const waking = !started && job.wokenNodes > 0 && job.partition >= 0 && job.startS > this.toS;
    if (!started && lost === null && !waking) {
      this.itKWh = Number.NaN;
      this.overheadKWh = Number.NaN;
      this.costCny = Number.NaN;
      this.co2Kg = Number.NaN;
      return;
    }
    this.itJ = 0;
    this.facilityJ = 0;
    this.costJ = 0;
    this.carbonJ = 0;
    // The runs failures cut short count too: the energy was drawn, the work thrown away.
    if (lost !== null) for (const a of lost) this.addRun(a.partition, a.centre, a.nodes, job.spec.cores, job.spec.gpus, a.startS, a.endS, a.wakeS, a.wokenNodes);
    // Running jobs cut off by --until count up to the end of the run.
    if (started) this.addRun(job.partition, job.centre, job.nodes, job.spec.cores, job.spec.gpus, job.startS, hasEnded(job) ? job.endS : this.toS, job.wakeS, job.wokenNodes);
    else if (waking) this.addRun(job.partition, job.centre, job.nodes, job.spec.cores, job.spec.gpus, job.startS, job.startS, job.wakeS, job.wokenNodes, this.toS);
    this.itKWh = this.itJ / J_PER_KWH;
    this.overheadKWh = (this.facilityJ - this.itJ) / J_PER_KWH;
    this.costCny = this.costJ / J_PER_KWH;
    this.co2Kg = this.carbonJ / J_PER_KWH / 1000;
    if (Number.isFinite(this.itKWh)) this.sumItKWh += this.itKWh;
    if (Number.isFinite(this.overheadKWh)) this.sumOverheadKWh += this.overheadKWh;
    if (Number.isFinite(this.costCny)) this.sumCostCny += this.costCny;
    if (Number.isFinite(this.co2Kg)) this.sumCo2Kg += this.co2Kg;
  }

  /**
   * One run of a job on partition `pi` of centre `c`: its joules into the job's sums and the
   * centre's cells. `stopS` is the end of a run cut short while the job's nodes were booting (then
   * startS = endS, the planned start, and nothing ran): the boot counts up to it.
   */
  private addRun(pi: number, c: number, nodes: number, cores: number, gpus: number, startS: number, endS: number, wakeS: number, wokenNodes: number, stopS = Number.POSITIVE_INFINITY): void {
    const integrals = this.integrals;
    const spec = this.partitions[pi] as Partition;
    const r = this.rates[c] as EnergyRates;
    const runS = Math.max(0, endS - startS);
    const powerW = jobPowerW(spec, nodes, cores, gpus);
    let itJ = powerW * runS;
    r.integrate(startS, endS, integrals);
    let facilityJ = powerW * (integrals[0] as number);
    let costJ = powerW * (integrals[1] as number);
    let carbonJ = powerW * (integrals[2] as number);
    const cells = this.jobCells[c] as WindowSeries;
    cells.add(powerW, startS, endS);
    const allocS = startS - wakeS;
    if (wokenNodes > 0) {
      const wakeJ = wokenNodes * (spec.powerOff?.wakeUpEnergyJ ?? 0) + (nodes - wokenNodes) * nodeIdlePowerW(spec) * wakeS;
      if (wakeS > 0) {
        const wakeW = wakeJ / wakeS;
        const bootEndS = Math.min(startS, stopS);
        itJ += bootEndS === startS ? wakeJ : wakeW * (bootEndS - allocS);
        r.integrate(allocS, bootEndS, integrals);
        facilityJ += wakeW * (integrals[0] as number);
        costJ += wakeW * (integrals[1] as number);
        carbonJ += wakeW * (integrals[2] as number);
        cells.add(wakeW, allocS, bootEndS);
      } else {
        itJ += wakeJ;
        facilityJ += wakeJ * r.pueAt(allocS);
        costJ += wakeJ * r.pueAt(allocS) * r.priceAt(allocS);
        carbonJ += wakeJ * r.pueAt(allocS) * r.carbonAt(allocS);
        cells.addAt(wakeJ, allocS);
      }
    }
    this.itJ += itJ;
    this.facilityJ += facilityJ;
    this.costJ += costJ;
    this.carbonJ += carbonJ;
    const heldUntilS = Math.min(endS, stopS);
    if (heldUntilS > (this.lastJobEndS[c] as number)) this.lastJobEndS[c] = heldUntilS;
    // Without power-off, idle = every node at idle power over the powered period minus the
    // nodes the jobs held (subtracted here, added in accountEnergy).
    if (spec.powerOff === undefined) (this.idleCells[c] as WindowSeries).add(-nodes * nodeIdlePowerW(spec), allocS, endS);
  }
}

/** Folds one centre's cells (job and idle joules) into its windows; returns its totals. */
function foldCells(c: number, r: EnergyRates, jobJ: Float64Array, idleJ: Float64Array, windows: EnergyWindows, cellS: number, perWindow: number): EnergyTotals {
  const windowCount = (windows.jobKWh[c] as Float64Array).length;
  const totals = emptyTotals();
  for (let k = 0; k < jobJ.length; k++) {
    const itJ = (jobJ[k] as number) + (idleJ[k] as number);
    if (itJ === 0) continue;
    // PUE, price and carbon are constant within a cell.
    const atS = k * cellS;
    const pue = r.pueAt(atS);
    const price = r.priceAt(atS);
    const carbon = r.carbonAt(atS);
    const facilityJ = itJ * pue;
    const w = Math.min(Math.floor(k / perWindow), windowCount - 1);
    add(windows.jobKWh, c, w, (jobJ[k] as number) / J_PER_KWH);
    add(windows.idleKWh, c, w, (idleJ[k] as number) / J_PER_KWH);
    add(windows.facilityKWh, c, w, facilityJ / J_PER_KWH);
    add(windows.costCny, c, w, (facilityJ * price) / J_PER_KWH);
    add(windows.co2Kg, c, w, (facilityJ * carbon) / J_PER_KWH / 1000);
    const idleFacilityJ = (idleJ[k] as number) * pue;
    totals.idleCostCny += (idleFacilityJ * price) / J_PER_KWH;
    totals.idleCo2Kg += (idleFacilityJ * carbon) / J_PER_KWH / 1000;
  }
  const sum = (xs: Float64Array[]): number => (xs[c] as Float64Array).reduce((a, b) => a + b, 0);
  totals.jobKWh = sum(windows.jobKWh);
  totals.idleKWh = sum(windows.idleKWh);
  totals.facilityKWh = sum(windows.facilityKWh);
  totals.costCny = sum(windows.costCny);
  totals.co2Kg = sum(windows.co2Kg);
  return totals;
}

function add(series: Float64Array[], c: number, w: number, value: number): void {
  const row = series[c] as Float64Array;
  row[w] = (row[w] as number) + value;
}

/**
 * Adds the idle intervals of a partition whose nodes switch off: on at idle power for the first
 * `afterS` of each interval, then off at the off power; clipped to the centre's powered period.
 */
function addIdleLog(cells: WindowSeries, spec: Partition, log: readonly number[], onS: number, offS: number): void {
  const powerOff = spec.powerOff;
  if (powerOff === undefined) return;
  const idleW = nodeIdlePowerW(spec);
  for (let i = 0; i < log.length; i += 3) {
    const count = log[i] as number;
    const fromS = Math.max(log[i + 1] as number, onS);
    const toS = Math.min(log[i + 2] as number, offS);
    if (!(toS > fromS)) continue;
    const offAtS = (log[i + 1] as number) + powerOff.afterS;
    cells.add(count * idleW, fromS, Math.min(toS, offAtS));
    if (powerOff.offPowerW > 0) cells.add(count * powerOff.offPowerW, Math.max(fromS, offAtS), toS);
  }
}

function addTotals(target: EnergyTotals, add: EnergyTotals): void {
  target.jobKWh += add.jobKWh;
  target.idleKWh += add.idleKWh;
  target.facilityKWh += add.facilityKWh;
  target.costCny += add.costCny;
  target.co2Kg += add.co2Kg;
  target.idleCostCny += add.idleCostCny;
  target.idleCo2Kg += add.idleCo2Kg;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

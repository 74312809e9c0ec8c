import { InputError } from '../model/input-error.js';
import type { CsvTable } from './csv-table.js';
import type { ResultsFolder } from './results-folder.js';

/** One centre's row of centres.csv, as numbers. */
export interface CentreRow {
  readonly id: string;
  readonly site: string;
  readonly region: string;
  readonly nodes: number;
  readonly cores: number;
  readonly gpus: number;
  readonly jobs: number;
  readonly nodeUtil: number;
  readonly coreUtil: number;
  readonly gpuUtil: number;
  readonly meanWaitS: number;
  readonly p95WaitS: number;
  readonly energyKWh: number;
  readonly costCny: number;
  readonly co2Kg: number;
}

/** Per-window series of one centre (utilization.csv), indexed by window k = start / window length. */
export interface CentreSeries {
  readonly nodeUtil: Float64Array;
  readonly coreUtil: Float64Array;
  readonly gpuUtil: Float64Array;
  readonly queued: Float64Array;
  readonly running: Float64Array;
}

/** One direction of a link: links.csv and its windows of link_windows.csv (0 where none is listed). */
export interface LinkDirection {
  readonly link: string;
  readonly from: string;
  readonly to: string;
  readonly bandwidthBps: number;
  readonly bytes: number;
  readonly utilization: number;
  readonly windowUtil: Float64Array;
}

/** A results folder in the shapes the charts draw from. */
export interface RunData {
  readonly folder: ResultsFolder;
  readonly name: string;
  readonly windowS: number;
  readonly windowCount: number;
  readonly centres: readonly CentreRow[];
  readonly series: ReadonlyMap<string, CentreSeries>;
  readonly links: readonly LinkDirection[];
  /** Per centre, facility and IT energy per window (kWh); empty without energy accounting. */
  readonly energyWindows: ReadonlyMap<string, { readonly itKWh: Float64Array; readonly facilityKWh: Float64Array }>;
}

/** Window index of a row, checked: windows are [k·w, (k+1)·w). */
function windowIndex(table: CsvTable, row: number, windowS: number): number {
  const k = table.number(row, 'window_start_s') / windowS;
  const rounded = Math.round(k);
  if (!(Math.abs(k - rounded) < 1e-6) || rounded < 0) throw new InputError(table.file, [`line ${row + 2}: window_start_s is not a multiple of the window length ${windowS} s`]);
  return rounded;
}

export function buildRunData(folder: ResultsFolder): RunData {
  const { centres: ct, utilization: ut, links: lt, linkWindows: lw, energy: et } = folder;
  const energyOf = new Map<string, number>();
  const centres: CentreRow[] = ct.rows.map((_, i) => {
    const has = (column: string): number => (ct.has(column) ? ct.number(i, column) : Number.NaN);
    energyOf.set(ct.text(i, 'centre'), i);
    return {
      id: ct.text(i, 'centre'),
      site: ct.text(i, 'site'),
      region: ct.text(i, 'region'),
      nodes: ct.number(i, 'nodes'),
      cores: ct.number(i, 'cores'),
      gpus: ct.number(i, 'gpus'),
      jobs: ct.number(i, 'jobs'),
      nodeUtil: ct.number(i, 'node_util'),
      coreUtil: ct.number(i, 'core_util'),
      gpuUtil: ct.number(i, 'gpu_util'),
      meanWaitS: ct.number(i, 'mean_wait_s'),
      p95WaitS: ct.number(i, 'p95_wait_s'),
      energyKWh: has('energy_kwh'),
      costCny: has('cost_cny'),
      co2Kg: has('co2_kg'),
    };
  });
  const known = new Set(centres.map((c) => c.id));
  const windowS = ut.size > 0 ? ut.number(0, 'window_end_s') - ut.number(0, 'window_start_s') : 3600;
  if (!(windowS > 0)) throw new InputError(ut.file, ['line 2: window_end_s must be after window_start_s']);
  if (ut.size === 0) throw new InputError(ut.file, ['no rows: a run writes one row per centre and window (cut off, or not written by cnsim?)']);
  let windowCount = 0;
  for (let i = 0; i < ut.size; i++) {
    const k = windowIndex(ut, i, windowS);
    // cnsim writes every window of every centre: a window past the rows there are is an edit, and
    // would make the series as long as its index (one bad cell could ask for gigabytes).
    if (k >= ut.size) throw new InputError(ut.file, [`line ${i + 2}: window_start_s ${ut.number(i, 'window_start_s')} is past the ${ut.size} windows the file lists`]);
    windowCount = Math.max(windowCount, k + 1);
  }
  const series = new Map<string, CentreSeries>();
  for (const c of centres) {
    const make = (): Float64Array => new Float64Array(windowCount).fill(Number.NaN);
    series.set(c.id, { nodeUtil: make(), coreUtil: make(), gpuUtil: make(), queued: make(), running: make() });
  }
  for (let i = 0; i < ut.size; i++) {
    const id = ut.text(i, 'centre');
    const s = series.get(id);
    if (s === undefined) throw new InputError(ut.file, [`line ${i + 2}: centre '${id}' is not in centres.csv`]);
    const k = windowIndex(ut, i, windowS);
    s.nodeUtil[k] = ut.number(i, 'node_util');
    s.coreUtil[k] = ut.number(i, 'core_util');
    s.gpuUtil[k] = ut.number(i, 'gpu_util');
    s.queued[k] = ut.number(i, 'queued');
    s.running[k] = ut.number(i, 'running');
  }
  const directions = new Map<string, LinkDirection>();
  const links: LinkDirection[] = lt.rows.map((_, i) => {
    const d: LinkDirection = {
      link: lt.text(i, 'link'),
      from: lt.text(i, 'from'),
      to: lt.text(i, 'to'),
      bandwidthBps: lt.number(i, 'bandwidth_bps'),
      bytes: lt.number(i, 'bytes'),
      utilization: lt.number(i, 'utilization'),
      windowUtil: new Float64Array(windowCount),
    };
    directions.set(`${d.link}\0${d.from}\0${d.to}`, d);
    return d;
  });
  for (let i = 0; i < lw.size; i++) {
    const d = directions.get(`${lw.text(i, 'link')}\0${lw.text(i, 'from')}\0${lw.text(i, 'to')}`);
    if (d === undefined) throw new InputError(lw.file, [`line ${i + 2}: link ${lw.text(i, 'link')} ${lw.text(i, 'from')}→${lw.text(i, 'to')} is not in links.csv`]);
    const k = windowIndex(lw, i, windowS);
    // Transfers may outlast the last job end (stage-out): windows past the utilization range are dropped from the heatmap only.
    if (k < windowCount) d.windowUtil[k] = lw.number(i, 'utilization');
  }
  const energyWindows = new Map<string, { itKWh: Float64Array; facilityKWh: Float64Array }>();
  if (et !== undefined) {
    for (const c of centres) energyWindows.set(c.id, { itKWh: new Float64Array(windowCount), facilityKWh: new Float64Array(windowCount) });
    for (let i = 0; i < et.size; i++) {
      const id = et.text(i, 'centre');
      const e = energyWindows.get(id);
      if (e === undefined || !known.has(id)) throw new InputError(et.file, [`line ${i + 2}: centre '${id}' is not in centres.csv`]);
      const k = windowIndex(et, i, windowS);
      if (k >= windowCount) continue;
      e.itKWh[k] = et.number(i, 'it_kwh');
      e.facilityKWh[k] = et.number(i, 'energy_kwh');
    }
  }
  return { folder, name: folder.summary.text(0, 'scenario'), windowS, windowCount, centres, series, links, energyWindows };
}

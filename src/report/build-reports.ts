import { InputError } from '../model/input-error.js';
import type { Link } from '../model/link.js';
import type { Centre } from '../model/centre.js';
import type { PartitionState } from '../sim/partition-state.js';
import type { RunResult } from '../sim/simulation.js';
import {
  CENTRES_COLUMNS,
  ENERGY_COLUMNS,
  LINK_WINDOWS_COLUMNS,
  LINKS_COLUMNS,
  OUTAGES_COLUMNS,
  REGIONS_COLUMNS,
  SITES_COLUMNS,
  SUMMARY_COLUMNS,
  UTILIZATION_COLUMNS,
} from './columns.js';
import { accountEnergy, type EnergyAccount, type EnergyTotals } from './energy-accounting.js';
import { formatNumber } from './format.js';
import { JobsTable } from './jobs-table.js';
import { MAX_REPORT_CELLS, RunTally } from './run-tally.js';
import { centreDistributions, sampleDistribution } from './sample-distributions.js';
import type { Distribution } from './stats.js';
import { RowTable, type Table } from './table.js';

export type { Table } from './table.js';

/** Per-centre figures for the console table. */
export interface CentreSummary {
  readonly centre: string;
  readonly jobs: number;
  readonly nodeUtil: number;
  readonly wait: Distribution;
}

/** The reports of one run: CSV tables plus the figures the CLI prints. */
export interface Reports {
  readonly tables: readonly Table[];
  readonly summary: Readonly<Record<string, number | string>>;
  readonly centres: readonly CentreSummary[];
  readonly bsld: Distribution;
  readonly wait: Distribution;
}

const n = formatNumber;

export { MAX_REPORT_CELLS } from './run-tally.js';

/**
 * Builds every table of the results folder from a finished run. No I/O but the temporary file a
 * long run's quantile samples spilled to (read back and removed here).
 * @param streamed the tallies of a run that streamed its jobs to them (its jobs.csv rows are
 *   written already, so the tables leave it out); without, the run's kept jobs are tallied here,
 *   in the order they left the run, and jobs.csv is one of the tables
 */
export function buildReports(result: RunResult, streamed?: RunTally): Reports {
  const { scenario, partitions } = result;
  const windowS = scenario.report.utilizationWindowS;
  const centreCount = scenario.centres.length;
  let run = streamed;
  if (run === undefined) {
    run = new RunTally(scenario, null, true);
    // Only unfinished jobs read the end of the run, and they come after the others.
    run.stop(result.endS);
    for (const job of result.retired) run.retire(job);
  }
  const tally = run.tally;

  // Period of the run: first submission to the last job end (0-length periods give empty ratios).
  const { firstSubmitS, lastEndS, cutOff } = tally.period(result.endS);
  const periodS = lastEndS - firstSubmitS;
  const windowCount = Math.max(1, Math.ceil(Math.max(lastEndS, result.endS) / windowS));
  if (windowCount * Math.max(1, centreCount) > MAX_REPORT_CELLS) {
    // A run that lasts ages (a trace's corrupt run time, a tiny window) would ask for more
    // memory than the machine has; say which value to change instead.
    throw new InputError(scenario.name, [
      `report.utilizationWindow: the run ends at ${Math.max(lastEndS, result.endS)} s, which makes ${windowCount} windows of ${windowS} s for each of ${centreCount} centres, over the ${MAX_REPORT_CELLS} a report may hold: raise report.utilizationWindow, cut the run (--until), or check the workload for a run time or submit time out of proportion`,
    ]);
  }
  // Energy is accounted up to the last job end, or the cut-off when jobs were still running.
  const energy = run.energy === null ? null : accountEnergy(result, run.energy, firstSubmitS, cutOff ? Math.max(lastEndS, result.endS) : lastEndS);

  const centreNodes = new Float64Array(centreCount);
  const centreCores = new Float64Array(centreCount);
  const centreGpus = new Float64Array(centreCount);
  for (const p of partitions) {
    centreNodes[p.centre] = (centreNodes[p.centre] as number) + p.spec.nodes;
    centreCores[p.centre] = (centreCores[p.centre] as number) + p.spec.nodes * p.spec.coresPerNode;
    centreGpus[p.centre] = (centreGpus[p.centre] as number) + p.spec.nodes * p.spec.gpusPerNode;
  }

  const { counts, centreJobs, centreKilled, centreCoreSeconds, centreGpuSeconds, centreNodeSeconds } = tally;
  // Per-centre quantiles sort each centre's part of one grouped copy in place; the national ones
  // then sort the whole copy. Every sample is copied in turn into one scratch array, so the end
  // of a run holds one copy; a sample spilled to a file (a long run) is sorted in blocks of the
  // scratch's size and merged (sample-distributions.ts).
  const scratch = new Float64Array(Math.min(tally.samplesInMemory, Math.max(tally.waits.length, tally.bslds.length, tally.responses.length, tally.stageIns.length)));
  const waits = centreDistributions(tally.waits, centreCount, scratch);
  const centreWait = waits.centres;
  const wait = waits.all;
  const bslds = centreDistributions(tally.bslds, centreCount, scratch);
  const centreBsldMean = bslds.centres.map((d) => d.mean);
  const bsld = bslds.all;
  const response = sampleDistribution(tally.responses, scratch);
  const stageIn = sampleDistribution(tally.stageIns, scratch);
  tally.closeSamples();
  const nodeBusy = tally.nodeSeries.map((s) => s.finish(windowCount));
  const coreBusy = tally.coreSeries.map((s) => s.finish(windowCount));
  const gpuBusy = tally.gpuSeries.map((s) => s.finish(windowCount));
  const runningAt = tally.runningAt.map((s) => s.finish(windowCount));
  const queuedAt = tally.queuedAt.map((s) => s.finish(windowCount));

  const ratio = (num: number, den: number): number => (den > 0 ? num / den : Number.NaN);
  const centreRows: string[][] = [];
  const centreSummaries: CentreSummary[] = [];
  scenario.centres.forEach((centre, c) => {
    const e = energy?.centres[c];
    const wait = centreWait[c] as Distribution;
    const nodeUtil = ratio(centreNodeSeconds[c] as number, (centreNodes[c] as number) * periodS);
    centreSummaries.push({ centre: centre.id, jobs: centreJobs[c] as number, nodeUtil, wait });
    centreRows.push([
      centre.id,
      centre.siteId,
      centre.region,
      String(centre.estimate),
      n(centreNodes[c] as number),
      n(centreCores[c] as number),
      n(centreGpus[c] as number),
      n(centreJobs[c] as number),
      n(centreKilled[c] as number),
      n(nodeUtil),
      n(ratio(centreCoreSeconds[c] as number, (centreCores[c] as number) * periodS)),
      n(ratio(centreGpuSeconds[c] as number, (centreGpus[c] as number) * periodS)),
      n((centreCoreSeconds[c] as number) / 3600),
      n((centreGpuSeconds[c] as number) / 3600),
      n(wait.mean),
      n(wait.p95),
      n(centreBsldMean[c] as number),
      ...energyCells(e),
      ...resilienceCells(partitions.filter((p) => p.centre === c), result.endS),
    ]);
  });

  // Windowed tables grow with the run's length (a year of hourly windows for 40 centres is
  // 350,000 rows): their rows are built as they are written, from the series, not kept as text.
  const utilizationRow = (i: number): string[] => {
    const c = Math.floor(i / windowCount);
    const k = i - c * windowCount;
    return [
      (scenario.centres[c] as Centre).id,
      n(k * windowS),
      n((k + 1) * windowS),
      n(ratio((nodeBusy[c] as Float64Array)[k] as number, (centreNodes[c] as number) * windowS)),
      n(ratio((coreBusy[c] as Float64Array)[k] as number, (centreCores[c] as number) * windowS)),
      n(ratio((gpuBusy[c] as Float64Array)[k] as number, (centreGpus[c] as number) * windowS)),
      n((runningAt[c] as Float64Array)[k] as number),
      n((queuedAt[c] as Float64Array)[k] as number),
    ];
  };

  const net = result.network;
  // Links carry stage-outs after the last job end: their period runs to the end of the run.
  const linkFromS = firstSubmitS;
  const linkToS = Math.max(lastEndS, result.endS);
  const linkRows: string[][] = [];
  // link_windows.csv: the (direction, window) of each row with bytes, and its utilization.
  const linkWindowAt = new Int32Array(2 * net.windowBytes.reduce((rows, windows) => rows + windows.reduce((m, bytes) => (bytes > 0 ? m + 1 : m), 0), 0));
  const linkWindowUtil = new Float64Array(linkWindowAt.length / 2);
  let linkWindowCount = 0;
  scenario.links.forEach((link, l) => {
    for (const direction of [0, 1] as const) {
      const k = 2 * l + direction;
      const [from, to] = direction === 0 ? [link.a, link.b] : [link.b, link.a];
      const windows = net.windowBytes[k] as Float64Array;
      let peak = 0;
      for (let w = 0; w < windows.length; w++) {
        const bytes = windows[w] as number;
        if (bytes <= 0) continue;
        const util = ratio(8 * bytes, capacityBits(link, w * windowS, (w + 1) * windowS));
        if (util > peak) peak = util;
        linkWindowAt[2 * linkWindowCount] = k;
        linkWindowAt[2 * linkWindowCount + 1] = w;
        linkWindowUtil[linkWindowCount++] = util;
      }
      linkRows.push([
        link.id,
        from,
        to,
        n(link.bandwidthBps),
        n(link.latencyS),
        n(net.flowsStarted[k] as number),
        n(net.bytes[k] as number),
        n(net.busyS[k] as number),
        n(ratio(net.busyS[k] as number, linkToS - linkFromS)),
        n(ratio(8 * (net.bytes[k] as number), capacityBits(link, linkFromS, linkToS))),
        n(peak),
        energy === null ? '' : n(energy.transferKWh[k] as number),
        n(result.linkDownS[l] as number),
        n(result.linkFailures[l] as number),
      ]);
    }
  });

  const linkWindowRow = (i: number): string[] => {
    const k = linkWindowAt[2 * i] as number;
    const w = linkWindowAt[2 * i + 1] as number;
    const link = scenario.links[k >> 1] as Link;
    const [from, to] = (k & 1) === 0 ? [link.a, link.b] : [link.b, link.a];
    return [link.id, from, to, n(w * windowS), n((w + 1) * windowS), n((net.windowBytes[k] as Float64Array)[w] as number), n(linkWindowUtil[i] as number)];
  };

  const totalNodes = centreNodes.reduce((a, b) => a + b, 0);
  const totalCores = centreCores.reduce((a, b) => a + b, 0);
  const totalGpus = centreGpus.reduce((a, b) => a + b, 0);
  const sum = (xs: Float64Array): number => xs.reduce((a, b) => a + b, 0);
  const summary: Record<string, number | string> = {
    scenario: scenario.name,
    seed: result.seed,
    jobs: tally.jobs,
    done: counts.done,
    killed: counts.killed,
    rejected: counts.rejected,
    unfinished: counts.unfinished,
    mean_wait_s: wait.mean,
    p50_wait_s: wait.p50,
    p95_wait_s: wait.p95,
    p99_wait_s: wait.p99,
    max_wait_s: wait.max,
    mean_response_s: response.mean,
    p95_response_s: response.p95,
    mean_bsld: bsld.mean,
    p95_bsld: bsld.p95,
    node_util: ratio(sum(centreNodeSeconds), totalNodes * periodS),
    core_util: ratio(sum(centreCoreSeconds), totalCores * periodS),
    gpu_util: ratio(sum(centreGpuSeconds), totalGpus * periodS),
    period_s: periodS,
    makespan_s: periodS,
    node_util_sd: standardDeviation(Array.from(centreNodeSeconds, (busy, c) => ratio(busy, (centreNodes[c] as number) * periodS))),
    moved_bytes: tally.movedBytes,
    mean_stage_in_s: stageIn.mean,
    gpu_hours: sum(centreGpuSeconds) / 3600,
    refusals: result.refusals,
    deadline_jobs: tally.deadlineJobs,
    deadline_met: ratio(tally.deadlineMet, tally.deadlineJobs),
    it_kwh: energy === null ? Number.NaN : energy.total.jobKWh + energy.total.idleKWh,
    idle_kwh: energy === null ? Number.NaN : energy.total.idleKWh,
    energy_kwh: energy === null ? Number.NaN : energy.total.facilityKWh,
    cost_cny: energy === null ? Number.NaN : energy.total.costCny,
    co2_kg: energy === null ? Number.NaN : energy.total.co2Kg,
    job_energy_kwh: energy === null ? Number.NaN : energy.jobItKWh + energy.jobOverheadKWh,
    job_cost_cny: energy === null ? Number.NaN : energy.jobCostCny,
    job_co2_kg: energy === null ? Number.NaN : energy.jobCo2Kg,
    transfer_kwh: energy === null ? Number.NaN : sum(energy.transferKWh),
    transfer_cost_cny: energy === null ? Number.NaN : sum(energy.transferCostCny),
    transfer_co2_kg: energy === null ? Number.NaN : sum(energy.transferCo2Kg),
    shifted_jobs: tally.shiftedJobs,
    woken_nodes: tally.wokenNodes,
    failed: counts.failed,
    retried: tally.retriedJobs,
    lost_node_hours: tally.lostNodeSeconds / 3600,
    checkpoint_node_hours: tally.checkpointNodeSeconds / 3600,
    goodput: ratio(sum(centreNodeSeconds) - tally.lostNodeSeconds - tally.checkpointNodeSeconds, sum(centreNodeSeconds)),
  };
  const summaryRow = SUMMARY_COLUMNS.columns.map((col) => {
    const v = summary[col.name];
    return typeof v === 'number' ? n(v) : (v ?? '');
  });

  const header = (doc: { columns: readonly { name: string }[] }): string[] => doc.columns.map((col) => col.name);
  return {
    tables: [
      ...(streamed === undefined ? [new JobsTable(scenario, result.retired, run.keptEnergy())] : []),
      RowTable.of(CENTRES_COLUMNS.file, header(CENTRES_COLUMNS), centreRows),
      new RowTable(UTILIZATION_COLUMNS.file, header(UTILIZATION_COLUMNS), centreCount * windowCount, utilizationRow),
      RowTable.of(LINKS_COLUMNS.file, header(LINKS_COLUMNS), linkRows),
      new RowTable(LINK_WINDOWS_COLUMNS.file, header(LINK_WINDOWS_COLUMNS), linkWindowCount, linkWindowRow),
      RowTable.of(SUMMARY_COLUMNS.file, header(SUMMARY_COLUMNS), [summaryRow]),
      ...(energy === null ? [] : energyTables(scenario.centres.map((c) => c.id), energy, header)),
      RowTable.of(
        SITES_COLUMNS.file,
        header(SITES_COLUMNS),
        scenario.sites.map((s) => [s.id, s.name, s.region, n(s.latDeg), n(s.lonDeg)]),
      ),
      RowTable.of(OUTAGES_COLUMNS.file, header(OUTAGES_COLUMNS), [
        ...scenario.centres.flatMap((c) => (c.downS ?? []).map((d) => ['centre', c.id, n(d.fromS), n(d.toS)])),
        ...scenario.links.flatMap((l) => l.down.map((d) => ['link', l.id, n(d.fromS), n(d.toS)])),
      ]),
    ],
    summary,
    centres: centreSummaries,
    bsld,
    wait,
  };
}

/** The energy cells of a centres.csv or regions.csv row (empty without accounting). */
function energyCells(e: EnergyTotals | undefined): string[] {
  if (e === undefined) return ['', '', '', '', '', '', ''];
  const itKWh = e.jobKWh + e.idleKWh;
  return [n(itKWh), n(e.jobKWh), n(e.idleKWh), n(e.facilityKWh - itKWh), n(e.facilityKWh), n(e.costCny), n(e.co2Kg)];
}

/** energy.csv (per centre and window) and regions.csv. */
function energyTables(centreIds: readonly string[], energy: EnergyAccount, header: (doc: { columns: readonly { name: string }[] }) => string[]): Table[] {
  const w = energy.windows;
  // One row per centre and window: built as written (see utilization.csv).
  const windowCount = centreIds.length === 0 ? 0 : (w.facilityKWh[0] as Float64Array).length;
  const windowRow = (i: number): string[] => {
    const c = Math.floor(i / windowCount);
    const k = i - c * windowCount;
    const jobKWh = (w.jobKWh[c] as Float64Array)[k] as number;
    const idleKWh = (w.idleKWh[c] as Float64Array)[k] as number;
    return [
      centreIds[c] as string,
      n(k * w.windowS),
      n((k + 1) * w.windowS),
      n(jobKWh + idleKWh),
      n(jobKWh),
      n(idleKWh),
      n((w.facilityKWh[c] as Float64Array)[k] as number),
      n((w.costCny[c] as Float64Array)[k] as number),
      n((w.co2Kg[c] as Float64Array)[k] as number),
    ];
  };
  const regionRows: string[][] = [];
  for (const [id, totals] of energy.regions) {
    regionRows.push([
      id,
      n(totals.centres),
      ...energyCells(totals),
      n(totals.facilityKWh > 0 ? totals.costCny / totals.facilityKWh : Number.NaN),
      n(totals.facilityKWh > 0 ? (1000 * totals.co2Kg) / totals.facilityKWh : Number.NaN),
    ]);
  }
  return [new RowTable(ENERGY_COLUMNS.file, header(ENERGY_COLUMNS), centreIds.length * windowCount, windowRow), RowTable.of(REGIONS_COLUMNS.file, header(REGIONS_COLUMNS), regionRows)];
}


/** A centre's availability, node failures, failure kills and lost node-hours (centres.csv). */
function resilienceCells(parts: readonly PartitionState[], endS: number): string[] {
  let nodes = 0;
  let downS = 0;
  let failures = 0;
  let kills = 0;
  let lostS = 0;
  for (const p of parts) {
    nodes += p.totalNodes;
    downS += p.downNodeSeconds;
    failures += p.nodeFailures;
    kills += p.failureKills;
    lostS += p.lostNodeSeconds;
  }
  return [n(nodes > 0 && endS > 0 ? 1 - downS / (nodes * endS) : Number.NaN), n(failures), n(kills), n(lostS / 3600)];
}

/** Population standard deviation of the finite values (NaN when there are none). */
function standardDeviation(values: readonly number[]): number {
  const xs = values.filter((v) => Number.isFinite(v));
  if (xs.length === 0) return Number.NaN;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
}

/**
 * Bits a link direction could carry over [fromS, toS): its bandwidth as scheduled
 * (`capacity` changes), 0 while it is down.
 */
function capacityBits(link: Link, fromS: number, toS: number): number {
  if (!(toS > fromS)) return 0;
  // Most links never change: no cut points to gather and sort for each of their windows.
  if (link.capacitySchedule.length === 0 && link.down.length === 0) return link.bandwidthBps * (toS - fromS);
  const cuts = [fromS, toS];
  for (const c of link.capacitySchedule) if (c.atS > fromS && c.atS < toS) cuts.push(c.atS);
  for (const d of link.down) {
    if (d.fromS > fromS && d.fromS < toS) cuts.push(d.fromS);
    if (d.toS > fromS && d.toS < toS) cuts.push(d.toS);
  }
  cuts.sort((a, b) => a - b);
  let bits = 0;
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i] as number;
    const b = cuts[i + 1] as number;
    if (b <= a) continue;
    if (link.down.some((d) => a >= d.fromS && a < d.toS)) continue;
    let bandwidthBps = link.bandwidthBps;
    for (const c of link.capacitySchedule) if (c.atS <= a) bandwidthBps = c.bandwidthBps;
    bits += bandwidthBps * (b - a);
  }
  return bits;
}

/**
 * A scenario's centres and their partitions: ids, sites (declared, or given here by lat and lon),
 * regions, queue policies and their options, power figures, outage windows (the centre's and its
 * site's) and node failures (random, or read from a failure trace).
 */
import { resolve } from 'node:path';
import type { Centre } from '../model/centre.js';
import type { Site } from '../model/site.js';
import { EXTERNAL_OPTIONS, isExternalPolicy } from '../policies/external-policy.js';
import { findQueuePolicy, QUEUE_POLICIES } from '../policies/registry.js';
import { type NodeDowntime, readFailureTrace } from './failure-trace.js';
import { type At, describeIssue } from './issue-messages.js';
import { slots, withFailures } from './resolve-helpers.js';
import type { SiteWindow } from './resolve-sites.js';
import type { ScenarioInput } from './schema.js';

/** What resolving the centres needs from the scenario being resolved. */
export interface CentreContext {
  readonly baseDir: string;
  /** The sites so far: a centre on an undeclared site with lat and lon adds it. */
  readonly sites: Map<string, Site>;
  readonly checkRegion: (region: string, path: readonly PropertyKey[]) => void;
  readonly siteDown: ReadonlyMap<string, readonly SiteWindow[]>;
  readonly at: At;
}

/** An outage window of a centre: abrupt kills what runs there (absent: a drain). */
type CentreWindow = { readonly fromS: number; readonly toS: number; readonly abrupt?: boolean };

/** The centres in the order given, each problem reported as it is met (a centre may add its site). */
export function resolveCentres(input: ScenarioInput, ctx: CentreContext): Centre[] {
  const { sites, checkRegion, at } = ctx;
  const centreIds = new Set<string>();
  return input.centres.map((c, i) => {
    if (centreIds.has(c.id)) at(['centres', i, 'id'], `duplicate centre id '${c.id}'`);
    centreIds.add(c.id);
    const siteId = c.site ?? c.id;
    const existing = sites.get(siteId);
    if (existing === undefined) {
      if (c.lat === undefined || c.lon === undefined) {
        at(['centres', i, 'site'], `site '${siteId}' is not declared in sites; declare it or give lat and lon here`);
      } else {
        sites.set(siteId, { id: siteId, name: c.name ?? siteId, region: c.region ?? '', latDeg: c.lat, lonDeg: c.lon });
      }
    }
    const region = c.region ?? existing?.region ?? '';
    checkRegion(region, ['centres', i, 'region']);
    const partitionIds = new Set<string>();
    c.partitions.forEach((p, j) => {
      if (partitionIds.has(p.id)) at(['centres', i, 'partitions', j, 'id'], `duplicate partition id '${p.id}'`);
      partitionIds.add(p.id);
      if (p.gpusPerNode > 0 && p.gpuModel === '') at(['centres', i, 'partitions', j, 'gpuModel'], 'a partition with GPUs needs a gpuModel');
    });
    const queuePolicy = isExternalPolicy(c.queue.policy) ? { optionsSchema: EXTERNAL_OPTIONS } : findQueuePolicy(c.queue.policy);
    if (queuePolicy === undefined) {
      at(['centres', i, 'queue', 'policy'], `unknown queue policy '${c.queue.policy}' (known: ${QUEUE_POLICIES.map((p) => p.name).join(', ')}; or external:<command> for a decision process of your own)`);
    } else {
      const r = queuePolicy.optionsSchema.safeParse(c.queue.options, { reportInput: true });
      if (!r.success) for (const issue of r.error.issues) at(['centres', i, 'queue', 'options', ...issue.path], describeIssue(issue));
    }
    if (c.activeFrom !== undefined && c.activeUntil !== undefined && !(c.activeUntil > c.activeFrom)) {
      at(['centres', i, 'activeUntil'], `must be after activeFrom (${c.activeFrom} s), got ${c.activeUntil} s`);
    }
    c.down?.forEach((d, k) => {
      if (!(d.to > d.from)) at(['centres', i, 'down', k, 'to'], `must be after from (${d.from} s), got ${d.to} s`);
      const previous = c.down?.[k - 1];
      if (previous !== undefined && d.from < previous.to) at(['centres', i, 'down', k, 'from'], `outages must be in time order and not overlap (the one before ends at ${previous.to} s)`);
    });
    c.partitions.forEach((p, j) => {
      const path = ['centres', i, 'partitions', j];
      if (p.peakPowerPerNode < p.idlePowerPerNode) at([...path, 'peakPowerPerNode'], `must be ≥ idlePowerPerNode (${p.idlePowerPerNode} W), got ${p.peakPowerPerNode} W`);
      if (p.gpuPeakPowerPerNode < p.gpuIdlePowerPerNode) at([...path, 'gpuPeakPowerPerNode'], `must be ≥ gpuIdlePowerPerNode (${p.gpuIdlePowerPerNode} W), got ${p.gpuPeakPowerPerNode} W`);
      if (p.powerOff !== undefined && p.powerOff.offPower > p.idlePowerPerNode + p.gpuIdlePowerPerNode) {
        at([...path, 'powerOff', 'offPower'], `must be ≤ the idle power of a node (${p.idlePowerPerNode + p.gpuIdlePowerPerNode} W), got ${p.powerOff.offPower} W`);
      }
      if (p.gpusPerNode === 0 && (p.gpuIdlePowerPerNode > 0 || p.gpuPeakPowerPerNode > 0)) at([...path, 'gpuPeakPowerPerNode'], 'a partition without GPUs has no GPU power: put the whole node in idlePowerPerNode/peakPowerPerNode');
      // A trace replaces the random failures the top-level `failures` gives; the partition's own would be ignored.
      if (p.failureTrace !== undefined && p.failures !== undefined) at([...path, 'failures'], 'give either failures (random) or failureTrace (from a file), not both');
    });
    return {
      ...centreDown(withSiteDown((c.down ?? []).map((d) => ({ fromS: d.from, toS: d.to, ...(d.mode === 'abrupt' ? { abrupt: true } : {}) })), siteId, ['centres', i, 'down'], ctx)),
      ...(c.pue === undefined ? {} : { pueByMonth: slots(c.pue, 12) }),
      ...(c.activeFrom === undefined ? {} : { activeFromS: c.activeFrom }),
      ...(c.activeUntil === undefined ? {} : { activeUntilS: c.activeUntil }),
      id: c.id,
      name: c.name ?? c.id,
      siteId,
      region,
      estimate: c.estimate,
      notes: c.notes,
      ...(c.cache === undefined ? {} : { inputCacheBytes: c.cache }),
      queue: { policy: c.queue.policy, options: c.queue.options },
      software: [...c.software].sort(),
      partitions: c.partitions.map((p, j) => ({
        id: p.id,
        nodes: p.nodes,
        coresPerNode: p.coresPerNode,
        gpusPerNode: p.gpusPerNode,
        gpuModel: p.gpuModel,
        cpuModel: p.cpuModel,
        software: [...new Set([...c.software, ...p.software])].sort(),
        maxQueuedJobs: p.maxQueuedJobs ?? Number.POSITIVE_INFINITY,
        memoryPerNodeBytes: p.memoryPerNode,
        speed: p.speed,
        idlePowerPerNodeW: p.idlePowerPerNode,
        peakPowerPerNodeW: p.peakPowerPerNode,
        gpuIdlePowerPerNodeW: p.gpuIdlePowerPerNode,
        gpuPeakPowerPerNodeW: p.gpuPeakPowerPerNode,
        ...(p.powerOff === undefined
          ? {}
          : { powerOff: { afterS: p.powerOff.after, wakeUpS: p.powerOff.wakeUp, wakeUpEnergyJ: p.powerOff.wakeUpEnergy, offPowerW: p.powerOff.offPower } }),
        ...(p.failureTrace === undefined ? withFailures(p.failures ?? (p.gpusPerNode > 0 ? input.failures?.gpu : input.failures?.cpu)) : {}),
        ...traceOf(p.failureTrace, p.nodes, ['centres', i, 'partitions', j, 'failureTrace', 'file'], ctx),
      })),
    };
  });
}

/** A partition's failure trace, read relative to the scenario file (problems reported at `path`). */
function traceOf(t: { file: string; offset: number } | undefined, nodes: number, path: readonly PropertyKey[], ctx: CentreContext): { failureTrace?: readonly NodeDowntime[] } {
  if (t === undefined) return {};
  const file = resolve(ctx.baseDir, t.file);
  const { downtimes, problems } = readFailureTrace(file, nodes, t.offset);
  for (const problem of problems.slice(0, 10)) ctx.at(path, `${file}: ${problem}`);
  if (problems.length > 10) ctx.at(path, `${file}: and ${problems.length - 10} more problems`);
  return { failureTrace: downtimes };
}

/** A centre's own outage windows and those of its site, in time order; an overlap is an error at the later one. */
function withSiteDown(own: readonly CentreWindow[], siteId: string, ownPath: readonly PropertyKey[], ctx: CentreContext): CentreWindow[] {
  const fromSite = ctx.siteDown.get(siteId) ?? [];
  if (fromSite.length === 0) return [...own];
  const all = [
    ...own.map((w, k) => ({ w, path: [...ownPath, k] as readonly PropertyKey[] })),
    ...fromSite.map(({ fromS, toS, abrupt, path }) => ({ w: { fromS, toS, ...(abrupt ? { abrupt } : {}) }, path })),
  ].sort((x, y) => x.w.fromS - y.w.fromS);
  all.forEach((x, k) => {
    const previous = all[k - 1];
    if (previous !== undefined && x.w.fromS < previous.w.toS) ctx.at([...x.path, 'from'], `outages must not overlap: [${x.w.fromS}, ${x.w.toS}) s overlaps [${previous.w.fromS}, ${previous.w.toS}) s of ${previous.path.join('.').replace(/\.(\d+)/g, '[$1]')}`);
  });
  return all.map((x) => x.w);
}

/** A centre's outage windows for the model (none when empty). */
function centreDown(windows: readonly CentreWindow[]): { downS?: readonly CentreWindow[] } {
  return windows.length === 0 ? {} : { downS: windows };
}

import { readInputFile } from '../workload/read-input.js';
import type { DurationDistribution } from '../model/duration-distribution.js';
import { type NodeDowntime, readFailureTrace } from './failure-trace.js';
import { dirname, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { z } from 'zod';
import type { Centre } from '../model/centre.js';
import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import type { Link } from '../model/link.js';
import type { ArrivalProfile, Dataset, EstimateModel, JobClassSpec, LublinParams, RouteSpec, Scenario, WorkloadSource } from '../model/scenario.js';
import { greatCircleKm, type Region, type Site } from '../model/site.js';
import { builtinRegion } from './builtin-energy.js';
import { DISPATCH_POLICIES, findDispatchPolicy, findQueuePolicy, QUEUE_POLICIES } from '../policies/registry.js';
import { EXTERNAL_OPTIONS, isExternalPolicy } from '../policies/external-policy.js';
import { readJobsCsv } from '../workload/jobs-csv.js';
import { uniqueJobIds } from './unique-job-ids.js';
import { type ConvertedSwf, convertSwf, traceJobSpec } from '../workload/swf-convert.js';
import { readSwf } from '../workload/swf.js';
import { CLASS_DEFAULTS } from '../workload/class-presets.js';
import { tsafrirBins } from '../workload/estimates.js';
import { LUBLIN_PUBLISHED, lublinKeptShare } from '../workload/lublin.js';
import { DAILY_PROFILES, normaliseProfile, WEEKLY_PROFILES } from '../workload/profiles.js';
import { lublinSchema, scenarioSchema, type ScenarioInput } from './schema.js';
import { resolveTraceSource } from './trace-sources.js';
import { resolveNetworkModel } from './resolve-network-model.js';
import { defaultLinkSharing } from '../model/network-model.js';

/** Below this share of kept runtime draws (1,000 draws a job), a Lublin class is refused. */
const MIN_LUBLIN_KEPT_SHARE = 1e-3;

/** Finds the "line L, col C" of a path in the source file, or '' when unknown (JSON, defaults). */
export type Locator = (path: readonly PropertyKey[]) => string;

/** The longest report window: a leap year. */
const MAX_WINDOW_S = 366 * 86400;

/** Formats a path as `centres[2].partitions[0].nodes`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`;
  return out === '' ? '(root)' : out;
}

/**
 * The only way into a run: validates a raw scenario object (from YAML or JSON), converts units,
 * resolves cross-references and files, and returns a frozen {@link Scenario}.
 *
 * @param file the scenario's path (for messages and to resolve relative file paths)
 * @param locate maps a path to its line and column in the source, for messages
 * @throws InputError listing every problem at once
 */
export function parseScenario(raw: unknown, file: string, locate: Locator = () => ''): Scenario {
  const problems: string[] = [];
  const at = (path: readonly PropertyKey[], message: string): void => {
    const where = locate(path);
    problems.push(`${formatPath(path)}${where === '' ? '' : ` (${where})`}: ${message}`);
  };
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) at(issue.path, describeIssue(issue));
    throw new InputError(file, problems);
  }
  const input = parsed.data;
  const scenario = resolveScenario(input, file, at);
  if (problems.length > 0) throw new InputError(file, problems);
  return deepFreeze(scenario);
}

/** zod's names of types, in a scenario author's words. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'a mapping of keys to values',
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
};

/** A value as the author wrote it in YAML (.inf, not JSON's null), cut to a readable length. */
export function showValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** One zod issue as "what is expected, got what was found", never a bare "Invalid input". */
export function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  const got = `, got ${showValue(issue.input)}`;
  // A message the schema gives for this field says it best; zod's defaults are translated below.
  if (issue.code !== 'custom' && !/^(Invalid|Too small|Too big|Unrecognized)/.test(issue.message)) return `${issue.message}${got}`;
  if (issue.code === 'invalid_type') {
    const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
    return issue.input === undefined ? `missing (expected ${expected})` : `expected ${expected}${got}`;
  }
  if (issue.code === 'too_small' || issue.code === 'too_big') {
    const bound = String(issue.code === 'too_small' ? issue.minimum : issue.maximum);
    const op = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
    if (issue.origin === 'array') return `expected ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} item${bound === '1' ? '' : 's'}${got}`;
    if (issue.origin === 'string') return `expected text of ${issue.code === 'too_small' ? 'at least' : 'at most'} ${bound} character${bound === '1' ? '' : 's'}${got}`;
    return `expected a number ${op} ${bound}${got}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => showValue(v)).join(', ')}${got}`;
  // Custom issues (units, cross-checks) already name what they found.
  if (issue.code === 'custom') return issue.message;
  const message = issue.message.replace(/^(Invalid input|Too small|Too big):? ?/, '');
  return `${message === '' ? 'not a valid value here' : message}${got}`;
}

function resolveScenario(input: ScenarioInput, file: string, at: (path: readonly PropertyKey[], message: string) => void): Scenario {
  const baseDir = dirname(resolve(file));
  const sites = new Map<string, Site>();
  input.sites.forEach((s, i) => {
    if (sites.has(s.id)) at(['sites', i, 'id'], `duplicate site id '${s.id}'`);
    sites.set(s.id, { id: s.id, name: s.name ?? s.id, region: s.region, latDeg: s.lat, lonDeg: s.lon });
  });
  const regionIds = new Set(input.regions.map((r) => r.id));
  const regions: Region[] = [];
  input.regions.forEach((r, i) => {
    if (input.regions.findIndex((x) => x.id === r.id) !== i) at(['regions', i, 'id'], `duplicate region id '${r.id}'`);
    regions.push(resolveRegion(r.id, r.priceCnyPerKWh, r.carbonGPerKWh, r.pue, input.energy.timeOfUse));
  });
  // A region named by a site or centre but not declared takes the built-in energy table's row.
  const checkRegion = (region: string, path: readonly PropertyKey[]): void => {
    if (region === '' || regionIds.has(region)) return;
    if (builtinRegion(region) !== undefined) {
      regionIds.add(region);
      regions.push(resolveRegion(region, undefined, undefined, undefined, input.energy.timeOfUse));
    } else if (input.regions.length > 0) {
      at(path, `unknown region '${region}': declare it in regions (known: ${[...regionIds].join(', ')}) or use a region of the built-in energy table (data/layout-2025/energy.csv)`);
    }
  };
  input.sites.forEach((s, i) => checkRegion(s.region, ['sites', i, 'region']));
  input.dispatch.down.forEach((d, k) => {
    if (!(d.to > d.from)) at(['dispatch', 'down', k, 'to'], `must be after from (${d.from} s), got ${d.to} s`);
    const previous = input.dispatch.down[k - 1];
    if (previous !== undefined && d.from < previous.to) at(['dispatch', 'down', k, 'from'], `outages must be in time order and not overlap (the one before ends at ${previous.to} s)`);
  });
  // Outages of whole sites, added to the windows of their centres and links below.
  const siteDown = new Map<string, { fromS: number; toS: number; abrupt: boolean; path: readonly PropertyKey[] }[]>();
  input.sites.forEach((s, i) => {
    s.down.forEach((d, k) => {
      const path = ['sites', i, 'down', k];
      if (!(d.to > d.from)) at([...path, 'to'], `must be after from (${d.from} s), got ${d.to} s`);
      const windows = siteDown.get(s.id) ?? [];
      windows.push({ fromS: d.from, toS: d.to, abrupt: d.mode === 'abrupt', path });
      siteDown.set(s.id, windows);
    });
  });
  /** A partition's failure trace, read relative to the scenario file (problems reported at `path`). */
  const traceOf = (t: { file: string; offset: number } | undefined, nodes: number, path: readonly PropertyKey[]): { failureTrace?: readonly NodeDowntime[] } => {
    if (t === undefined) return {};
    const file = resolve(baseDir, t.file);
    const { downtimes, problems } = readFailureTrace(file, nodes, t.offset);
    for (const problem of problems.slice(0, 10)) at(path, `${file}: ${problem}`);
    if (problems.length > 10) at(path, `${file}: and ${problems.length - 10} more problems`);
    return { failureTrace: downtimes };
  };
  /** A centre's own outage windows and those of its site, in time order; an overlap is an error at the later one. */
  const withSiteDown = (own: readonly CentreWindow[], siteId: string, ownPath: readonly PropertyKey[]): CentreWindow[] => {
    const fromSite = siteDown.get(siteId) ?? [];
    if (fromSite.length === 0) return [...own];
    const all = [
      ...own.map((w, k) => ({ w, path: [...ownPath, k] as readonly PropertyKey[] })),
      ...fromSite.map(({ fromS, toS, abrupt, path }) => ({ w: { fromS, toS, ...(abrupt ? { abrupt } : {}) }, path })),
    ].sort((x, y) => x.w.fromS - y.w.fromS);
    all.forEach((x, k) => {
      const previous = all[k - 1];
      if (previous !== undefined && x.w.fromS < previous.w.toS) at([...x.path, 'from'], `outages must not overlap: [${x.w.fromS}, ${x.w.toS}) s overlaps [${previous.w.fromS}, ${previous.w.toS}) s of ${previous.path.join('.').replace(/\.(\d+)/g, '[$1]')}`);
    });
    return all.map((x) => x.w);
  };


  const centreIds = new Set<string>();
  const centres: Centre[] = input.centres.map((c, i) => {
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
      ...centreDown(withSiteDown((c.down ?? []).map((d) => ({ fromS: d.from, toS: d.to, ...(d.mode === 'abrupt' ? { abrupt: true } : {}) })), siteId, ['centres', i, 'down'])),
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
        ...traceOf(p.failureTrace, p.nodes, ['centres', i, 'partitions', j, 'failureTrace', 'file']),
      })),
    };
  });

  const knownSites = (): string => [...sites.keys()].sort().join(', ');
  const checkSite = (siteId: string, path: readonly PropertyKey[]): boolean => {
    if (sites.has(siteId)) return true;
    at(path, `unknown site '${siteId}' (known: ${knownSites()})`);
    return false;
  };

  const networkModel = resolveNetworkModel(input.network, at);
  const pairs = new Set<string>();
  const links: Link[] = [];
  input.links.forEach((l, i) => {
    const [a, b] = l.between;
    const okA = checkSite(a, ['links', i, 'between', 0]);
    const okB = checkSite(b, ['links', i, 'between', 1]);
    if (a === b) at(['links', i, 'between'], `a link needs two different sites, got '${a}' twice`);
    const key = a < b ? `${a}\0${b}` : `${b}\0${a}`;
    if (pairs.has(key)) at(['links', i, 'between'], `duplicate link between '${a}' and '${b}'`);
    pairs.add(key);
    if (!okA || !okB) return;
    const siteA = sites.get(a) as Site;
    const siteB = sites.get(b) as Site;
    const latencyS =
      l.latency ?? greatCircleKm(siteA, siteB) * (l.routeFactor ?? input.network.routeFactor) * input.network.fibreDelayPerKm;
    l.capacity.forEach((c, k) => {
      const previous = l.capacity[k - 1];
      if (previous !== undefined && c.at < previous.at) at(['links', i, 'capacity', k, 'at'], 'capacity changes must be in time order');
    });
    l.down.forEach((d, k) => {
      if (!(d.to > d.from)) at(['links', i, 'down', k, 'to'], `an outage must end after it starts (from ${d.from} s)`);
      const previous = l.down[k - 1];
      if (previous !== undefined && d.from < previous.to) at(['links', i, 'down', k, 'from'], 'outages must be in time order and not overlap');
    });
    links.push({
      id: `${a}-${b}`,
      a,
      b,
      bandwidthBps: l.bandwidth,
      latencyS,
      capacitySchedule: l.capacity.map((c) => ({ atS: c.at, bandwidthBps: c.bandwidth })),
      // A link is down while either end's site is (overlapping windows join).
      down:
        siteDown.has(a) || siteDown.has(b)
          ? unionOfWindows([...l.down.map((d) => ({ fromS: d.from, toS: d.to })), ...(siteDown.get(a) ?? []), ...(siteDown.get(b) ?? [])])
          : l.down.map((d) => ({ fromS: d.from, toS: d.to })),
      energyJPerByte: (l.energyPerGB ?? input.energy.transferPerGB) / 1e9,
      ...withFailures(l.failures ?? input.failures?.links),
      // Absent = splitDuplex, so a scenario without the key normalises (and hashes) as before.
      ...((l.sharing ?? defaultLinkSharing(networkModel.model)) === 'shared' ? { sharing: 'shared' as const } : {}),
    });
  });

  const linked = new Set(links.map((l) => `${l.a}\0${l.b}`));
  const isLinked = (x: string, y: string): boolean => linked.has(`${x}\0${y}`) || linked.has(`${y}\0${x}`);
  const routes: RouteSpec[] = [];
  input.routes.forEach((r, i) => {
    const path = [r.between[0], ...r.via, r.between[1]];
    const known = path.every((site, k) => checkSite(site, ['routes', i, ...(k === 0 ? ['between', 0] : k === path.length - 1 ? ['between', 1] : ['via', k - 1])]));
    if (!known) return;
    if (new Set(path).size !== path.length) {
      at(['routes', i, 'via'], `a route visits '${path.find((x, k) => path.indexOf(x) !== k)}' twice: list each site once`);
      return;
    }
    for (let k = 0; k + 1 < path.length; k++) {
      if (!isLinked(path[k] as string, path[k + 1] as string)) at(['routes', i, 'via'], `no link between '${path[k]}' and '${path[k + 1]}'`);
    }
    routes.push({ from: r.between[0], to: r.between[1], via: r.via });
  });

  const datasets = new Map<string, Dataset>();
  input.datasets.forEach((d, i) => {
    if (datasets.has(d.id)) at(['datasets', i, 'id'], `duplicate dataset id '${d.id}'`);
    d.replicas.forEach((site, k) => checkSite(site, ['datasets', i, 'replicas', k]));
    datasets.set(d.id, { id: d.id, sizeBytes: d.size, replicas: d.replicas });
  });
  const knownDatasets = (): string => (datasets.size === 0 ? 'the catalogue `datasets` is empty' : `known: ${[...datasets.keys()].join(', ')}`);

  // Sites that can reach some centre (over all links, ignoring outages): a source whose users
  // or data cannot reach any centre would only produce rejected jobs.
  const reach = reachability([...sites.keys()], links);
  const centreSites = centres.map((c) => c.siteId);
  const reachesCentre = (site: string): boolean => centreSites.some((c) => c === site || reach(site, c));
  // With a broken link list, "no route" would only repeat the link errors.
  const linksValid = links.length === input.links.length;
  const checkReach = (site: string, path: readonly PropertyKey[]): void => {
    if (linksValid && sites.has(site) && !reachesCentre(site)) at(path, `site '${site}' has no route to any centre: add a link`);
  };
  input.datasets.forEach((d, i) => {
    const known = d.replicas.filter((r) => sites.has(r));
    if (linksValid && known.length === d.replicas.length && !known.some(reachesCentre)) {
      at(['datasets', i, 'replicas'], `no replica of dataset '${d.id}' can reach a centre (${d.replicas.join(', ')}): add a link or a replica`);
    }
  });

  const windowS = input.report.utilizationWindow;
  if (windowS > MAX_WINDOW_S) {
    // Energy is summed per hour within a window: a window of centuries would be millions of cells.
    at(['report', 'utilizationWindow'], `expected a window of at most 366d, got ${windowS} s`);
  }
  // Energy windows are summed over cells within which PUE, price and carbon are constant: a window
  // that divides an hour, or a whole number of hours, keeps those cells as long as possible.
  if (input.energy.accounting && !(Number.isInteger(3600 / windowS) || Number.isInteger(windowS / 3600))) {
    at(['report', 'utilizationWindow'], `with energy accounting on (energy.accounting) the window must divide 1 h (e.g. 15min) or be a whole number of hours, got ${windowS} s`);
  }
  const horizonS = input.horizon ?? Number.POSITIVE_INFINITY;
  for (const knob of ['classScale', 'classSlack'] as const) {
    for (const key of Object.keys(input.demand?.[knob] ?? {})) {
      if (!input.workload.some((x) => x.kind === 'poisson' && x.classes.some((c) => c.name === key))) {
        at(['demand', knob, key], `no generator class is named '${key}'`);
      }
    }
  }
  const names = new Set<string>();
  const workload: WorkloadSource[] = [];
  input.workload.forEach((w, i) => {
    if (w.kind === 'jobs') {
      const name = w.name ?? `jobs/${w.file}`;
      if (names.has(name)) at(['workload', i, 'name'], `duplicate source name '${name}'`);
      names.add(name);
      const path = resolve(baseDir, w.file);
      let jobs: JobSpec[] = [];
      try {
        jobs = readJobsCsv(path);
      } catch (error) {
        if (error instanceof InputError) {
          for (const problem of error.problems) at(['workload', i, 'file'], `${path}: ${problem}`);
        } else {
          at(['workload', i, 'file'], `cannot read '${path}': ${(error as Error).message}`);
        }
        return;
      }
      // Each unknown site with the first job naming it (and in which column), to find it in the file.
      const unknown = new Map<string, string>();
      const unknownDatasets = new Set<string>();
      const resolved = jobs.map((job) => {
        if (!sites.has(job.origin) && !unknown.has(job.origin)) unknown.set(job.origin, `job ${job.id}, origin`);
        if (!sites.has(job.dataSite) && !unknown.has(job.dataSite)) unknown.set(job.dataSite, `job ${job.id}, data_site`);
        if (job.dataset === undefined) return job;
        const d = datasets.get(job.dataset);
        if (d === undefined) unknownDatasets.add(job.dataset);
        // The catalogue gives the input size of a job that names a dataset.
        return { ...job, inputBytes: d?.sizeBytes ?? 0 };
      });
      if (unknown.size > 0) {
        const named = [...unknown].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([site, first]) => `'${site}' (first: ${first})`);
        at(['workload', i, 'file'], `${path}: unknown site ids ${named.join(', ')} (known: ${knownSites()})`);
      }
      if (unknownDatasets.size > 0) {
        at(['workload', i, 'file'], `${path}: unknown datasets ${[...unknownDatasets].sort().map((s) => `'${s}'`).join(', ')} (${knownDatasets()})`);
      }
      for (const site of new Set(resolved.flatMap((j) => [j.origin, j.dataSite]))) checkReach(site, ['workload', i, 'file']);
      workload.push({ kind: 'jobs', name, jobs: resolved.filter((j) => j.submitS <= horizonS) });
      return;
    }
    if (w.kind === 'swf') {
      const name = w.name ?? `swf/${w.file}`;
      if (names.has(name)) at(['workload', i, 'name'], `duplicate source name '${name}'`);
      names.add(name);
      const okOrigin = checkSite(w.origin, ['workload', i, 'origin']);
      const dataSite = w.dataSite ?? w.origin;
      const okData = w.dataSite === undefined || checkSite(w.dataSite, ['workload', i, 'dataSite']);
      const path = resolve(baseDir, w.file);
      let converted: ConvertedSwf;
      try {
        // Oversized jobs are the dispatcher's business here (rejected if no partition can run them).
        converted = convertSwf(readSwf(path), { conversion: 'cnsim', machineProcs: Number.POSITIVE_INFINITY, listChanges: false });
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        for (const problem of error.problems) at(['workload', i, 'file'], `${path}: ${problem}`);
        return;
      }
      if (converted.jobs.length === 0) {
        // As for Batsim and sacct sources: a trace that gives no job is a wrong file, not an idle network.
        const skipped = converted.warnings.filter((x) => x.action === 'skipped');
        const why = skipped.slice(0, 5).map((x) => `line ${x.line} (${x.field}): ${x.reason}`);
        at(['workload', i, 'file'], `${path}: no job can run: ${skipped.length === 0 ? 'the trace has no job line' : `all ${skipped.length} job lines were skipped (${why.join('; ')}${skipped.length > 5 ? '; …' : ''})`}`);
        return;
      }
      if (!okOrigin || !okData) return;
      const kept = w.first === undefined ? converted.jobs : converted.jobs.slice(0, w.first);
      const jobs: JobSpec[] = [];
      for (const job of kept) {
        const submitS = job.submitS * w.timeScale + w.offset;
        if (submitS > horizonS) continue;
        const spec = traceJobSpec(job, { origin: w.origin, dataSite, jobClass: w.class, submitS });
        jobs.push(w.sizeScale === 1 ? spec : { ...spec, cores: Math.max(1, Math.round(spec.cores * w.sizeScale)) });
      }
      const skipped = converted.warnings
        .filter((x) => x.action === 'skipped')
        .map(({ line, jobId, field, reason }) => ({ line, jobId, field, reason }));
      workload.push({ kind: 'swf', name, file: path, origin: w.origin, jobs, skipped, changed: converted.counts.changed });
      return;
    }
    if (w.kind === 'batsim' || w.kind === 'sacct') {
      const name = w.name ?? `${w.kind}/${w.file}`;
      if (names.has(name)) at(['workload', i, 'name'], `duplicate source name '${name}'`);
      names.add(name);
      const source = resolveTraceSource(w, i, name, { baseDir, horizonS, at, checkSite });
      if (source !== undefined) workload.push(source);
      return;
    }
    const name = w.name ?? `poisson/${w.origin}`;
    if (names.has(name)) at(['workload', i, 'name'], `duplicate source name '${name}' (give each source a distinct name)`);
    names.add(name);
    checkSite(w.origin, ['workload', i, 'origin']);
    if (w.dataSite !== undefined) checkSite(w.dataSite, ['workload', i, 'dataSite']);
    const endS = Math.min(w.end ?? horizonS, horizonS);

    if (!Number.isFinite(endS)) at(['workload', i, 'end'], 'a generator needs an end: set `end` here or a scenario `horizon`');
    const resolved = w.classes.map((c, j) => resolveJobClass(c, ['workload', i, 'classes', j], at));
    // demand.scale and demand.classScale: each class's rate (rate × share / Σ shares) is scaled.
    const demand = input.demand;
    const classFactor = (c: JobClassSpec): number => (demand?.scale ?? 1) * (demand?.classScale[c.name] ?? 1);
    const totalShare = resolved.reduce((s, c) => s + c.share, 0);
    const scaledRate = resolved.reduce((s, c) => s + (w.rate * c.share * classFactor(c)) / totalShare, 0);
    const classes =
      demand === undefined ? resolved : resolved.map((c) => ({ ...c, share: c.share * classFactor(c), slackS: demand.classSlack[c.name] ?? c.slackS }));
    if (!(scaledRate > 0)) at(['demand'], `leaves workload[${i}] (${name}) with no demand: every class is scaled to 0`);
    const profile = w.daily === undefined && w.weekly === undefined && w.growth === 1 ? undefined : resolveProfile(w, baseDir, ['workload', i], at);
    const estimates = resolveEstimates(w.estimates);
    w.classes.forEach((c, j) =>
      c.datasets?.forEach((d, k) => {
        if (!datasets.has(d)) at(['workload', i, 'classes', j, 'datasets', k], `unknown dataset '${d}' (${knownDatasets()})`);
      }),
    );
    checkReach(w.origin, ['workload', i, 'origin']);
    if (w.dataSite !== undefined) checkReach(w.dataSite, ['workload', i, 'dataSite']);
    workload.push({
      kind: 'poisson',
      name,
      origin: w.origin,
      dataSite: w.dataSite ?? w.origin,
      ratePerS: demand === undefined ? w.rate : scaledRate,
      startS: w.start,
      endS,
      classes,
      ...(profile === undefined ? {} : { profile }),
      ...(estimates === undefined ? {} : { estimates }),
    });
  });

  // Checkpoint and speed rows name job classes: a name no source uses (a typo) would silently do nothing.
  const classNames = new Set<string>();
  for (const w of workload) {
    if (w.kind === 'poisson') for (const c of w.classes) classNames.add(c.name);
    else for (const j of w.jobs) classNames.add(j.jobClass);
  }
  const knownClasses = (): string => `job classes: ${[...classNames].sort().join(', ') || 'none'}; '*' is every other class`;
  // Without sources of its own, the jobs come from the caller (the programmatic API): any class may appear.
  for (const table of workload.length === 0 ? [] : (['checkpoint', 'speeds'] as const)) {
    for (const key of Object.keys(input[table])) {
      if (key !== '*' && !classNames.has(key)) at([table, key], `no job class is named '${key}' (${knownClasses()})`);
    }
  }

  // A plug-in's options are checked by the runner once the module is loaded (parsing stays sync).
  const module = input.dispatch.module === undefined ? '' : resolve(baseDir, input.dispatch.module);
  if (module !== '' && input.dispatch.policy !== undefined) {
    at(['dispatch', 'module'], `give either a built-in 'policy' or a plug-in 'module', not both (policy: '${input.dispatch.policy}')`);
  }
  const policyName = module === '' ? (input.dispatch.policy ?? 'least-loaded') : '';
  if (module === '') {
    const dispatchPolicy = isExternalPolicy(policyName) ? { optionsSchema: EXTERNAL_OPTIONS } : findDispatchPolicy(policyName);
    if (dispatchPolicy === undefined) {
      at(['dispatch', 'policy'], `unknown dispatch policy '${policyName}' (known: ${DISPATCH_POLICIES.map((p) => p.name).join(', ')}; or give a plug-in 'module', or external:<command> for a decision process of your own)`);
    } else {
      const r = dispatchPolicy.optionsSchema.safeParse(input.dispatch.options, { reportInput: true });
      if (!r.success) for (const issue of r.error.issues) at(['dispatch', 'options', ...issue.path], describeIssue(issue));
    }
  }

  return {
    version: 1,
    name: input.name,
    description: input.description,
    seed: input.seed,
    horizonS,
    sites: [...sites.values()],
    regions,
    centres,
    links,
    routes,
    datasets: [...datasets.values()],
    flowCapBps: input.network.flowCap ?? Number.POSITIVE_INFINITY,
    ...(networkModel.model === 'maxmin' ? {} : { networkModel }),
    dispatch: {
      policy: policyName,
      module,
      options: input.dispatch.options,
      latencyS: input.dispatch.latency,
      infoPeriodS: input.dispatch.infoPeriod,
      infoDelayS: input.dispatch.infoDelay,
      batchIntervalS: input.dispatch.batchInterval,
      countOwnDecisions: input.dispatch.countOwnDecisions,
      retryBackoffS: input.dispatch.retry?.backoff ?? 0,
      maxAttempts: input.dispatch.retry?.maxAttempts ?? 1,
      shift: input.dispatch.shift,
      downS: input.dispatch.down.map((d) => ({ fromS: d.from, toS: d.to })),
      fallback: input.dispatch.fallback,
    },
    energy: { accounting: input.energy.accounting, startMonth: input.energy.startMonth },
    speeds: input.speeds,
    workload: uniqueJobIds(workload),
    report: { utilizationWindowS: input.report.utilizationWindow },
    retry: { policy: input.retry.policy, maxAttempts: input.retry.maxAttempts, delayS: input.retry.delay },
    checkpoint: Object.fromEntries(
      Object.entries(input.checkpoint).map(([jobClass, c]) => [jobClass, { intervalS: c.interval === 'young-daly' ? Number.NaN : c.interval, overheadS: c.overhead }]),
    ),
  };
}

type At = (path: readonly PropertyKey[], message: string) => void;

/** A flat value repeated `count` times, or the list as given (its length was checked by the schema). */
function slots(value: number | readonly number[], count: number): readonly number[] {
  return typeof value === 'number' ? new Array<number>(count).fill(value) : [...value];
}

/**
 * A region's rates: as given, else the built-in energy table's row for its id, else 0 CNY, 0 g,
 * PUE 1; prices times the `energy.timeOfUse` factors of each hour when given.
 */
function resolveRegion(
  id: string,
  price: number | readonly number[] | undefined,
  carbon: number | readonly number[] | undefined,
  pue: number | readonly number[] | undefined,
  timeOfUse: readonly number[] | undefined,
): Region {
  const builtin = price === undefined || carbon === undefined || pue === undefined ? builtinRegion(id) : undefined;
  const prices = slots(price ?? builtin?.priceCnyPerKWh ?? 0, 24);
  return {
    id,
    priceByHourCnyPerKWh: timeOfUse === undefined ? prices : prices.map((p, h) => p * (timeOfUse[h] as number)),
    carbonByHourGPerKWh: slots(carbon ?? builtin?.carbonGPerKWh ?? 0, 24),
    pueByMonth: slots(pue ?? builtin?.pue ?? 1, 12),
  };
}
type PoissonInput = Extract<ScenarioInput['workload'][number], { kind: 'poisson' }>;
type ClassInput = PoissonInput['classes'][number];

/** A job class with its model's defaults filled in (class-presets.ts, lublin.ts). */
function resolveJobClass(c: ClassInput, path: readonly PropertyKey[], at: At): JobClassSpec {
  const defaults = CLASS_DEFAULTS[c.model];
  let lublin: LublinParams | undefined;
  if (c.model === 'lublin') {
    for (const key of ['cores', 'gpus', 'coresPerGpu', 'runtime'] as const) {
      if (c[key] !== undefined) at([...path, key], `not used by model lublin (sizes and runtimes come from the model; see lublin.uHi and lublin.coresPerProcessor)`);
    }
    const l = c.lublin ?? lublinSchema.parse({});
    const published = LUBLIN_PUBLISHED[l.jobType];
    const uHi = l.uHi ?? published.uHi;
    const uMed = l.uMed ?? uHi - (published.uHi - published.uMed);
    const uLow = l.uLow ?? published.uLow;
    if (!(uLow <= uMed && uMed <= uHi)) at([...path, 'lublin'], `expected uLow ≤ uMed ≤ uHi, got ${uLow}, ${uMed}, ${uHi}`);
    const serialProb = l.serialProb ?? published.serialProb;
    const pow2Prob = l.pow2Prob ?? published.pow2Prob;
    if (serialProb + pow2Prob > 1) at([...path, 'lublin'], `serialProb + pow2Prob must be ≤ 1, got ${serialProb + pow2Prob}`);
    lublin = {
      serialProb,
      pow2Prob,
      uLow,
      uMed,
      uHi,
      uProb: l.uProb ?? published.uProb,
      a1: l.a1 ?? published.a1,
      b1: l.b1 ?? published.b1,
      a2: l.a2 ?? published.a2,
      b2: l.b2 ?? published.b2,
      pa: l.pa ?? published.pa,
      pb: l.pb ?? published.pb,
      maxLogRuntime: l.maxLogRuntime,
      coresPerProcessor: l.coresPerProcessor,
    };
    // A runtime above the cap is drawn again: with almost every draw above it, a job never gets one.
    const kept = lublinKeptShare(lublin);
    if (!(kept >= MIN_LUBLIN_KEPT_SHARE)) {
      at([...path, 'lublin'], `only ${kept.toPrecision(2)} of the runtime draws fall under maxLogRuntime ${lublin.maxLogRuntime} (ln s) at some job size, and the others are drawn again: lower a1·b1 or a2·b2 (the mean ln runtime of each gamma) or raise maxLogRuntime`);
    }
  } else if (c.lublin !== undefined) {
    at([...path, 'lublin'], `only for model lublin (this class has model ${c.model})`);
  }
  const coresRange = c.cores ?? defaults.cores ?? (c.model === 'lublin' ? [1, 1] : undefined);
  if (coresRange === undefined) at([...path, 'cores'], 'missing (a custom class needs cores: a number or [min, max])');
  const runtime = c.runtime === undefined ? defaults.runtime : { medianS: c.runtime.median, sigma: c.runtime.sigma, maxS: c.runtime.max };
  if (runtime === undefined && c.model !== 'lublin') at([...path, 'runtime'], 'missing (a custom class needs runtime: {median, sigma, max})');
  const [coresMin, coresMax] = toRange(coresRange ?? [1, 1]);
  const [gpusMin, gpusMax] = toRange(c.gpus ?? defaults.gpus);
  if (coresMin < 1 || coresMax < coresMin) at([...path, 'cores'], `expected 1 ≤ min ≤ max, got [${coresMin}, ${coresMax}]`);
  if (gpusMax < gpusMin || (gpusMin === 0 && gpusMax > 0)) {
    at([...path, 'gpus'], `expected 0 (CPU job) or 1 ≤ min ≤ max, got [${gpusMin}, ${gpusMax}]`);
  }
  if (runtime !== undefined && runtime.maxS < runtime.medianS) at([...path, 'runtime', 'max'], 'runtime max must be ≥ the median');
  return {
    name: c.name,
    model: c.model,
    share: c.share,
    coresMin,
    coresMax,
    gpusMin,
    gpusMax,
    runtimeMedianS: runtime?.medianS ?? 1,
    runtimeSigma: runtime?.sigma ?? 0,
    runtimeMaxS: runtime?.maxS ?? 1,
    walltimeFactor: c.walltimeFactor ?? defaults.walltimeFactor,
    inputBytes: c.inputBytes ?? defaults.inputBytes,
    outputBytes: c.outputBytes ?? defaults.outputBytes,
    coresPerGpu: c.coresPerGpu ?? defaults.coresPerGpu,
    deadlineS: c.deadline ?? defaults.deadlineS,
    slackS: c.slack ?? 0,
    maxLatencyS: c.maxLatency ?? defaults.maxLatencyS,
    ...(lublin === undefined ? {} : { lublin }),
    ...(c.datasets === undefined ? {} : { datasets: c.datasets }),
    ...(c.gpuModels === undefined || c.gpuModels.length === 0 ? {} : { gpuModels: c.gpuModels }),
    ...(c.minMemoryPerNode === undefined || c.minMemoryPerNode === 0 ? {} : { minMemoryPerNodeBytes: c.minMemoryPerNode }),
    ...(c.software === undefined || c.software.length === 0 ? {} : { software: c.software }),
  };
}

/** The daily and weekly weights of a source, each normalised to mean 1. */
function resolveProfile(w: PoissonInput, baseDir: string, path: readonly PropertyKey[], at: At): ArrivalProfile | undefined {
  const daily = resolveWeights(w.daily ?? 'flat', DAILY_PROFILES, 'daily', baseDir, [...path, 'daily'], at);
  const weekly = resolveWeights(w.weekly ?? 'flat', WEEKLY_PROFILES, 'weekly', baseDir, [...path, 'weekly'], at);
  if (weekly !== undefined && weekly.length !== 7) at([...path, 'weekly'], `expected 7 weights (Monday to Sunday), got ${weekly.length}`);
  if (daily === undefined || weekly === undefined) return undefined;
  return { daily, weekly, growth: w.growth };
}

function resolveWeights(
  spec: NonNullable<PoissonInput['daily']>,
  builtins: Readonly<Record<string, () => readonly number[]>>,
  what: string,
  baseDir: string,
  path: readonly PropertyKey[],
  at: At,
): number[] | undefined {
  let weights: readonly number[];
  let source = '';
  if (typeof spec === 'string') {
    const builtin = builtins[spec];
    if (builtin === undefined) {
      at(path, `unknown ${what} profile '${spec}' (known: ${Object.keys(builtins).join(', ')}; or a list of weights, or {file, column})`);
      return undefined;
    }
    weights = builtin();
  } else if (Array.isArray(spec)) {
    weights = spec;
  } else {
    const file = resolve(baseDir, spec.file);
    source = `${file}: `;
    try {
      const rows = parseCsv(readInputFile(file, 'utf8'), { columns: true, skip_empty_lines: true, trim: true, comment: '#' }) as Record<string, string>[];
      if (rows.length > 0 && !(spec.column in (rows[0] as Record<string, string>))) {
        at([...path, 'column'], `${source}no column '${spec.column}' (columns: ${Object.keys(rows[0] as Record<string, string>).join(', ')})`);
        return undefined;
      }
      weights = rows.map((r) => Number(r[spec.column]));
    } catch (error) {
      at([...path, 'file'], `cannot read '${file}': ${(error as Error).message}`);
      return undefined;
    }
  }
  const normalised = normaliseProfile(weights);
  if (typeof normalised === 'string') {
    at(path, `${source}${normalised}`);
    return undefined;
  }
  return normalised;
}

function resolveEstimates(e: PoissonInput['estimates']): EstimateModel | undefined {
  if (e === undefined) return undefined;
  if (e.model === 'tsafrir') return tsafrirBins(e.max, e.bins, e.maxShare);
  return { model: e.model };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Whether two sites are connected by links (union-find over the link graph). */
function reachability(siteIds: readonly string[], links: readonly Link[]): (a: string, b: string) => boolean {
  const parent = new Map(siteIds.map((id) => [id, id]));
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r) as string;
    parent.set(x, r);
    return r;
  };
  for (const l of links) parent.set(find(l.a), find(l.b));
  return (a, b) => parent.has(a) && parent.has(b) && find(a) === find(b);
}

/** A count written as a number or as [min, max], as [min, max]. */
function toRange(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/** A scenario's duration distribution (a bare number is the mean of an exponential) as the model's. */
function toDistribution(
  d: number | { exponential: number } | { weibull: number; shape: number } | { lognormal: number; sigma: number } | { fixed: number },
): DurationDistribution {
  if (typeof d === 'number') return { kind: 'exponential', meanS: d };
  if ('exponential' in d) return { kind: 'exponential', meanS: d.exponential };
  if ('weibull' in d) return { kind: 'weibull', meanS: d.weibull, shape: d.shape };
  if ('lognormal' in d) return { kind: 'lognormal', meanS: d.lognormal, sigma: d.sigma };
  return { kind: 'fixed', meanS: d.fixed };
}

/** A partition's `failures` key for the model (none when undefined). */
function withFailures(f: { mtbf: Parameters<typeof toDistribution>[0]; mttr: Parameters<typeof toDistribution>[0] } | undefined): { failures?: { mtbf: DurationDistribution; mttr: DurationDistribution } } {
  return f === undefined ? {} : { failures: { mtbf: toDistribution(f.mtbf), mttr: toDistribution(f.mttr) } };
}

/** An outage window of a centre: abrupt kills what runs there (absent: a drain). */
type CentreWindow = { readonly fromS: number; readonly toS: number; readonly abrupt?: boolean };

/** A centre's outage windows for the model (none when empty). */
function centreDown(windows: readonly CentreWindow[]): { downS?: readonly CentreWindow[] } {
  return windows.length === 0 ? {} : { downS: windows };
}

/** The union of time windows, as disjoint windows in time order. */
function unionOfWindows(windows: readonly { fromS: number; toS: number }[]): { fromS: number; toS: number }[] {
  const sorted = [...windows].sort((x, y) => x.fromS - y.fromS);
  const out: { fromS: number; toS: number }[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && w.fromS <= last.toS) last.toS = Math.max(last.toS, w.toS);
    else out.push({ fromS: w.fromS, toS: w.toS });
  }
  return out;
}

import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import type { Centre } from '../model/centre.js';
import { InputError } from '../model/input-error.js';
import type { JobSpec } from '../model/job.js';
import type { Link } from '../model/link.js';
import type { JobClassSpec, Scenario, WorkloadSource } from '../model/scenario.js';
import { greatCircleKm, type Site } from '../model/site.js';
import { DISPATCH_POLICIES, findDispatchPolicy, findQueuePolicy, QUEUE_POLICIES } from '../policies/registry.js';
import { readJobsCsv } from '../workload/jobs-csv.js';
import { type ConvertedSwf, convertSwf, traceJobSpec } from '../workload/swf-convert.js';
import { readSwf } from '../workload/swf.js';
import { scenarioSchema, type ScenarioInput } from './schema.js';

/** Finds the "line L, col C" of a path in the source file, or '' when unknown (JSON, defaults). */
export type Locator = (path: readonly PropertyKey[]) => string;

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

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing (${issue.message.replace(/^Invalid input: /, '')})`;
  // Zod's own messages do not say what was found; the offending value helps find the typo.
  const got = issue.input === undefined || issue.code === 'custom' ? '' : `, got ${JSON.stringify(issue.input)}`;
  return `${issue.message.replace(/^(Invalid input|Too small|Too big): /, '')}${got}`;
}

function resolveScenario(input: ScenarioInput, file: string, at: (path: readonly PropertyKey[], message: string) => void): Scenario {
  const baseDir = dirname(resolve(file));
  const sites = new Map<string, Site>();
  input.sites.forEach((s, i) => {
    if (sites.has(s.id)) at(['sites', i, 'id'], `duplicate site id '${s.id}'`);
    sites.set(s.id, { id: s.id, name: s.name ?? s.id, region: s.region, latDeg: s.lat, lonDeg: s.lon });
  });
  const regionIds = new Set(input.regions.map((r) => r.id));
  input.regions.forEach((r, i) => {
    if (input.regions.findIndex((x) => x.id === r.id) !== i) at(['regions', i, 'id'], `duplicate region id '${r.id}'`);
  });
  const checkRegion = (region: string, path: readonly PropertyKey[]): void => {
    if (region !== '' && regionIds.size > 0 && !regionIds.has(region)) {
      at(path, `unknown region '${region}' (known: ${[...regionIds].join(', ')})`);
    }
  };
  input.sites.forEach((s, i) => checkRegion(s.region, ['sites', i, 'region']));

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
    const queuePolicy = findQueuePolicy(c.queue.policy);
    if (queuePolicy === undefined) {
      at(['centres', i, 'queue', 'policy'], `unknown queue policy '${c.queue.policy}' (known: ${QUEUE_POLICIES.map((p) => p.name).join(', ')})`);
    } else {
      const r = queuePolicy.optionsSchema.safeParse(c.queue.options, { reportInput: true });
      if (!r.success) for (const issue of r.error.issues) at(['centres', i, 'queue', 'options', ...issue.path], describeIssue(issue));
    }
    return {
      id: c.id,
      name: c.name ?? c.id,
      siteId,
      region,
      estimate: c.estimate,
      notes: c.notes,
      queue: { policy: c.queue.policy, options: c.queue.options },
      software: [...c.software].sort(),
      partitions: c.partitions.map((p) => ({
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
      })),
    };
  });

  const knownSites = (): string => [...sites.keys()].sort().join(', ');
  const checkSite = (siteId: string, path: readonly PropertyKey[]): boolean => {
    if (sites.has(siteId)) return true;
    at(path, `unknown site '${siteId}' (known: ${knownSites()})`);
    return false;
  };

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
    links.push({ id: `${a}-${b}`, a, b, bandwidthBps: l.bandwidth, latencyS });
  });

  const horizonS = input.horizon ?? Number.POSITIVE_INFINITY;
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
      const unknown = new Set<string>();
      for (const job of jobs) {
        if (!sites.has(job.origin)) unknown.add(job.origin);
        if (!sites.has(job.dataSite)) unknown.add(job.dataSite);
      }
      if (unknown.size > 0) {
        at(['workload', i, 'file'], `${path}: unknown site ids ${[...unknown].sort().map((s) => `'${s}'`).join(', ')} (known: ${knownSites()})`);
      }
      workload.push({ kind: 'jobs', name, jobs: jobs.filter((j) => j.submitS <= horizonS) });
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
      if (!okOrigin || !okData) return;
      const kept = w.first === undefined ? converted.jobs : converted.jobs.slice(0, w.first);
      const jobs: JobSpec[] = [];
      for (const job of kept) {
        const submitS = job.submitS + w.offset;
        if (submitS > horizonS) continue;
        jobs.push(traceJobSpec(job, { origin: w.origin, dataSite, jobClass: w.class, submitS }));
      }
      const skipped = converted.warnings
        .filter((x) => x.action === 'skipped')
        .map(({ line, jobId, field, reason }) => ({ line, jobId, field, reason }));
      workload.push({ kind: 'swf', name, file: path, origin: w.origin, jobs, skipped, changed: converted.counts.changed });
      return;
    }
    const name = w.name ?? `poisson/${w.origin}`;
    if (names.has(name)) at(['workload', i, 'name'], `duplicate source name '${name}' (give each source a distinct name)`);
    names.add(name);
    checkSite(w.origin, ['workload', i, 'origin']);
    if (w.dataSite !== undefined) checkSite(w.dataSite, ['workload', i, 'dataSite']);
    const endS = Math.min(w.end ?? horizonS, horizonS);
    if (!Number.isFinite(endS)) at(['workload', i, 'end'], 'a generator needs an end: set `end` here or a scenario `horizon`');
    const classes: JobClassSpec[] = w.classes.map((c, j) => {
      const [coresMin, coresMax] = typeof c.cores === 'number' ? [c.cores, c.cores] : c.cores;
      const [gpusMin, gpusMax] = typeof c.gpus === 'number' ? [c.gpus, c.gpus] : c.gpus;
      if (coresMin < 1 || coresMax < coresMin) at(['workload', i, 'classes', j, 'cores'], `expected 1 ≤ min ≤ max, got [${coresMin}, ${coresMax}]`);
      if (gpusMax < gpusMin || (gpusMin === 0 && gpusMax > 0)) {
        at(['workload', i, 'classes', j, 'gpus'], `expected 0 (CPU job) or 1 ≤ min ≤ max, got [${gpusMin}, ${gpusMax}]`);
      }
      if (c.runtime.max < c.runtime.median) at(['workload', i, 'classes', j, 'runtime', 'max'], 'runtime max must be ≥ the median');
      return {
        name: c.name,
        share: c.share,
        coresMin,
        coresMax,
        gpusMin,
        gpusMax,
        runtimeMedianS: c.runtime.median,
        runtimeSigma: c.runtime.sigma,
        runtimeMaxS: c.runtime.max,
        walltimeFactor: c.walltimeFactor,
        inputBytes: c.inputBytes,
        outputBytes: c.outputBytes,
        ...(c.gpuModels === undefined || c.gpuModels.length === 0 ? {} : { gpuModels: c.gpuModels }),
        ...(c.minMemoryPerNode === undefined || c.minMemoryPerNode === 0 ? {} : { minMemoryPerNodeBytes: c.minMemoryPerNode }),
        ...(c.software === undefined || c.software.length === 0 ? {} : { software: c.software }),
      };
    });
    workload.push({ kind: 'poisson', name, origin: w.origin, dataSite: w.dataSite ?? w.origin, ratePerS: w.rate, startS: w.start, endS, classes });
  });

  // A plug-in's options are checked by the runner once the module is loaded (parsing stays sync).
  const module = input.dispatch.module === undefined ? '' : resolve(baseDir, input.dispatch.module);
  if (module !== '' && input.dispatch.policy !== undefined) {
    at(['dispatch', 'module'], `give either a built-in 'policy' or a plug-in 'module', not both (policy: '${input.dispatch.policy}')`);
  }
  const policyName = module === '' ? (input.dispatch.policy ?? 'least-loaded') : '';
  if (module === '') {
    const dispatchPolicy = findDispatchPolicy(policyName);
    if (dispatchPolicy === undefined) {
      at(['dispatch', 'policy'], `unknown dispatch policy '${policyName}' (known: ${DISPATCH_POLICIES.map((p) => p.name).join(', ')}; or give a plug-in 'module')`);
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
    regions: input.regions,
    centres,
    links,
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
    },
    speeds: input.speeds,
    workload,
    report: { utilizationWindowS: input.report.utilizationWindow },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

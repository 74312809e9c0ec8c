import { z } from 'zod';
import { sweepSchema } from './sweep-schema.js';
import { parseBandwidth, parseBytes, parseDuration, parseEnergy, parsePower, parseRate, type UnitResult } from './units.js';

/** What a quantity looks like, in the words a scenario author would use (for error messages). */
const QUANTITY_KINDS = new Map<(v: unknown) => UnitResult, string>([
  [parseDuration, 'a duration such as 7d, 36h, 90s or 12ms'],
  [parseBytes, 'a size such as 256GB, 3TB or 2GiB'],
  [parsePower, 'a power such as 350W or 6.5kW'],
  [parseEnergy, 'an energy such as 0.5kWh or 120kJ'],
  [parseBandwidth, 'a bandwidth such as 100Gbps or 12.5GB/s'],
  [parseRate, 'a rate such as 120/h or 0.5/s'],
]);

/** A zod type for a quantity with a unit string, converted to SI; documented in the JSON Schema. */
function quantity(parse: (v: unknown) => UnitResult, description: string, check?: { min?: number; positive?: boolean; max?: number; maxText?: string }) {
  const kind = QUANTITY_KINDS.get(parse) ?? 'a number, or a number with its unit';
  return z
    // Neither a finite number nor text (a list, true, .inf): say what is expected, not zod's "Invalid input".
    .union([z.number(), z.string()], { error: () => `expected ${kind}` })
    .describe(description)
    .transform((raw, ctx) => {
      const r = parse(raw);
      if (!r.ok) {
        ctx.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      if (check?.positive === true && !(r.value > 0)) {
        ctx.addIssue({ code: 'custom', message: `expected a value > 0, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      if (check?.min !== undefined && r.value < check.min) {
        ctx.addIssue({ code: 'custom', message: `expected a value ≥ ${check.min}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      if (check?.max !== undefined && r.value > check.max) {
        ctx.addIssue({ code: 'custom', message: `expected a value ≤ ${check.maxText ?? check.max}, got ${JSON.stringify(raw)}` });
        return z.NEVER;
      }
      return r.value;
    });
}

const duration = (d: string) => quantity(parseDuration, `${d} (seconds, or "12ms", "2h", "7d")`, { min: 0 });
const positiveDuration = (d: string) => quantity(parseDuration, `${d} (seconds, or "12ms", "2h", "7d")`, { positive: true });

/**
 * A distribution of durations by its mean: a bare duration (exponential), or one of
 * `{exponential: mean}`, `{weibull: mean, shape}`, `{lognormal: mean, sigma}`, `{fixed: value}`.
 */
const durationDistribution = (d: string) =>
  z.union([
    positiveDuration(`${d}: the mean of an exponential distribution`),
    z.strictObject({ exponential: positiveDuration(`${d}: mean`) }),
    z.strictObject({ weibull: positiveDuration(`${d}: mean`), shape: z.number().positive().describe('Weibull shape k (< 1: failures cluster early)') }),
    z.strictObject({ lognormal: positiveDuration(`${d}: mean`), sigma: z.number().positive().describe('σ of the underlying normal') }),
    z.strictObject({ fixed: positiveDuration(d) }),
  ], {
    error: `${d}: expected a duration > 0 (the mean of an exponential, e.g. 1000d) or one of {exponential: mean}, {weibull: mean, shape}, {lognormal: mean, sigma}, {fixed: value}`,
  });

/** Random failures of the nodes of a partition: up for a time from `mtbf`, down for one from `mttr`. */
const nodeFailures = z.strictObject({
  mtbf: durationDistribution('time between failures of one node'),
  mttr: durationDistribution('time to repair a node'),
});
// Upper bounds far above any machine, so that sums and products of them stay finite (an
// overflow would print as an empty cell, which reads as "not applicable"). Bytes as a jobs file.
const bytes = (d: string) => quantity(parseBytes, `${d} (bytes, or "3TB", "256GB", "2GiB")`, { min: 0, max: Number.MAX_SAFE_INTEGER, maxText: '2^53 − 1 (9 PB)' });
const power = (d: string) => quantity(parsePower, `${d} (watts, or "350W", "6.5kW")`, { min: 0, max: 1e9, maxText: '1 GW' });
const energy = (d: string) => quantity(parseEnergy, `${d} (joules, or "0.5kWh", "300Wh", "120kJ")`, { min: 0, max: 3.6e15, maxText: '1 TWh' });

/** One value per slot (24 hours of the day, 12 months): `count` values exactly. */
function slots(count: number, slot: string, value: z.ZodNumber) {
  return z.array(value).superRefine((xs, ctx) => {
    if (xs.length !== count) ctx.addIssue({ code: 'custom', message: `expected ${count} values (one per ${slot}), got ${xs.length}` });
  });
}
const HOUR_SLOT = 'hour of the day, hour 0 = 00:00 China Standard Time';
/** A flat value or one value per slot. */
function profile(count: number, slot: string, value: z.ZodNumber, description: string) {
  return z.union([value, slots(count, slot, value)]).describe(description);
}
const hourly = (description: string) => profile(24, HOUR_SLOT, z.number().min(0).max(1e6), description);
const monthly = (description: string) => profile(12, 'month, January first', z.number().min(1).max(100), description);
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, "_", "." or "-"');
const positiveInt = z.number().int().positive();
const tags = (d: string) => z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.+/-]*$/, 'expected a tag of letters, digits, "_", ".", "+", "/" or "-"')).describe(d);

const policyRef = (defaultPolicy: string) =>
  z.strictObject({
    policy: z.string().default(defaultPolicy).describe('policy name (see `cnsim policies`)'),
    options: z.record(z.string(), z.unknown()).default({}).describe('policy options'),
  });

export const siteSchema = z.strictObject({
  id,
  name: z.string().optional(),
  region: z.string().default('').describe('price and carbon region (an id in `regions`)'),
  lat: z.number().min(-90).max(90).describe('latitude, degrees'),
  lon: z.number().min(-180).max(180).describe('longitude, degrees'),
  down: z
    .array(
      z.strictObject({
        from: duration('start of the outage'),
        to: duration('end of the outage'),
        mode: z.enum(['drain', 'abrupt']).default('drain').describe('for the centres of the site: drain or abrupt (see centres[].down)'),
      }),
    )
    .default([])
    .describe('outages of the whole site: every centre at the site and every link to it is down in [from, to)'),
});

export const regionSchema = z.strictObject({
  id: z.string().min(1),
  priceCnyPerKWh: hourly('electricity price, CNY/kWh: flat, or 24 hourly values (a time-of-use tariff); default: the built-in energy table for this region id, else 0').optional(),
  carbonGPerKWh: hourly('grid carbon intensity, gCO2/kWh: flat, or 24 hourly values; default: the built-in energy table, else 0').optional(),
  pue: monthly('power usage effectiveness (facility ÷ IT energy, ≥ 1): flat, or 12 monthly values; default: the built-in energy table, else 1').optional(),
});

export const partitionSchema = z.strictObject({
  id,
  nodes: positiveInt.describe('number of identical nodes'),
  coresPerNode: positiveInt.default(1),
  gpusPerNode: z.number().int().min(0).default(0),
  gpuModel: z.string().default('').describe('accelerator model (`A100`, `Ascend910`, ...): a key of `speeds` and of job `gpuModels`'),
  cpuModel: z.string().default('').describe('CPU model: a key of `speeds` for CPU partitions'),
  software: tags('software stack tags of this partition (added to the centre tags)').default([]),
  maxQueuedJobs: positiveInt.optional().describe('most jobs waiting here (sent, not started); a job beyond it is refused'),
  memoryPerNode: bytes('memory per node').default(0),
  speed: z.number().positive().default(1).describe('relative speed: runtime here = reference runtime / speed'),
  idlePowerPerNode: power('idle power of one node without its GPUs').default(0),
  peakPowerPerNode: power('power of one node without its GPUs with every core busy').default(0),
  gpuIdlePowerPerNode: power('idle power of all the GPUs of one node').default(0),
  gpuPeakPowerPerNode: power('power of all the GPUs of one node, every GPU busy').default(0),
  powerOff: z
    .strictObject({
      after: duration('an idle node switches off after this long'),
      wakeUp: duration('boot time: a job that needs a switched-off node starts this much later').default(0),
      wakeUpEnergy: energy('energy one node draws to boot (charged to the job)').default(0),
      offPower: power('power of a switched-off node').default(0),
    })
    .optional()
    .describe('switch idle nodes off (default: they stay on)'),
  failures: nodeFailures.optional().describe('random node failures: each node fails and is repaired again and again; a failure kills the job on the node (see retry); default: the top-level failures of its kind'),
  failureTrace: z
    .strictObject({
      file: z.string().min(1).describe('CSV file of node unavailability intervals (Failure Trace Archive layout, see scenarios/README.md), relative to the scenario file'),
      offset: z.number().default(0).describe('seconds added to the trace times'),
    })
    .optional()
    .describe('node failures from a trace instead of failures'),
});

export const centreSchema = z.strictObject({
  id,
  name: z.string().optional(),
  site: id.optional().describe('site id (declared in `sites`, or created here from lat/lon); default: the centre id'),
  region: z.string().optional(),
  pue: monthly("this centre's PUE, flat or 12 monthly values, replacing its region's").optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  estimate: z.boolean().default(false).describe('true when a capacity or power figure is an estimate'),
  notes: z.string().default(''),
  cache: bytes('input cache for catalogue datasets: staged-in datasets stay for later jobs (LRU)').optional(),
  partitions: z.array(partitionSchema).min(1),
  software: tags('software stack tags of every partition of the centre').default([]),
  queue: policyRef('fcfs').default({ policy: 'fcfs', options: {} }),
  activeFrom: duration('commissioning: the dispatcher sends no job here before this time (default: from the start)').optional(),
  activeUntil: duration('decommissioning: the dispatcher sends no job here from this time on; jobs already here finish (default: never)').optional(),
  down: z
    .array(
      z.strictObject({
        from: duration('start of the outage'),
        to: duration('end of the outage'),
        mode: z
          .enum(['drain', 'abrupt'])
          .default('drain')
          .describe('drain: jobs already here finish; abrupt: running jobs are killed (see retry) and queued ones go back to the dispatcher'),
      }),
    )
    .optional()
    .describe('outages: the dispatcher sends no job here in [from, to)'),
});

export const linkSchema = z.strictObject({
  between: z.tuple([id, id]).describe('the two site ids'),
  bandwidth: quantity(parseBandwidth, 'bandwidth per direction (bit/s, or "100Gbps")', { positive: true }),
  latency: duration('one-way latency; default: great-circle distance × routeFactor × fibre delay').optional(),
  routeFactor: z.number().min(1).max(100).optional(),
  capacity: z
    .array(
      z.strictObject({
        at: duration('time of the change'),
        bandwidth: quantity(parseBandwidth, 'bandwidth per direction from then on', { min: 0 }),
      }),
    )
    .default([])
    .describe('bandwidth changes over time (upgrades, a reserved share at night), in time order'),
  down: z
    .array(z.strictObject({ from: duration('start of the outage'), to: duration('end of the outage') }))
    .default([])
    .describe('outage windows [from, to): flows are rerouted, or wait when no other route exists'),
  energyPerGB: energy('network energy per GB carried in one direction (default: energy.transferPerGB)').optional(),
  failures: nodeFailures.optional().describe('random failures of the link (a fibre cut): up for a time from mtbf, down for one from mttr; default: the top-level failures.links'),
  sharing: z
    .enum(['shared', 'splitDuplex'])
    .optional()
    .describe("SimGrid's link sharing policy: shared (both directions share the bandwidth) or splitDuplex (each direction has it all); default splitDuplex under network.model maxmin, shared under cm02 and lv08"),
});

export const routeSchema = z.strictObject({
  between: z.tuple([id, id]).describe('the two end sites'),
  via: z.array(id).default([]).describe('intermediate sites, in order from the first end ([] = the direct link)'),
});

export const datasetSchema = z.strictObject({
  id: z.string().min(1),
  size: bytes('dataset size'),
  replicas: z.array(id).min(1, 'a dataset needs at least one replica site'),
});

const range = z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.number().int().min(0)])]);

/** Parameters of the Lublin–Feitelson (2003) model; every one defaults to the published value of `jobType`. */
export const lublinSchema = z.strictObject({
  jobType: z.enum(['all', 'batch', 'interactive']).default('all').describe('published parameter set: whole sample, batch or interactive jobs'),
  serialProb: z.number().min(0).max(1).optional().describe('share of serial (1-processor) jobs'),
  pow2Prob: z.number().min(0).max(1).optional().describe('share of parallel jobs whose size is a power of two'),
  uLow: z.number().min(0).optional().describe('two-stage uniform of log2(size): lower bound'),
  uMed: z.number().min(0).optional().describe('two-stage uniform: breakpoint (default uHi − the published uHi − uMed)'),
  uHi: z.number().min(0).optional().describe('two-stage uniform: upper bound, log2 of the largest job (published: 7 = 128 processors)'),
  uProb: z.number().min(0).max(1).optional().describe('two-stage uniform: probability of [uLow, uMed]'),
  a1: z.number().positive().optional(),
  b1: z.number().positive().optional(),
  a2: z.number().positive().optional(),
  b2: z.number().positive().optional(),
  pa: z.number().optional().describe('p = pa × size + pb: weight of the first gamma of ln(runtime)'),
  pb: z.number().optional(),
  maxLogRuntime: z.number().positive().default(12).describe('ln(runtime) above this is redrawn (published: 12, about 45 h)'),
  coresPerProcessor: positiveInt.default(1).describe('cores per model processor (the model sizes jobs in processors)'),
});

export const jobClassSchema = z.strictObject({
  name: z.string().min(1),
  model: z
    .enum(['custom', 'lublin', 'ai-training', 'ai-inference', 'analytics'])
    .default('custom')
    .describe('job model; custom = the keys below, the others fill them with documented defaults'),
  share: z.number().positive().default(1).describe('relative weight of the class within its source'),
  cores: range.optional().describe('cores per job: a number, or [min, max] drawn log-uniformly as powers of two'),
  gpus: range.optional().describe('GPUs per job: a number, or [min, max] (powers of two); 0 = CPU job'),
  coresPerGpu: positiveInt.optional().describe('GPU classes of a model: cores = GPUs × this (instead of drawing cores)'),
  runtime: z
    .strictObject({
      median: positiveDuration('median runtime at speed 1.0'),
      sigma: z.number().min(0).default(1).describe('σ of the lognormal runtime'),
      max: positiveDuration('runtime cap'),
    })
    .optional(),
  walltimeFactor: z.number().min(1).optional().describe('requested walltime = runtime × factor, rounded up to a minute (default 1.5)'),
  inputBytes: bytes('input staged in before the job').optional(),
  outputBytes: bytes('output staged back to the origin').optional(),
  deadline: positiveDuration('response-time target (submit to done), reported, for latency-sensitive classes').optional(),
  slack: duration('temporal shifting: the hub may hold the jobs this long for a cheaper or greener hour (with dispatch.shift), never past their deadline').optional(),
  maxLatency: duration('the job may run only at a centre whose route to its origin is at most this long (one way)').optional(),
  lublin: lublinSchema.optional().describe('parameters of model: lublin'),
  datasets: z.array(z.string().min(1)).optional().describe('catalogue datasets the jobs read (one drawn uniformly per job); replaces inputBytes'),
  gpuModels: z.array(z.string().min(1)).optional().describe('GPU models the jobs accept (partition gpuModel); default any'),
  minMemoryPerNode: bytes('minimum memory per node the jobs need').optional(),
  software: tags('software tags the jobs need (all offered by the partition)').optional(),
});

/** A daily or weekly profile: a built-in name, a list of relative weights, or a CSV column. */
const profileSchema = (what: string) =>
  z
    .union([
      z.string().min(1),
      z.array(z.number().min(0)).min(1),
      z.strictObject({ file: z.string().min(1).describe('CSV file, relative to the scenario file'), column: z.string().min(1) }),
    ])
    .describe(what);

/** How users estimate their runtimes (the requested walltime schedulers see). */
export const estimatesSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('factor') }).describe("each class's walltimeFactor × runtime, rounded up to a minute"),
  z.strictObject({ model: z.literal('exact') }).describe('walltime = runtime'),
  z
    .strictObject({
      model: z.literal('tsafrir'),
      max: positiveDuration('largest estimate allowed on the system (the most popular value)'),
      bins: z.number().int().min(2).max(100).default(20).describe('number of distinct estimate values'),
      maxShare: z.number().min(0).max(1).optional().describe('share of jobs estimating `max` (default from the model: 89 % minus the other head bins)'),
    })
    .describe('Tsafrir, Etsion & Feitelson (2005): a few popular round values, never below the runtime'),
]);

export const workloadSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('jobs'),
    name: z.string().optional(),
    file: z.string().min(1).describe('jobs CSV, relative to the scenario file'),
  }),
  z.strictObject({
    kind: z.literal('swf'),
    name: z.string().optional().describe('source name; default swf/<file>'),
    file: z.string().min(1).describe('SWF trace (.swf or .swf.gz, Parallel Workloads Archive format), relative to the scenario file'),
    origin: id.describe("site of the trace's users (and of their data unless dataSite is given)"),
    dataSite: id.optional(),
    class: z.string().min(1).default('hpc').describe('job class of every trace job'),
    first: positiveInt.optional().describe('use only the first N jobs of the trace (after conversion)'),
    offset: duration('added to every submit time (the trace starts at its own time 0)').default(0),
    timeScale: z.number().positive().default(1).describe('submit times (before offset) are multiplied by this: < 1 compresses the trace (more load)'),
    sizeScale: z.number().positive().default(1).describe('cores per trace processor'),
  }),
  z.strictObject({
    kind: z.literal('batsim'),
    name: z.string().optional().describe('source name; default batsim/<file>'),
    file: z.string().min(1).describe('Batsim JSON workload (nb_res, jobs, profiles), relative to the scenario file'),
    origin: id.describe("site of the workload's users (and of their data unless dataSite is given)"),
    dataSite: id.optional(),
    class: z.string().min(1).default('hpc').describe('job class of every job'),
    first: positiveInt.optional().describe('use only the first N jobs (after conversion, in submission order)'),
    offset: duration('added to every submit time (the workload starts at its own time 0)').default(0),
    timeScale: z.number().positive().default(1).describe('submit times (before offset) are multiplied by this: < 1 compresses the workload (more load)'),
    sizeScale: z.number().positive().default(1).describe('cores per Batsim resource'),
  }),
  z.strictObject({
    kind: z.literal('sacct'),
    name: z.string().optional().describe('source name; default sacct/<file>'),
    file: z.string().min(1).describe('Slurm `sacct --parsable2` output with its header line, relative to the scenario file'),
    origin: id.describe("site of the cluster's users (and of their data unless dataSite is given)"),
    dataSite: id.optional(),
    class: z.string().min(1).default('hpc').describe('job class of every job (see classFromPartition)'),
    classFromPartition: z.boolean().default(false).describe('job class := the Partition column (jobs with an empty partition keep `class`)'),
    partitions: z.array(z.string().min(1)).min(1).optional().describe('keep only jobs of these partitions (default: all)'),
    first: positiveInt.optional().describe('use only the first N jobs (after conversion, in submission order)'),
    offset: duration('added to every submit time (time 0 = the earliest Submit of the kept jobs)').default(0),
    timeScale: z.number().positive().default(1).describe('submit times (before offset) are multiplied by this: < 1 compresses the workload (more load)'),
  }),
  z.strictObject({
    kind: z.literal('poisson'),
    name: z.string().optional().describe('stream name; default poisson/<origin>'),
    origin: id,
    dataSite: id.optional(),
    rate: quantity(parseRate, 'mean arrivals (per second, or "120/h")', { positive: true }),
    start: duration('first possible arrival').default(0),
    end: duration('no arrivals after this (default: horizon)').optional(),
    daily: profileSchema('arrival rate by time of day (time 0 = 00:00 China Standard Time): taihulight, lublin, flat, a list of weights for equal slices of the day, or {file, column}').optional(),
    weekly: profileSchema('arrival rate by day of week (time 0 = a Monday): taihulight (weekday:weekend 2:1), flat, or 7 weights').optional(),
    growth: z.number().positive().default(1).describe('rate at `end` ÷ rate at `start` (linear in between)'),
    estimates: estimatesSchema.optional().describe('user runtime estimates (default: each class walltimeFactor)'),
    classes: z.array(jobClassSchema).min(1),
  }),
]);

export const scenarioSchema = z.strictObject({
  extends: z.string().min(1).optional().describe('parent scenario file (relative to this file): this file\'s keys deep-merge over it'),
  overrides: z.record(z.string(), z.unknown()).optional().describe('path: value pairs applied after merging (the --set path syntax)'),
  version: z.literal(1),
  name: id,
  description: z.string().default(''),
  seed: z.number().int().min(0).default(1),
  horizon: positiveDuration('no submissions after this').optional(),
  failures: z
    .strictObject({
      cpu: nodeFailures.optional().describe('node failures of every CPU partition without failures of its own'),
      gpu: nodeFailures.optional().describe('node failures of every GPU partition without failures of its own'),
      links: nodeFailures.optional().describe('failures of every link without failures of its own'),
    })
    .optional()
    .describe('node failures by device family (a partition with `failures` of its own keeps them)'),
  checkpoint: z
    .record(
      z.string().min(1),
      z.strictObject({
        interval: z
          .union([z.literal('young-daly'), positiveDuration('work between two checkpoints')])
          .describe('work between checkpoints, or young-daly: √(2 × overhead × M) − overhead with M the mean time between failures of the job\'s nodes'),
        overhead: duration('wall time to write one checkpoint'),
      })
      // Young/Daly's interval is √(2 × overhead × M) − overhead: a free checkpoint would be taken after every instant of work.
      .refine((c) => c.interval !== 'young-daly' || c.overhead > 0, { message: 'young-daly needs an overhead > 0 (the interval is √(2 × overhead × M) − overhead); give a fixed interval for free checkpoints', path: ['overhead'] }),
    )
    .default({})
    .describe('checkpointing by job class (`*`: every other class): a job killed by a failure restarts from its last checkpoint'),
  retry: z
    .strictObject({
      policy: z
        .enum(['requeue', 'redispatch', 'none'])
        .default('redispatch')
        .describe('a job a failure kills: back in the same queue (requeue), back to the national dispatcher (redispatch), or failed (none)'),
      maxAttempts: z.number().int().min(1).default(3).describe('starts a job may have in all; killed on its last, it fails'),
      delay: duration('time from the kill to the job going back').default(0),
    })
    .default({ policy: 'redispatch', maxAttempts: 3, delay: 0 })
    .describe('what happens to jobs killed by failures (abrupt outages)'),
  sites: z.array(siteSchema).default([]),
  regions: z.array(regionSchema).default([]),
  centres: z.array(centreSchema).min(1),
  links: z.array(linkSchema).default([]),
  routes: z.array(routeSchema).default([]).describe('routes given per site pair (default: shortest by latency)'),
  datasets: z.array(datasetSchema).default([]).describe('dataset catalogue'),
  network: z
    .strictObject({
      routeFactor: z.number().min(1).max(100).default(1.4).describe('fibre route length / great-circle distance'),
      fibreDelayPerKm: duration('propagation delay per km of fibre').default(5e-6),
      flowCap: quantity(parseBandwidth, 'largest rate of one transfer (a single stream), default none', { positive: true }).optional(),
      model: z
        .enum(['maxmin', 'cm02', 'lv08'])
        .default('maxmin')
        .describe("flow model: maxmin (latency, then max-min fair sharing), or SimGrid 3.32's TCP models cm02 and lv08 (scenarios/README.md)"),
      tcpGamma: bytes('cm02/lv08: TCP window; the rate of a flow ≤ tcpGamma / (2 × route latency); 0 = no window bound; default 4MiB (SimGrid network/TCP-gamma)').optional(),
      crossTraffic: z.boolean().optional().describe('cm02/lv08: a flow also loads its back route with 5 % of its rate; default true (SimGrid network/crosstraffic)'),
      latencyFactor: z.number().min(0).optional().describe('cm02/lv08: multiplies the route latency a transfer waits; default 1 (cm02), 13.01 (lv08)'),
      bandwidthFactor: z.number().gt(0).optional().describe('cm02/lv08: multiplies the capacity of every link; default 1 (cm02), 0.97 (lv08)'),
      weightS: bytes('cm02/lv08: the sharing penalty of a flow adds weightS / bandwidth of each link of its route; default 0 (cm02), 20537 (lv08)').optional(),
    })
    .default({ routeFactor: 1.4, fibreDelayPerKm: 5e-6, model: 'maxmin' }),
  dispatch: z
    .strictObject({
      policy: z.string().optional().describe('built-in dispatch policy (see `cnsim policies`); default least-loaded'),
      module: z.string().min(1).optional().describe('plug-in module exporting a dispatch policy, relative to the scenario file (instead of `policy`)'),
      options: z.record(z.string(), z.unknown()).default({}).describe('policy options'),
      latency: duration('delay from submission to the dispatch decision').default(0),
      infoPeriod: duration('refresh period of the dispatcher view (0 = live)').default(60),
      infoDelay: duration('age of the view when published').default(0),
      batchInterval: duration('dispatch ready jobs together every this long (0 = each job as it is ready)').default(0),
      countOwnDecisions: z.boolean().default(true).describe('the view includes the jobs the dispatcher sent since it was taken'),
      shift: z
        .enum(['none', 'price', 'carbon'])
        .default('none')
        .describe('temporal shifting of jobs with slack: hold each until the hour of least price or carbon within its slack'),
      retry: z
        .strictObject({
          backoff: positiveDuration('wait before dispatching a refused job again'),
          maxAttempts: positiveInt.max(255).default(3).describe('dispatch attempts before the job is rejected'),
        })
        .optional()
        .describe('re-dispatch of jobs refused by a full queue (default: rejected at once)'),
      down: z
        .array(z.strictObject({ from: duration('start of the outage'), to: duration('end of the outage') }))
        .default([])
        .describe('outages of the national dispatcher itself, in time order: no decision in [from, to)'),
      fallback: z
        .enum(['hold', 'origin'])
        .default('hold')
        .describe('while the dispatcher is down: hold the jobs until it is back, or send each to a centre at its origin site (held if there is none)'),
    })
    .default({ options: {}, latency: 0, infoPeriod: 60, infoDelay: 0, batchInterval: 0, countOwnDecisions: true, shift: 'none', down: [], fallback: 'hold' }),
  speeds: z
    .record(z.string().min(1), z.record(z.string().min(1), z.number().positive()))
    .default({})
    .describe('job class (or "*") → device model (gpuModel, else cpuModel) → relative speed, replacing the partition speed'),
  workload: z.array(workloadSchema).default([]),
  demand: z
    .strictObject({
      scale: z.number().positive().default(1).describe('multiplies the rate of every generator source'),
      classScale: z.record(z.string(), z.number().min(0)).default({}).describe('class name: factor on that class\'s rate in every generator source'),
      classSlack: z
        .record(z.string(), duration('temporal-shifting slack'))
        .default({})
        .describe('class name: temporal-shifting slack given to that class in every generator source (replaces the class `slack`)'),
    })
    .optional()
    .describe('what-if knobs on generated demand (applied after the sources are read)'),
  energy: z
    .strictObject({
      accounting: z.boolean().default(true).describe('account energy, cost and carbon per job, centre, window and region'),
      startMonth: z.number().int().min(1).max(12).default(1).describe('calendar month of time 0 (for monthly PUE)'),
      transferPerGB: energy('network energy per GB per link crossed (0 = not counted)').default(0),
      timeOfUse: slots(24, HOUR_SLOT, z.number().min(0))
        .optional()
        .describe('what-if: 24 hourly factors multiplying every region\'s price (a time-of-use tariff everywhere; factors with mean 1 keep the daily mean price)'),
    })
    .default({ accounting: true, startMonth: 1, transferPerGB: 0 }),
  report: z
    .strictObject({ utilizationWindow: positiveDuration('window of utilization.csv').default(3600) })
    .default({ utilizationWindow: 3600 }),
  sweep: sweepSchema.optional().describe('sweep definition for `cnsim sweep` (axes over scenario paths); `cnsim run` ignores it'),
});

/** The scenario as written (after unit conversion and defaults, before cross-reference checks). */
export type ScenarioInput = z.output<typeof scenarioSchema>;

import { z } from 'zod';
import { sweepSchema } from './sweep-schema.js';
import { parseBandwidth, parseBytes, parseDuration, parsePower, parseRate, type UnitResult } from './units.js';

/** A zod type for a quantity with a unit string, converted to SI; documented in the JSON Schema. */
function quantity(parse: (v: unknown) => UnitResult, description: string, check?: { min?: number; positive?: boolean }) {
  return z
    .union([z.number(), z.string()])
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
      return r.value;
    });
}

const duration = (d: string) => quantity(parseDuration, `${d} (seconds, or "12ms", "2h", "7d")`, { min: 0 });
const positiveDuration = (d: string) => quantity(parseDuration, `${d} (seconds, or "12ms", "2h", "7d")`, { positive: true });
const bytes = (d: string) => quantity(parseBytes, `${d} (bytes, or "3TB", "256GB", "2GiB")`, { min: 0 });
const power = (d: string) => quantity(parsePower, `${d} (watts, or "350W", "6.5kW")`, { min: 0 });
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected an id of letters, digits, "_", "." or "-"');
const positiveInt = z.number().int().positive();

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
});

export const regionSchema = z.strictObject({
  id: z.string().min(1),
  priceCnyPerKWh: z.number().min(0).default(0),
  carbonGPerKWh: z.number().min(0).default(0),
  pue: z.number().min(1).default(1),
});

export const partitionSchema = z.strictObject({
  id,
  nodes: positiveInt.describe('number of identical nodes'),
  coresPerNode: positiveInt.default(1),
  gpusPerNode: z.number().int().min(0).default(0),
  gpuModel: z.string().default(''),
  memoryPerNode: bytes('memory per node').default(0),
  speed: z.number().positive().default(1).describe('relative speed: runtime here = reference runtime / speed'),
  idlePowerPerNode: power('idle power per node').default(0),
  peakPowerPerNode: power('power per busy node').default(0),
});

export const centreSchema = z.strictObject({
  id,
  name: z.string().optional(),
  site: id.optional().describe('site id (declared in `sites`, or created here from lat/lon); default: the centre id'),
  region: z.string().optional(),
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  estimate: z.boolean().default(false).describe('true when a capacity or power figure is an estimate'),
  notes: z.string().default(''),
  partitions: z.array(partitionSchema).min(1),
  queue: policyRef('fcfs').default({ policy: 'fcfs', options: {} }),
});

export const linkSchema = z.strictObject({
  between: z.tuple([id, id]).describe('the two site ids'),
  bandwidth: quantity(parseBandwidth, 'bandwidth per direction (bit/s, or "100Gbps")', { positive: true }),
  latency: duration('one-way latency; default: great-circle distance × routeFactor × fibre delay').optional(),
  routeFactor: z.number().min(1).optional(),
});

const range = z.union([z.number().int().min(0), z.tuple([z.number().int().min(0), z.number().int().min(0)])]);

export const jobClassSchema = z.strictObject({
  name: z.string().min(1),
  share: z.number().positive().default(1).describe('relative weight of the class within its source'),
  cores: range.describe('cores per job: a number, or [min, max] drawn log-uniformly as powers of two'),
  gpus: range.default(0).describe('GPUs per job: a number, or [min, max] (powers of two); 0 = CPU job'),
  runtime: z.strictObject({
    median: positiveDuration('median runtime at speed 1.0'),
    sigma: z.number().min(0).default(1).describe('σ of the lognormal runtime'),
    max: positiveDuration('runtime cap'),
  }),
  walltimeFactor: z.number().min(1).default(1.5).describe('requested walltime = runtime × factor, rounded up to a minute'),
  inputBytes: bytes('input staged in before the job').default(0),
  outputBytes: bytes('output staged back to the origin').default(0),
});

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
  }),
  z.strictObject({
    kind: z.literal('poisson'),
    name: z.string().optional().describe('stream name; default poisson/<origin>'),
    origin: id,
    dataSite: id.optional(),
    rate: quantity(parseRate, 'mean arrivals (per second, or "120/h")', { positive: true }),
    start: duration('first possible arrival').default(0),
    end: duration('no arrivals after this (default: horizon)').optional(),
    classes: z.array(jobClassSchema).min(1),
  }),
]);

export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  name: id,
  description: z.string().default(''),
  seed: z.number().int().min(0).default(1),
  horizon: positiveDuration('no submissions after this').optional(),
  sites: z.array(siteSchema).default([]),
  regions: z.array(regionSchema).default([]),
  centres: z.array(centreSchema).min(1),
  links: z.array(linkSchema).default([]),
  network: z
    .strictObject({
      routeFactor: z.number().min(1).default(1.4).describe('fibre route length / great-circle distance'),
      fibreDelayPerKm: duration('propagation delay per km of fibre').default(5e-6),
    })
    .default({ routeFactor: 1.4, fibreDelayPerKm: 5e-6 }),
  dispatch: policyRef('least-loaded')
    .extend({
      latency: duration('delay from submission to the dispatch decision').default(0),
      infoPeriod: duration('refresh period of the dispatcher view (0 = live)').default(60),
      infoDelay: duration('age of the view when published').default(0),
    })
    .default({ policy: 'least-loaded', options: {}, latency: 0, infoPeriod: 60, infoDelay: 0 }),
  workload: z.array(workloadSchema).default([]),
  report: z
    .strictObject({ utilizationWindow: positiveDuration('window of utilization.csv').default(3600) })
    .default({ utilizationWindow: 3600 }),
  sweep: sweepSchema.optional().describe('sweep definition for `cnsim sweep` (axes over scenario paths); `cnsim run` ignores it'),
});

/** The scenario as written (after unit conversion and defaults, before cross-reference checks). */
export type ScenarioInput = z.output<typeof scenarioSchema>;

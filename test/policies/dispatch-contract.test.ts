import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobSpec } from '../../src/model/job.js';
import type { Partition } from '../../src/model/partition.js';
import type { DispatchPolicyDefinition } from '../../src/policies/define-policy.js';
import type { CandidateView, DispatchPolicy } from '../../src/policies/dispatch-policy.js';
import { DISPATCH_POLICIES, findQueuePolicy } from '../../src/policies/registry.js';
import { loadDispatchPlugin } from '../../src/runner/load-plugin.js';
import type { PartitionState } from '../../src/sim/partition-state.js';
import { type PolicyResolver, Simulation } from '../../src/sim/simulation.js';
import { statusLabel } from '../../src/report/job-metrics.js';
import { checkInvariants } from '../invariants.js';
import { job, scenarioFrom } from '../helpers.js';

const EXAMPLE_PLUGIN = join(import.meta.dirname, '..', '..', 'examples', 'dispatch-plugin.mjs');

/**
 * The eligibility rules restated from scenarios/README.md (partition `gpuModel`, `memoryPerNode`,
 * `software`; a GPU job only on GPU partitions, a CPU job only on CPU partitions; whole nodes),
 * independently of the engine's `failedCheck`, so that a bug there cannot hide here.
 */
function eligible(p: Partition, j: JobSpec): boolean {
  const gpuPartition = p.gpusPerNode > 0;
  if ((j.gpus > 0) !== gpuPartition) return false;
  if ((j.gpuModels ?? []).length > 0 && !(j.gpuModels ?? []).some((m) => m === p.gpuModel)) return false;
  if ((j.minMemoryPerNodeBytes ?? 0) > p.memoryPerNodeBytes) return false;
  for (const tag of j.software ?? []) if (p.software.indexOf(tag) < 0) return false;
  let nodes = 1;
  while (nodes * p.coresPerNode < j.cores || (gpuPartition && nodes * p.gpusPerNode < j.gpus)) nodes++;
  return nodes <= p.nodes;
}

/** Every field of a candidate view: a policy may read these and nothing else. */
const VIEW_FIELDS = new Set<string>([
  'index', 'centre', 'partition', 'centreId', 'partitionId', 'siteId', 'gpuModel', 'cpuModel', 'totalNodes', 'nodesNeeded',
  'speed', 'walltimeS', 'freeNodes', 'runningNodes', 'runningNodeSeconds', 'queuedJobs', 'queuedNodes', 'queuedNodeSeconds',
  'maxQueuedJobs', 'expectedWaitS', 'stageInS', 'bytesToMove', 'originLatencyS', 'viewTakenS', 'powerW', 'energyKWh', 'costCny',
  'co2Kg',
] satisfies (keyof CandidateView)[]);
/** What a policy may read of a job: the submission without its actual runtime. */
const JOB_FIELDS = new Set<string>([
  'id', 'submitS', 'origin', 'jobClass', 'cores', 'gpus', 'walltimeS', 'inputBytes', 'outputBytes', 'dataSite', 'gpuModels',
  'minMemoryPerNodeBytes', 'software',
]);

/** A read-only proxy that fails the test on any read outside `allowed` and on any write. */
function guard<T extends object>(target: T, allowed: ReadonlySet<string>, what: string, reads: Set<string>): T {
  return new Proxy(target, {
    get(t, key, receiver) {
      if (typeof key === 'string' && !allowed.has(key)) throw new Error(`policy read ${what}.${key}, which is not part of its view`);
      if (typeof key === 'string') reads.add(`${what}.${key}`);
      return Reflect.get(t, key, receiver);
    },
    set(_t, key) {
      throw new Error(`policy wrote ${what}.${String(key)}`);
    },
    defineProperty(_t, key) {
      throw new Error(`policy defined ${what}.${String(key)}`);
    },
    deleteProperty(_t, key) {
      throw new Error(`policy deleted ${what}.${String(key)}`);
    },
  });
}

/**
 * The policy as the engine calls it, with its view guarded: copies of the candidates behind
 * read-only proxies (so a policy cannot reach the pooled engine objects), the job without its
 * runtime, and a check that the list is never empty and the answer is always in range.
 */
function guarded(definition: DispatchPolicyDefinition, log: { calls: number; reads: Set<string> }): DispatchPolicyDefinition {
  return {
    ...definition,
    instantiate(options, context) {
      const inner: DispatchPolicy = definition.instantiate(options, context);
      return {
        ...(inner.needsEnergy === undefined ? {} : { needsEnergy: inner.needsEnergy }),
        choose(spec, candidates, nowS) {
          log.calls++;
          expect(candidates.length).toBeGreaterThan(0);
          if (inner.needsEnergy === true) for (const c of candidates) expect(Number.isFinite(c.costCny) && Number.isFinite(c.co2Kg)).toBe(true);
          const views = Object.freeze(candidates.map((c) => guard({ ...c }, VIEW_FIELDS, 'candidate', log.reads)));
          const choice = inner.choose(guard({ ...spec }, JOB_FIELDS, 'job', log.reads), views, nowS);
          expect(Number.isInteger(choice) && choice >= 0 && choice < candidates.length).toBe(true);
          return choice;
        },
      };
    },
  };
}

// Four centres at three sites, CPU and GPU partitions of different models, memory and software.
const scenario = (policy: string, options: Record<string, unknown> = {}) =>
  scenarioFrom({
    sites: [
      { id: 'A', lat: 30, lon: 120 },
      { id: 'B', lat: 34, lon: 113 },
      { id: 'C', lat: 30, lon: 104 },
    ],
    centres: [
      {
        id: 'CA',
        site: 'A',
        software: ['gromacs'],
        partitions: [
          { id: 'cpu', nodes: 8, coresPerNode: 64, memoryPerNode: '256GB', cpuModel: 'EPYC' },
          { id: 'gpu', nodes: 4, coresPerNode: 64, gpusPerNode: 8, gpuModel: 'A100', memoryPerNode: '1TB' },
        ],
      },
      { id: 'CB', site: 'B', partitions: [{ id: 'npu', nodes: 6, coresPerNode: 192, gpusPerNode: 8, gpuModel: 'Ascend910', memoryPerNode: '512GB', software: ['mindspore'] }] },
      { id: 'CB2', site: 'B', partitions: [{ id: 'cpu', nodes: 16, coresPerNode: 32, memoryPerNode: '128GB', speed: 0.8 }] },
      { id: 'CC', site: 'C', software: ['gromacs', 'mindspore'], partitions: [{ id: 'cpu', nodes: 4, coresPerNode: 64, memoryPerNode: '512GB' }] },
    ],
    links: [
      { between: ['A', 'B'], bandwidth: '10Gbps' },
      { between: ['B', 'C'], bandwidth: '10Gbps' },
    ],
    speeds: { 'ai-training': { Ascend910: 0.7 } },
    dispatch: { policy, options, infoPeriod: '60s' },
  });

/** A mixed workload with constraints; the last few fit nowhere. */
function workload(): JobSpec[] {
  const jobs: JobSpec[] = [];
  const origins = ['A', 'B', 'C'];
  for (let i = 0; i < 120; i++) {
    const origin = origins[i % 3] as string;
    const t = i * 7;
    const kind = i % 6;
    if (kind === 0) jobs.push(job(`cpu${i}`, { submitS: t, cores: 64 * (1 + (i % 4)), runtimeS: 300 + (i % 5) * 100, walltimeS: 900, origin, inputBytes: 1e9, outputBytes: 1e8 }));
    else if (kind === 1) jobs.push(job(`gpu${i}`, { submitS: t, cores: 8, gpus: 8, runtimeS: 600, walltimeS: 1200, origin, jobClass: 'ai-training' }));
    else if (kind === 2) jobs.push(job(`a100-${i}`, { submitS: t, cores: 8, gpus: 4, runtimeS: 200, walltimeS: 400, origin, gpuModels: ['A100'] }));
    else if (kind === 3) jobs.push(job(`mem${i}`, { submitS: t, cores: 32, runtimeS: 200, walltimeS: 400, origin, minMemoryPerNodeBytes: 300e9 }));
    else if (kind === 4) jobs.push(job(`sw${i}`, { submitS: t, cores: 16, runtimeS: 100, walltimeS: 300, origin, software: ['gromacs'] }));
    else jobs.push(job(`ms${i}`, { submitS: t, cores: 8, gpus: 2, runtimeS: 100, walltimeS: 300, origin, software: ['mindspore'] }));
  }
  jobs.push(job('too-big', { submitS: 900, cores: 10_000, runtimeS: 10 }));
  jobs.push(job('no-h100', { submitS: 901, cores: 8, gpus: 8, runtimeS: 10, gpuModels: ['H100'] }));
  jobs.push(job('no-memory', { submitS: 902, cores: 8, runtimeS: 10, minMemoryPerNodeBytes: 2e12 }));
  jobs.push(job('no-software', { submitS: 903, cores: 8, runtimeS: 10, software: ['vasp'] }));
  return jobs;
}

const plugin = { definition: undefined as DispatchPolicyDefinition | undefined };
beforeAll(async () => {
  plugin.definition = await loadDispatchPlugin(EXAMPLE_PLUGIN, {});
});

const cases: [string, () => DispatchPolicyDefinition][] = [
  ...DISPATCH_POLICIES.map((p): [string, () => DispatchPolicyDefinition] => [p.name, () => p]),
  ['example plug-in (examples/dispatch-plugin.mjs)', () => plugin.definition as DispatchPolicyDefinition],
];

describe.each(cases)('dispatch policy %s', (_name, definition) => {
  const run = (seed: number, log = { calls: 0, reads: new Set<string>() }) => {
    const d = definition();
    const resolver: PolicyResolver = { queue: findQueuePolicy, dispatch: () => guarded(d, log) };
    return new Simulation(scenario(d.name === 'fastest-device' ? 'least-loaded' : d.name), workload(), resolver, { seed }).run();
  };

  it('is deterministic for a seed: the same run twice sends every job to the same partition', () => {
    const a = run(7).jobs.map((j) => j.partition);
    const b = run(7).jobs.map((j) => j.partition);
    expect(a).toEqual(b);
  });

  it('never picks an ineligible partition (kind, GPU model, memory, software, size), and the run keeps every invariant', () => {
    const result = run(7);
    const wrong = result.jobs.filter((j) => j.partition >= 0 && !eligible((result.partitions[j.partition] as PartitionState).spec, j.spec));
    // And each rejected job had no eligible partition anywhere.
    const rejectedWithRoom = result.jobs.filter((j) => statusLabel(j) === 'rejected' && result.partitions.some((p) => eligible(p.spec, j.spec)));
    expect(rejectedWithRoom.map((j) => j.spec.id)).toEqual([]);
    expect(wrong.map((j) => `${j.spec.id} on ${result.partitions[j.partition]?.label}`)).toEqual([]);
    expect(checkInvariants(result)).toEqual([]);
    expect(result.jobs.filter((j) => j.spec.gpus > 0).every((j) => statusLabel(j) === 'rejected' || (result.partitions[j.partition]?.spec.gpusPerNode ?? 0) > 0)).toBe(true);
  });

  it('handles a view where no centre fits: the job is rejected with the failed constraint, the policy is not asked', () => {
    const log = { calls: 0, reads: new Set<string>() };
    const result = run(7, log);
    const reasons = Object.fromEntries(result.jobs.filter((j) => statusLabel(j) === 'rejected').map((j) => [j.spec.id, j.rejectReason]));
    expect(reasons).toEqual({
      'too-big': 'no partition large enough (10000 cores, 0 GPUs)',
      'no-h100': 'no partition with GPU model H100 (8 cores, 8 GPUs)',
      'no-memory': 'no partition with memory per node ≥ 2000000000000 bytes (8 cores, 0 GPUs)',
      'no-software': 'no partition offering software vasp (8 cores, 0 GPUs)',
    });
    expect(log.calls).toBe(result.jobs.length - 4);
    expect([...result.rejections.values()].reduce((a, b) => a + b, 0)).toBe(4);
  });

  it('never reads engine state outside its view (job runtime included) and never writes to it', () => {
    const log = { calls: 0, reads: new Set<string>() };
    // The guard throws on a read outside the view; the engine wraps it as a decision error.
    expect(() => run(7, log)).not.toThrow();
    expect([...log.reads].some((r) => r === 'job.runtimeS')).toBe(false);
  });
});

describe('random dispatch', () => {
  it('draws from its own seeded stream: another seed gives another assignment', () => {
    const resolver: PolicyResolver = { queue: findQueuePolicy, dispatch: (n) => DISPATCH_POLICIES.find((p) => p.name === n) };
    const a = new Simulation(scenario('random'), workload(), resolver, { seed: 1 }).run().jobs.map((j) => j.partition);
    const b = new Simulation(scenario('random'), workload(), resolver, { seed: 2 }).run().jobs.map((j) => j.partition);
    expect(a).not.toEqual(b);
  });
});

describe('the contract guard', () => {
  it('catches a policy that reads the job runtime (outside its view)', async () => {
    const { definePolicy } = await import('../../src/policies/define-policy.js');
    const { z } = await import('zod');
    const peeking = definePolicy({
      kind: 'dispatch',
      name: 'peeking',
      summary: 'reads the actual runtime',
      options: z.object({}),
      optionDocs: {},
      create: () => ({ choose: (j) => ((j as JobSpec).runtimeS > 0 ? 0 : 0) }),
    });
    const log = { calls: 0, reads: new Set<string>() };
    const resolver: PolicyResolver = { queue: findQueuePolicy, dispatch: () => guarded(peeking, log) };
    expect(() => new Simulation(scenario('least-loaded'), workload(), resolver).run()).toThrow(/threw while dispatching job cpu0 .*job\.runtimeS/);
  });
});

import type { DurationDistribution } from './duration-distribution.js';
/** A pool of identical nodes inside a centre. */
export interface Partition {
  readonly id: string;
  readonly nodes: number;
  readonly coresPerNode: number;
  readonly gpusPerNode: number;
  /** Accelerator family (`A100`, `Ascend910`, ...), '' when the partition has no GPUs. */
  readonly gpuModel: string;
  /** CPU model (`EPYC-7763`, `SW26010`, ...), '' when not given; a key of the speed table. */
  readonly cpuModel: string;
  readonly memoryPerNodeBytes: number;
  /** Relative speed: runtime here = reference runtime / speed. */
  readonly speed: number;
  /** Power of one node without its GPUs (CPUs, memory, network), idle and with every core busy, W. */
  readonly idlePowerPerNodeW: number;
  readonly peakPowerPerNodeW: number;
  /** Power of all the GPUs of one node together, idle and with every GPU busy, W (0 without GPUs). */
  readonly gpuIdlePowerPerNodeW: number;
  readonly gpuPeakPowerPerNodeW: number;
  /** Idle nodes power off after a while (absent: they stay on). */
  readonly powerOff?: PowerOff;
  /** Random node failures: each node fails after a time drawn from `mtbf` and is repaired after one from `mttr` (absent: none). */
  readonly failures?: { readonly mtbf: DurationDistribution; readonly mttr: DurationDistribution };
  /** Node failures from a trace instead: each node's unavailability windows, by node then time (absent: none). */
  readonly failureTrace?: readonly { readonly node: number; readonly fromS: number; readonly toS: number }[];
  /** Software stack tags this partition offers (its own plus its centre's), sorted. */
  readonly software: readonly string[];
  /** Most jobs the partition accepts waiting (sent and not started); Infinity = no limit. */
  readonly maxQueuedJobs: number;
}

/** Power-off of idle nodes: an idle node switches off, and a job that needs it waits for it to boot. */
export interface PowerOff {
  /** A node idle this long switches off, seconds. */
  readonly afterS: number;
  /** Boot time of a switched-off node: the job that needs it starts this much later, seconds. */
  readonly wakeUpS: number;
  /** Energy one node draws to boot, J (charged to the job that woke it). */
  readonly wakeUpEnergyJ: number;
  /** Power of a switched-off node (BMC, fans), W. */
  readonly offPowerW: number;
}

/** Power of one idle, switched-on node (with its GPUs), W. */
export function nodeIdlePowerW(p: Partition): number {
  return p.idlePowerPerNodeW + p.gpuIdlePowerPerNodeW;
}

/**
 * IT power of a job while it runs on a partition, W: the idle power of its nodes (allocated
 * whole) plus, linear in the busy share of their cores and GPUs, the rest up to peak. The
 * busy share of a node is the job's cores ÷ (nodes × cores per node), and the same for GPUs.
 */
export function jobPowerW(p: Partition, nodes: number, cores: number, gpus: number): number {
  let w = nodes * nodeIdlePowerW(p);
  w += (p.peakPowerPerNodeW - p.idlePowerPerNodeW) * Math.min(cores / p.coresPerNode, nodes);
  if (p.gpusPerNode > 0) w += (p.gpuPeakPowerPerNodeW - p.gpuIdlePowerPerNodeW) * Math.min(gpus / p.gpusPerNode, nodes);
  return w;
}

/** The constraints a job places on a partition, beyond its size (all optional). */
export interface JobConstraints {
  readonly cores: number;
  readonly gpus: number;
  /** Accepted GPU models; empty or absent = any. */
  readonly gpuModels?: readonly string[];
  /** Minimum memory per node, bytes; absent or 0 = any. */
  readonly minMemoryPerNodeBytes?: number;
  /** Software tags the partition must offer (all of them). */
  readonly software?: readonly string[];
}

/**
 * The eligibility checks in the order the dispatcher applies them; a rejection names the last
 * check that some partition passed (the closest the job came to running).
 */
export const ELIGIBILITY_CHECKS = ['kind', 'gpu-model', 'memory', 'software', 'size'] as const;
export type EligibilityCheck = (typeof ELIGIBILITY_CHECKS)[number];

/** The first check a job fails on a partition, or null when it can run there. */
export function failedCheck(partition: Partition, job: JobConstraints): EligibilityCheck | null {
  if (job.gpus > 0 !== partition.gpusPerNode > 0) return 'kind';
  if (!meetsConstraints(partition, job)) {
    if (job.gpuModels !== undefined && job.gpuModels.length > 0 && !job.gpuModels.includes(partition.gpuModel)) return 'gpu-model';
    if ((job.minMemoryPerNodeBytes ?? 0) > partition.memoryPerNodeBytes) return 'memory';
    return 'software';
  }
  if (nodesNeeded(partition, job.cores, job.gpus) > partition.nodes) return 'size';
  return null;
}

/** Whether a job places any GPU-model, memory or software constraint (a key set, even if empty). */
export function hasConstraints(job: JobConstraints): boolean {
  return job.gpuModels !== undefined || job.minMemoryPerNodeBytes !== undefined || job.software !== undefined;
}

/**
 * Whether a partition meets a job's GPU-model, memory and software constraints (not its size
 * or kind). A partition whose memory is not given (0) fails any memory constraint.
 */
export function meetsConstraints(partition: Partition, job: JobConstraints): boolean {
  const models = job.gpuModels;
  if (models !== undefined && models.length > 0 && !models.includes(partition.gpuModel)) return false;
  if ((job.minMemoryPerNodeBytes ?? 0) > partition.memoryPerNodeBytes) return false;
  const tags = job.software;
  if (tags !== undefined) for (const tag of tags) if (!partition.software.includes(tag)) return false;
  return true;
}

/**
 * Whole nodes a job occupies on a partition: enough nodes for its cores and for its GPUs
 * (nodes are allocated exclusively, as on most supercomputers), at least one.
 */
export function nodesNeeded(partition: Partition, cores: number, gpus: number): number {
  const forCores = Math.ceil(cores / partition.coresPerNode);
  const forGpus = partition.gpusPerNode > 0 ? Math.ceil(gpus / partition.gpusPerNode) : 0;
  return Math.max(1, forCores, forGpus);
}

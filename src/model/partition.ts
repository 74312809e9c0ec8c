/** A pool of identical nodes inside a centre. */
export interface Partition {
  readonly id: string;
  readonly nodes: number;
  readonly coresPerNode: number;
  readonly gpusPerNode: number;
  /** Accelerator family (`A100`, `Ascend910`, ...), '' when the partition has no GPUs. */
  readonly gpuModel: string;
  readonly memoryPerNodeBytes: number;
  /** Relative speed: runtime here = reference runtime / speed. */
  readonly speed: number;
  readonly idlePowerPerNodeW: number;
  readonly peakPowerPerNodeW: number;
}

/** Why a job cannot run on a partition, or null when it can. */
export function ineligibilityReason(partition: Partition, cores: number, gpus: number): string | null {
  if (gpus > 0 && partition.gpusPerNode === 0) return 'needs GPUs, partition has none';
  if (gpus === 0 && partition.gpusPerNode > 0) return 'CPU job, partition is a GPU partition';
  const nodes = nodesNeeded(partition, cores, gpus);
  if (nodes > partition.nodes) return `needs ${nodes} nodes, partition has ${partition.nodes}`;
  return null;
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

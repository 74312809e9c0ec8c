import { InputError } from '../model/input-error.js';

/** Shard `index` of `count`: it runs the runs whose position p has p mod count = index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `I/N` (0 ≤ I < N), e.g. `--shard $SLURM_ARRAY_TASK_ID/8`.
 * @throws InputError for anything else
 */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (m === null) throw new InputError('command line', [`--shard '${text}': expected I/N with 0 ≤ I < N, e.g. 0/4 (shard indices start at 0, as Slurm array and Kubernetes completion indices do)`]);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) throw new InputError('command line', [`--shard '${text}': the shard count must be at least 1 (e.g. 0/4: the first of 4 shards)`]);
  if (index >= count) {
    throw new InputError('command line', [`--shard '${text}': shard index ${index} is not below the shard count ${count} (valid: 0/${Math.max(count, 1)} … ${Math.max(count, 1) - 1}/${Math.max(count, 1)})`]);
  }
  return { index, count };
}

/** Whether a run at `position` belongs to the shard: a stable round-robin assignment. */
export function inShard(position: number, shard: Shard | null): boolean {
  return shard === null || position % shard.count === shard.index;
}

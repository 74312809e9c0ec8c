/**
 * Checkpoint arithmetic of one run of a job: `workS` seconds of work on its partition, a
 * checkpoint after every `intervalS` of work, each taking `overheadS` of wall time; no
 * checkpoint after the last segment. A failure at `elapsedS` into the run keeps the work of the
 * checkpoints completed by then and throws away the rest.
 */

/**
 * The optimum checkpoint interval for a job whose nodes fail every `mtbfS` on average (the
 * partition's mean time between failures of a node ÷ the job's nodes): Daly's higher-order
 * estimate, √(2δM)·[1 + ⅓·√(δ/2M) + ⅑·(δ/2M)] − δ for δ < 2M, else M (J. T. Daly, "A higher
 * order estimate of the optimum checkpoint interval for restart dumps", Future Generation
 * Computer Systems 22 (2006) 303–312; its first term is Young's √(2δM), J. W. Young, CACM 17
 * (1974) 530–531). Infinite when the nodes never fail.
 */
export function youngDalyIntervalS(overheadS: number, mtbfS: number): number {
  if (!Number.isFinite(mtbfS)) return Number.POSITIVE_INFINITY;
  if (overheadS >= 2 * mtbfS) return mtbfS;
  const x = overheadS / (2 * mtbfS);
  return Math.sqrt(2 * overheadS * mtbfS) * (1 + Math.sqrt(x) / 3 + x / 9) - overheadS;
}

/** Checkpoints a run writes if it completes: one after every full interval but the last. */
export function checkpointCount(workS: number, intervalS: number): number {
  return Number.isFinite(intervalS) ? Math.max(0, Math.ceil(workS / intervalS) - 1) : 0;
}

/** Wall time of a run with its checkpoints. */
export function checkpointedWallS(workS: number, intervalS: number, overheadS: number): number {
  return workS + checkpointCount(workS, intervalS) * overheadS;
}

/** Checkpoints completed `elapsedS` into the run (each ends a segment of interval + overhead). */
export function checkpointsDone(elapsedS: number, workS: number, intervalS: number, overheadS: number): number {
  if (!Number.isFinite(intervalS) || !(elapsedS > 0)) return 0;
  return Math.min(checkpointCount(workS, intervalS), Math.floor(elapsedS / (intervalS + overheadS)));
}

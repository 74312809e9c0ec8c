/** A policy returned a decision the engine refuses (unknown job, over-allocation, bad index). */
export class PolicyDecisionError extends Error {
  override readonly name = 'PolicyDecisionError';
}

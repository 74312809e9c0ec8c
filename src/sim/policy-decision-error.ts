/** A policy returned a decision the engine refuses (unknown job, over-allocation, bad index), or threw. */
export class PolicyDecisionError extends Error {
  override readonly name = 'PolicyDecisionError';
  /**
   * True when the policy is a user's plug-in module: its faults are the user's to fix (exit 2,
   * like bad input); a built-in policy's are bugs of cnsim (exit 1 with the stack).
   */
  readonly byPlugin: boolean;

  constructor(message: string, options: { cause?: unknown; byPlugin?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.byPlugin = options.byPlugin ?? false;
  }
}

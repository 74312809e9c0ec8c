/** The hint for a plug-in module's fault. */
const PLUGIN_HINT = 'fix the plug-in: cnsim checks every decision it returns (see src/policies/README.md)';

/** A policy returned a decision the engine refuses (unknown job, over-allocation, bad index), or threw. */
export class PolicyDecisionError extends Error {
  override readonly name = 'PolicyDecisionError';
  /**
   * True when the policy is a user's plug-in module: its faults are the user's to fix (exit 2,
   * like bad input); a built-in policy's are bugs of cnsim (exit 1 with the stack).
   */
  readonly byPlugin: boolean;
  /** What a plug-in's author should read to fix it (the CLI prints it after the message). */
  readonly hint: string;

  constructor(message: string, options: { cause?: unknown; byPlugin?: boolean; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.byPlugin = options.byPlugin ?? false;
    this.hint = options.hint ?? PLUGIN_HINT;
  }
}

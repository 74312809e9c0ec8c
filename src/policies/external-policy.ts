import { z } from 'zod';

/** Policy names that start an external decision process: `external:<command>`. */
export const EXTERNAL_PREFIX = 'external:';

/** Whether a dispatch or queue policy name is an external decision process. */
export function isExternalPolicy(name: string): boolean {
  return name.startsWith(EXTERNAL_PREFIX) && name.length > EXTERNAL_PREFIX.length;
}

/** The options of an external policy (`dispatch.options`, `centres[].queue.options`). */
export const EXTERNAL_OPTIONS = z
  .object({
    timeout: z.number().positive().max(86400).default(60).describe('seconds the process may take for one decision (and to start) before the run stops'),
  })
  .strict();

export const EXTERNAL_OPTION_DOCS: Readonly<Record<string, string>> = {
  timeout: 'seconds the process may take for one decision (and to start) before the run stops with exit 2 (default 60)',
};

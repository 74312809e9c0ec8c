import { z } from 'zod';

/**
 * The `sweep:` block, in a scenario file (the sweep varies that scenario) or alone in a sweep
 * file (with `scenario:` naming the file to vary). `cnsim run` accepts and ignores it; `cnsim
 * sweep` expands it into runs (src/parallel/).
 */
export const sweepSchema = z.strictObject({
  scenario: z
    .string()
    .min(1)
    .optional()
    .describe('scenario to vary, relative to the sweep file, or a bundled name; only in a separate sweep file'),
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'expected a name of letters, digits, "_", "." or "-"')
    .optional()
    .describe('sweep name (default: the scenario name); the default output folder is results/<name>-sweep'),
  mode: z.enum(['grid', 'zip']).default('grid').describe('grid: every combination of the axes; zip: the i-th value of every axis together'),
  axes: z
    .record(z.string(), z.union([z.array(z.unknown()), z.string()]))
    .describe('scenario path → list of values, or an inclusive integer range "1..20"; e.g. seed: 1..20, centres[wuxi].queue.policy: [fcfs, easy]'),
  set: z.record(z.string(), z.unknown()).default({}).describe('scenario path → value applied to every run before the axes'),
});

/** The `sweep:` block as validated (axes not yet expanded). */
export type SweepInput = z.output<typeof sweepSchema>;

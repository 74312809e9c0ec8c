import type { ExportFormat } from '../report/schedule-export.js';

/** The export formats, listed here so that the CLI starts without loading the writers. */
const FORMATS: readonly ExportFormat[] = ['batsim', 'swf'];

/** `--export batsim|swf` (repeatable) of `cnsim run` and `cnsim replay`. */
export const EXPORT_OPTION = {
  type: 'string',
  array: true,
  nargs: 1,
  choices: FORMATS,
  default: [] as string[],
  describe:
    "also write each centre's simulated schedule for other tools, repeatable: batsim (batsim/<centre>_jobs.csv, Batsim's jobs table with node ids, for evalys) and swf (swf/<centre>.swf, for pyss, Alea and `cnsim replay`)",
} as const;

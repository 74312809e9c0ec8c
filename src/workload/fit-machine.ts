import { InputError } from '../model/input-error.js';
import type { ConvertedSwf, OversizePolicy, ReplayJob, SwfWarning } from './swf-convert.js';

const MAX_LISTED = 20;

/**
 * Fits converted jobs to a machine of `machineProcs` processors, as the SWF conversion does: a
 * job larger than the machine is an error (`error`), clamped to the machine (`clamped`, listed)
 * or dropped (`dropped`, listed).
 * @throws InputError naming the file and the lines of the oversized jobs with `error`
 */
export function fitToMachine(file: string, converted: ConvertedSwf, machineProcs: number, policy: OversizePolicy): ConvertedSwf {
  if (converted.jobs.every((j) => j.procs <= machineProcs)) return converted;
  const warnings: SwfWarning[] = [...converted.warnings];
  const counts = { ...converted.counts };
  const jobs: ReplayJob[] = [];
  const oversized: ReplayJob[] = [];
  for (const job of converted.jobs) {
    if (job.procs <= machineProcs) {
      jobs.push(job);
    } else if (policy === 'clamp') {
      counts.clamped++;
      warnings.push({ line: job.line, jobId: job.id, action: 'clamped', field: 'res', reason: `${job.procs} processors > machine ${machineProcs}: clamped to ${machineProcs}` });
      jobs.push({ ...job, procs: machineProcs });
    } else if (policy === 'drop') {
      counts.dropped++;
      warnings.push({ line: job.line, jobId: job.id, action: 'dropped', field: 'res', reason: `${job.procs} processors > machine ${machineProcs}: dropped` });
    } else {
      oversized.push(job);
    }
  }
  if (oversized.length > 0) {
    throw new InputError(file, [
      ...oversized.slice(0, MAX_LISTED).map((j) => `line ${j.line} (job ${j.id}): ${j.procs} processors > machine size ${machineProcs}`),
      ...(oversized.length > MAX_LISTED ? [`... and ${oversized.length - MAX_LISTED} more`] : []),
      'use --oversize clamp or --oversize drop (or a larger --procs) to run it anyway',
    ]);
  }
  return { jobs, warnings, counts, lines: converted.lines };
}

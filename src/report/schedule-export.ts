import { dirname } from 'node:path';
import type { Job } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { BatsimExport } from './batsim-export.js';
import { SwfExport } from './swf-export.js';
import { makeDirs } from './make-dirs.js';

/** The schedule formats `--export` writes besides cnsim's own tables. */
export type ExportFormat = 'batsim' | 'swf';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['batsim', 'swf'];

/**
 * A writer of each centre's simulated schedule in another tool's format, fed every job as it
 * leaves the run (with the tallies, so a streamed run keeps nothing more per job than the
 * format needs), then closed once after the last.
 */
export interface ScheduleExport {
  /** @param itKWh the job's IT energy (NaN without energy accounting) */
  add(job: Job, itKWh: number): void;
  /** Writes what is left; the files are complete after this. */
  close(): void;
  /** The files written (relative to the results folder), after {@link close}. */
  readonly files: readonly string[];
}

/** What the exports record of the run in their headers. */
export interface ExportContext {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly version: string;
  /** Where a file of the results folder goes (relative name → path); its folder is created here. */
  readonly pathOf: (name: string) => string;
}

/** Opens one writer per format (each format once, in the order given). */
export function openExports(formats: readonly ExportFormat[], context: ExportContext): ScheduleExport[] {
  const pathOf = (name: string): string => {
    const path = context.pathOf(name);
    makeDirs(dirname(path));
    return path;
  };
  const withDirs = { ...context, pathOf };
  return [...new Set(formats)].map((format) => (format === 'batsim' ? new BatsimExport(withDirs) : new SwfExport(withDirs)));
}

/** Closes every export, then rethrows the first failure (a full disk): files stay consistent with what was said. */
export function closeExports(exports: readonly ScheduleExport[]): void {
  let first: unknown = null;
  for (const e of exports) {
    try {
      e.close();
    } catch (error) {
      first ??= error;
    }
  }
  if (first !== null) throw first;
}

/** Where each partition of the run (by its run index) sits in its centre. */
export interface PartitionLayout {
  /** Its first node id in the centre: a centre's partitions are numbered one after the other, in scenario order. */
  readonly firstNode: Int32Array;
  /** Its position among the centre's partitions. */
  readonly indexInCentre: Int32Array;
}

export function partitionLayout(scenario: Scenario): PartitionLayout {
  const firstNode: number[] = [];
  const indexInCentre: number[] = [];
  for (const centre of scenario.centres) {
    let next = 0;
    centre.partitions.forEach((p, k) => {
      firstNode.push(next);
      indexInCentre.push(k);
      next += p.nodes;
    });
  }
  return { firstNode: Int32Array.from(firstNode), indexInCentre: Int32Array.from(indexInCentre) };
}

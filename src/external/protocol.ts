import type { CandidateView, DispatchJob } from '../policies/dispatch-policy.js';
import type { PartitionView } from '../policies/queue-policy.js';

/**
 * The protocol between cnsim and an external decision process, version 1 (documented field by
 * field in docs/external-protocol.md). JSON, one message per line; cnsim writes to the process's
 * stdin and reads one reply line from its stdout per message (stderr is the process's own).
 */
export const PROTOCOL_VERSION = 1;

/** The job-dependent and load fields of each candidate, sent as one array per field. */
export const CANDIDATE_COLUMNS = [
  'index',
  'nodesNeeded',
  'speed',
  'walltimeS',
  'freeNodes',
  'runningNodes',
  'runningNodeSeconds',
  'queuedJobs',
  'queuedNodes',
  'queuedNodeSeconds',
  'expectedWaitS',
  'stageInS',
  'bytesToMove',
  'originLatencyS',
  'powerW',
  'energyKWh',
  'costCny',
  'co2Kg',
  'viewTakenS',
] as const satisfies readonly (keyof CandidateView)[];

/** The fixed fields of a partition, sent once, the first time the partition is a candidate. */
export const PARTITION_FIELDS = ['index', 'centre', 'partition', 'centreId', 'partitionId', 'siteId', 'gpuModel', 'cpuModel', 'totalNodes', 'maxQueuedJobs'] as const satisfies readonly (keyof CandidateView)[];

/** JSON has no Infinity or NaN: both are written as null (no limit, not computed). */
export function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** The job as a dispatch policy sees it (never its actual runtime), for a dispatch message. */
export function jobMessage(job: DispatchJob): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: job.id,
    submitS: job.submitS,
    origin: job.origin,
    class: job.jobClass,
    cores: job.cores,
    gpus: job.gpus,
    walltimeS: job.walltimeS,
    inputBytes: job.inputBytes,
    outputBytes: job.outputBytes,
    dataSite: job.dataSite,
  };
  if (job.dataset !== undefined) out.dataset = job.dataset;
  if (job.deadlineS !== undefined) out.deadlineS = finite(job.deadlineS);
  if (job.slackS !== undefined) out.slackS = job.slackS;
  if (job.maxLatencyS !== undefined) out.maxLatencyS = finite(job.maxLatencyS);
  if (job.gpuModels !== undefined) out.gpuModels = job.gpuModels;
  if (job.minMemoryPerNodeBytes !== undefined) out.minMemoryPerNodeBytes = job.minMemoryPerNodeBytes;
  if (job.software !== undefined) out.software = job.software;
  return out;
}

export type CandidateColumn = (typeof CANDIDATE_COLUMNS)[number];

/**
 * The candidates as columns (one array per field of `fields`, by default all of
 * {@link CANDIDATE_COLUMNS}), plus queue snapshots when asked for.
 */
export function candidateColumns(candidates: readonly CandidateView[], withSnapshots: boolean, fields: readonly CandidateColumn[] = CANDIDATE_COLUMNS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) out[field] = candidates.map((c) => finite(c[field]));
  if (withSnapshots) {
    out.queueSnapshot = candidates.map((c) => {
      const s = c.queueSnapshot;
      return s === null
        ? null
        : {
            takenS: s.takenS,
            freeNodes: s.freeNodes,
            runningNodes: Array.from(s.runningNodes),
            runningEndS: Array.from(s.runningEndS),
            queuedNodes: Array.from(s.queuedNodes),
            queuedWalltimeS: Array.from(s.queuedWalltimeS),
          };
    });
  }
  return out;
}

/** A partition's fixed fields. */
export function partitionMessage(c: CandidateView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of PARTITION_FIELDS) out[field] = typeof c[field] === 'number' ? finite(c[field] as number) : c[field];
  return out;
}

/** One partition of a queue message: its size, free nodes, queue and running jobs as columns. */
export function queueMessage(view: PartitionView, partition: number): Record<string, unknown> {
  return {
    index: partition,
    totalNodes: view.totalNodes,
    freeNodes: view.freeNodes,
    queue: {
      index: view.queue.map((j) => j.index),
      nodes: view.queue.map((j) => j.nodes),
      walltimeS: view.queue.map((j) => j.walltimeS),
      queuedS: view.queue.map((j) => j.queuedS),
    },
    running: {
      index: view.running.map((j) => j.index),
      nodes: view.running.map((j) => j.nodes),
      walltimeS: view.running.map((j) => j.walltimeS),
      startS: view.running.map((j) => j.startS),
    },
  };
}

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

/** A number as JSON: Infinity and NaN as null (see {@link finite}); String(x) is JSON's text of a finite number. */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

/** The job fields of a dispatch message, in order (`id` always; the rest as the hello's `jobFields` asks, default all). */
export const JOB_FIELDS = ['id', 'submitS', 'origin', 'class', 'cores', 'gpus', 'walltimeS', 'inputBytes', 'outputBytes', 'dataSite', 'dataset', 'deadlineS', 'slackS', 'maxLatencyS', 'gpuModels', 'minMemoryPerNodeBytes', 'software'] as const;

export type JobField = (typeof JOB_FIELDS)[number];

/**
 * The job as a dispatch policy sees it (never its actual runtime), as the JSON text of an object
 * left open: the caller adds `,"candidates":...}`. Messages are written as text, not built as
 * objects for JSON.stringify: at one message per job, the objects were a fifth of cnsim's side
 * of a round trip.
 * @param fields the fields the process reads besides `id` (its hello's `jobFields`), or null for all
 */
export function jobText(job: DispatchJob, fields: ReadonlySet<JobField> | null = null): string {
  let out = `{"id":${JSON.stringify(job.id)}`;
  for (let f = 1; f < JOB_FIELDS.length; f++) {
    const field = JOB_FIELDS[f] as JobField;
    if (fields !== null && !fields.has(field)) continue;
    // A field not set for this job (undefined) is not sent.
    const value = field === 'class' ? job.jobClass : job[field];
    if (value === undefined) continue;
    out += `,"${field}":${typeof value === 'number' ? num(value) : JSON.stringify(value)}`;
  }
  return out;
}

export type CandidateColumn = (typeof CANDIDATE_COLUMNS)[number];

/**
 * The candidates as columns, JSON text: one array per field of `fields` (by default all of
 * {@link CANDIDATE_COLUMNS}), plus queue snapshots when asked for.
 */
export function candidateColumnsText(candidates: readonly CandidateView[], withSnapshots: boolean, fields: readonly CandidateColumn[] = CANDIDATE_COLUMNS): string {
  let out = '{';
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f] as CandidateColumn;
    out += `${f === 0 ? '' : ','}"${field}":[`;
    for (let i = 0; i < candidates.length; i++) out += (i === 0 ? '' : ',') + num((candidates[i] as CandidateView)[field]);
    out += ']';
  }
  if (withSnapshots) {
    const snapshots = candidates.map((c) => {
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
    out += `${fields.length === 0 ? '' : ','}"queueSnapshot":${JSON.stringify(snapshots)}`;
  }
  return `${out}}`;
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

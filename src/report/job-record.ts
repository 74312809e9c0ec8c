import type { JobStatus } from '../model/job.js';
import type { JobEnergyFigures, JobRowSource } from './jobs-table.js';

/**
 * A job's jobs.csv row as a fixed record of doubles, the form in which the simulation's thread
 * hands its leaving jobs to the thread that writes the jobs file (threaded-job-rows.ts).
 *
 * Why a record and not the cells: formatting a row (44 cells, 22 of them numbers) costs the
 * simulation's thread about 3 µs; copying what the row is made of costs a tenth of that, and
 * the other core formats. An earlier try recorded every cell call on a tape and cost the
 * simulation's thread almost what formatting did (bench/README.md, "a second thread").
 *
 * Numbers travel as they are (a Float64Array keeps every bit, NaN and −0 included), so the
 * writer thread calls the same {@link writeJobRow} on the same values: the same bytes. Text
 * travels as an index into a table both threads build in the same order (the first record that
 * uses a string carries its characters), and a job's id, different for every job, always
 * carries its characters.
 */

// The record's slots, in order.
const SUBMIT = 0;
const DISPATCHED = 1;
const QUEUED = 2;
const START = 3;
const END = 4;
const DONE = 5;
const RUN = 6;
const RUNTIME = 7;
const WALLTIME = 8;
const STAGE_IN_S = 9;
const STAGE_OUT_S = 10;
const INPUT_BYTES = 11;
const OUTPUT_BYTES = 12;
const STAGE_IN_BYTES = 13;
const STAGE_OUT_BYTES = 14;
const SPEED = 15;
const DEADLINE = 16;
const WAKE = 17;
const SHIFT = 18;
const IT_KWH = 19;
const OVERHEAD_KWH = 20;
const COST_CNY = 21;
const CO2_KG = 22;
const LOST_NODE_S = 23;
const CHECKPOINT_NODE_S = 24;
const CORES = 25;
const GPUS = 26;
const NODES = 27;
const ATTEMPTS = 28;
/** status + 16 · killed + 32 · (has energy figures). */
const FLAGS = 29;
const CENTRE = 30;
const PARTITION = 31;
const ID = 32;
const ORIGIN = 33;
const JOB_CLASS = 34;
const REJECT_REASON = 35;
const DATASET = 36;
const DATA_SOURCE = 37;

/** Doubles per record. */
export const RECORD_DOUBLES = 38;

/** Text slots: an index ≥ 0 into the shared table; these two say where the characters are. */
const INLINE = -1;
const BY_PORT = -2;

/** Longest text carried in the chunk's text area (UTF-16 units); longer text goes by message. */
export const INLINE_MAX_UNITS = 256;
/** Text area a record may need at most: its six texts, each with its length. */
export const RECORD_TEXT_RESERVE = 6 * (INLINE_MAX_UNITS + 1);
/** Strings the table holds at most (a trace with a dataset per job would grow it without end). */
const MAX_INTERNED = 1 << 16;

/** One chunk of records: doubles and the text area, in shared memory. */
export interface RecordChunk {
  readonly numbers: Float64Array;
  readonly text: Uint16Array;
}

/** The two chunks' views over their shared memory (both threads make the same). */
export function chunkViews(numbers: readonly SharedArrayBuffer[], text: readonly SharedArrayBuffer[]): RecordChunk[] {
  return numbers.map((buffer, c) => ({ numbers: new Float64Array(buffer), text: new Uint16Array(text[c] as SharedArrayBuffer) }));
}

/** Packs jobs into records (the simulation's thread). */
export class RecordPacker {
  private readonly interned = new Map<string, number>();
  /** Records in the current chunk, and text units used. */
  records = 0;
  textUnits = 0;

  /**
   * @param send posts a text too long for the text area to the writer thread (in order)
   */
  constructor(private readonly send: (text: string) => void) {
    this.interned.set('', 0);
  }

  /** Whether another record fits in a chunk of `capacity` records. */
  fits(chunk: RecordChunk, capacity: number): boolean {
    return this.records < capacity && this.textUnits + RECORD_TEXT_RESERVE <= chunk.text.length;
  }

  reset(): void {
    this.records = 0;
    this.textUnits = 0;
  }

  pack(chunk: RecordChunk, job: JobRowSource, energy: JobEnergyFigures | null): void {
    const n = chunk.numbers;
    const at = RECORD_DOUBLES * this.records++;
    const spec = job.spec;
    n[at + SUBMIT] = spec.submitS;
    n[at + DISPATCHED] = job.dispatchedS;
    n[at + QUEUED] = job.queuedS;
    n[at + START] = job.startS;
    n[at + END] = job.endS;
    n[at + DONE] = job.doneS;
    n[at + RUN] = job.runS;
    n[at + RUNTIME] = spec.runtimeS;
    n[at + WALLTIME] = spec.walltimeS;
    n[at + STAGE_IN_S] = job.stageInS;
    n[at + STAGE_OUT_S] = job.stageOutS;
    n[at + INPUT_BYTES] = spec.inputBytes;
    n[at + OUTPUT_BYTES] = spec.outputBytes;
    n[at + STAGE_IN_BYTES] = job.stageInBytes;
    n[at + STAGE_OUT_BYTES] = job.stageOutBytes;
    n[at + SPEED] = job.speed;
    n[at + DEADLINE] = spec.deadlineS ?? Number.POSITIVE_INFINITY;
    n[at + WAKE] = job.wakeS;
    n[at + SHIFT] = job.shiftS;
    if (energy !== null) {
      n[at + IT_KWH] = energy.itKWh;
      n[at + OVERHEAD_KWH] = energy.overheadKWh;
      n[at + COST_CNY] = energy.costCny;
      n[at + CO2_KG] = energy.co2Kg;
    }
    n[at + LOST_NODE_S] = job.lostNodeS;
    n[at + CHECKPOINT_NODE_S] = job.checkpointNodeS;
    n[at + CORES] = spec.cores;
    n[at + GPUS] = spec.gpus;
    n[at + NODES] = job.nodes;
    n[at + ATTEMPTS] = job.attempts;
    n[at + FLAGS] = job.status + (job.killed ? 16 : 0) + (energy === null ? 0 : 32);
    n[at + CENTRE] = job.centre;
    n[at + PARTITION] = job.partition;
    n[at + ID] = this.loose(chunk, spec.id);
    n[at + ORIGIN] = this.shared(chunk, spec.origin);
    n[at + JOB_CLASS] = this.shared(chunk, spec.jobClass);
    n[at + REJECT_REASON] = this.shared(chunk, job.rejectReason);
    n[at + DATASET] = this.shared(chunk, spec.dataset ?? '');
    n[at + DATA_SOURCE] = this.shared(chunk, job.dataSource);
  }

  /** A text that repeats (a site, a class): its index in the table, its characters the first time. */
  private shared(chunk: RecordChunk, text: string): number {
    // Most jobs have no dataset and no reject reason: the empty text is index 0 (see constructor).
    if (text.length === 0) return 0;
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    if (this.interned.size >= MAX_INTERNED || text.length > INLINE_MAX_UNITS) return this.loose(chunk, text);
    const index = this.interned.size;
    this.interned.set(text, index);
    this.inline(chunk, text);
    return index;
  }

  /** A text sent once, not kept in the table. */
  private loose(chunk: RecordChunk, text: string): number {
    if (text.length > INLINE_MAX_UNITS) {
      this.send(text);
      return BY_PORT;
    }
    this.inline(chunk, text);
    return INLINE;
  }

  private inline(chunk: RecordChunk, text: string): void {
    const t = chunk.text;
    let at = this.textUnits;
    t[at++] = text.length;
    for (let i = 0; i < text.length; i++) t[at++] = text.charCodeAt(i);
    this.textUnits = at;
  }
}

/** A job read back from a record: what {@link writeJobRow} reads, and its energy figures. */
class RecordJob implements JobRowSource {
  readonly spec = {
    id: '',
    origin: '',
    jobClass: '',
    cores: 0,
    gpus: 0,
    submitS: 0,
    runtimeS: 0,
    walltimeS: 0,
    inputBytes: 0,
    outputBytes: 0,
    dataset: '',
    deadlineS: 0,
  };
  status: JobStatus = 0;
  killed = false;
  centre = -1;
  partition = -1;
  nodes = 0;
  dispatchedS = 0;
  queuedS = 0;
  startS = 0;
  endS = 0;
  doneS = 0;
  runS = 0;
  stageInS = 0;
  stageOutS = 0;
  rejectReason = '';
  dataSource = '';
  stageInBytes = 0;
  stageOutBytes = 0;
  speed = 0;
  wakeS = 0;
  shiftS = 0;
  attempts = 0;
  lostNodeS = 0;
  checkpointNodeS = 0;
  readonly energy = { itKWh: 0, overheadKWh: 0, costCny: 0, co2Kg: 0 };
  hasEnergy = false;
}

/** Reads records back (the writer thread), in the order they were packed. */
export class RecordReader {
  /** The shared table, the empty text first (as {@link RecordPacker} starts it). */
  private readonly table: string[] = [''];
  private textAt = 0;
  private readonly job = new RecordJob();

  /** @param receive the next text sent by message (in order) */
  constructor(private readonly receive: () => string) {}

  /** Reads the chunk's records one by one into `row`. */
  readChunk(chunk: RecordChunk, records: number, row: (job: JobRowSource, energy: JobEnergyFigures | null) => void): void {
    this.textAt = 0;
    for (let r = 0; r < records; r++) {
      const job = this.read(chunk, r);
      row(job, job.hasEnergy ? job.energy : null);
    }
  }

  private read(chunk: RecordChunk, r: number): RecordJob {
    const n = chunk.numbers;
    const at = RECORD_DOUBLES * r;
    const job = this.job;
    const spec = job.spec;
    spec.submitS = n[at + SUBMIT] as number;
    job.dispatchedS = n[at + DISPATCHED] as number;
    job.queuedS = n[at + QUEUED] as number;
    job.startS = n[at + START] as number;
    job.endS = n[at + END] as number;
    job.doneS = n[at + DONE] as number;
    job.runS = n[at + RUN] as number;
    spec.runtimeS = n[at + RUNTIME] as number;
    spec.walltimeS = n[at + WALLTIME] as number;
    job.stageInS = n[at + STAGE_IN_S] as number;
    job.stageOutS = n[at + STAGE_OUT_S] as number;
    spec.inputBytes = n[at + INPUT_BYTES] as number;
    spec.outputBytes = n[at + OUTPUT_BYTES] as number;
    job.stageInBytes = n[at + STAGE_IN_BYTES] as number;
    job.stageOutBytes = n[at + STAGE_OUT_BYTES] as number;
    job.speed = n[at + SPEED] as number;
    spec.deadlineS = n[at + DEADLINE] as number;
    job.wakeS = n[at + WAKE] as number;
    job.shiftS = n[at + SHIFT] as number;
    const flags = n[at + FLAGS] as number;
    job.hasEnergy = (flags & 32) !== 0;
    if (job.hasEnergy) {
      job.energy.itKWh = n[at + IT_KWH] as number;
      job.energy.overheadKWh = n[at + OVERHEAD_KWH] as number;
      job.energy.costCny = n[at + COST_CNY] as number;
      job.energy.co2Kg = n[at + CO2_KG] as number;
    }
    job.lostNodeS = n[at + LOST_NODE_S] as number;
    job.checkpointNodeS = n[at + CHECKPOINT_NODE_S] as number;
    spec.cores = n[at + CORES] as number;
    spec.gpus = n[at + GPUS] as number;
    job.nodes = n[at + NODES] as number;
    job.attempts = n[at + ATTEMPTS] as number;
    job.status = (flags & 15) as JobStatus;
    job.killed = (flags & 16) !== 0;
    job.centre = n[at + CENTRE] as number;
    job.partition = n[at + PARTITION] as number;
    // Texts in the order they were packed: the text area is read front to back.
    spec.id = this.text(chunk, n[at + ID] as number);
    spec.origin = this.text(chunk, n[at + ORIGIN] as number);
    spec.jobClass = this.text(chunk, n[at + JOB_CLASS] as number);
    job.rejectReason = this.text(chunk, n[at + REJECT_REASON] as number);
    spec.dataset = this.text(chunk, n[at + DATASET] as number);
    job.dataSource = this.text(chunk, n[at + DATA_SOURCE] as number);
    return job;
  }

  private text(chunk: RecordChunk, ref: number): string {
    if (ref === BY_PORT) return this.receive();
    if (ref >= 0 && ref < this.table.length) return this.table[ref] as string;
    const t = chunk.text;
    const length = t[this.textAt] as number;
    const start = this.textAt + 1;
    this.textAt = start + length;
    const text = decode(t, start, start + length);
    if (ref >= 0) this.table.push(text);
    return text;
  }
}

/** UTF-16 units back to a string (in slices: a spread of a long array overflows the stack). */
function decode(units: Uint16Array, from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i += 4096) text += String.fromCharCode(...units.subarray(i, Math.min(to, i + 4096)));
  return text;
}

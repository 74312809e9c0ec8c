import { InputError } from '../model/input-error.js';
import { scanCsv } from './csv-scan.js';

/** A growable array of doubles (a 10^6-job run keeps a few of these, 8 bytes a job each). */
export class Doubles {
  private data = new Float64Array(1024);
  length = 0;

  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }

  /** The values sorted ascending (a copy). */
  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** What the report needs of jobs.csv: values per class and centre, counts per status and reason. */
export interface JobSample {
  readonly jobs: number;
  readonly statusCounts: ReadonlyMap<string, number>;
  /** Per job class: wait_s and response_s of the jobs that have one. */
  readonly byClass: ReadonlyMap<string, { readonly waitS: Doubles; readonly responseS: Doubles }>;
  /** Per centre (first appearance order): wait_s of the jobs that started there. */
  readonly waitByCentre: ReadonlyMap<string, Doubles>;
  /** stage_in_s of the jobs whose input arrived. */
  readonly stageInS: Doubles;
  /** Rejected jobs per reason. */
  readonly rejectedByReason: ReadonlyMap<string, number>;
  /** Killed and unfinished jobs per centre. */
  readonly killedByCentre: ReadonlyMap<string, number>;
  readonly unfinishedByCentre: ReadonlyMap<string, number>;
}

const COLUMNS = ['centre', 'class', 'status', 'reason', 'wait_s', 'response_s', 'stage_in_s'] as const;
const STATUSES = new Set(['done', 'killed', 'rejected', 'unfinished']);

/** Reads the columns of jobs.csv the report draws, one record at a time. */
export function readJobSample(file: string): JobSample {
  const statusCounts = new Map<string, number>();
  const byClass = new Map<string, { waitS: Doubles; responseS: Doubles }>();
  const waitByCentre = new Map<string, Doubles>();
  const stageInS = new Doubles();
  const rejectedByReason = new Map<string, number>();
  const killedByCentre = new Map<string, number>();
  const unfinishedByCentre = new Map<string, number>();
  let jobs = 0;
  scanCsv(file, COLUMNS, (r) => {
    const status = r.text(2);
    if (!STATUSES.has(status)) throw new InputError(file, [`line ${r.line}, column status: expected done, killed, rejected or unfinished, got '${status.slice(0, 40)}'`]);
    const centre = r.text(0);
    const jobClass = r.text(1);
    jobs++;
    statusCounts.set(status, (statusCounts.get(status) ?? 0) + 1);
    const waitS = r.number(4);
    const responseS = r.number(5);
    const stageS = r.number(6);
    let perClass = byClass.get(jobClass);
    if (perClass === undefined) {
      perClass = { waitS: new Doubles(), responseS: new Doubles() };
      byClass.set(jobClass, perClass);
    }
    if (Number.isFinite(waitS)) {
      perClass.waitS.push(waitS);
      let perCentre = waitByCentre.get(centre);
      if (perCentre === undefined) {
        perCentre = new Doubles();
        waitByCentre.set(centre, perCentre);
      }
      perCentre.push(waitS);
    }
    if (Number.isFinite(responseS)) perClass.responseS.push(responseS);
    if (Number.isFinite(stageS)) stageInS.push(stageS);
    if (status === 'rejected') {
      const reason = r.text(3);
      rejectedByReason.set(reason, (rejectedByReason.get(reason) ?? 0) + 1);
    } else if (status === 'killed') killedByCentre.set(centre, (killedByCentre.get(centre) ?? 0) + 1);
    else if (status === 'unfinished') unfinishedByCentre.set(centre === '' ? '(not started)' : centre, (unfinishedByCentre.get(centre === '' ? '(not started)' : centre) ?? 0) + 1);
  });
  return { jobs, statusCounts, byClass, waitByCentre, stageInS, rejectedByReason, killedByCentre, unfinishedByCentre };
}

import { closeSync, openSync, writeSync } from 'node:fs';
import type { Job } from '../model/job.js';
import type { Scenario } from '../model/scenario.js';
import { statusLabel } from './job-metrics.js';
import { type ExportContext, type PartitionLayout, partitionLayout, type ScheduleExport } from './schedule-export.js';

/** Numbers kept per job until the file is written (sorted by submit first): 10 doubles, 80 bytes. */
const FIELDS = 10;
const SUBMIT = 0;
const WAIT = 1;
const RUN = 2;
const ALLOC = 3;
const REQ_PROCS = 4;
const REQ_TIME = 5;
const STATUS = 6;
const PARTITION = 7;
const ORDER = 8;
/** Field 12 (user): the number of the job's origin site, as the header's Site lines list them. */
const USER = 9;

/**
 * `swf/<centre>.swf`: each centre's simulated schedule in the Standard Workload Format (Feitelson
 * et al., Parallel Workloads Archive), readable by pyss, Alea and `cnsim replay`. The view is the
 * centre's, as for the Batsim export: submit = when the job joined the centre's queue. Times are
 * whole seconds (rounded); lines are in submit order (then the run's submission order), which is
 * the order a replay queues them, so replaying the file reproduces the centre's starts for a
 * single-partition centre of speed 1 (the round trip `cnsim replay` → `--export swf` → `cnsim
 * replay` is tested). The rows wait in memory until the end (80 bytes a job) to be sorted.
 */
export class SwfExport implements ScheduleExport {
  private readonly rows: Float64Array[];
  private readonly counts: Int32Array;
  private readonly layout: PartitionLayout;
  private readonly siteNumber: Map<string, number>;
  files: readonly string[] = [];

  constructor(private readonly context: ExportContext) {
    const centres = context.scenario.centres;
    this.rows = centres.map(() => new Float64Array(FIELDS * 64));
    this.counts = new Int32Array(centres.length);
    this.layout = partitionLayout(context.scenario);
    this.siteNumber = new Map(context.scenario.sites.map((s, i) => [s.id, i + 1]));
  }

  add(job: Job, _itKWh: number): void {
    const status = statusLabel(job);
    if (status !== 'done' && status !== 'killed' && status !== 'failed') return;
    const c = job.centre;
    let rows = this.rows[c] as Float64Array;
    const at = FIELDS * (this.counts[c] as number);
    if (at + FIELDS > rows.length) {
      const grown = new Float64Array(Math.ceil(rows.length * 1.5 / FIELDS) * FIELDS + FIELDS);
      grown.set(rows);
      rows = grown;
      this.rows[c] = rows;
    }
    const submitS = Math.round(job.queuedS);
    const startS = Math.round(job.startS);
    const runS = Math.round(job.endS) - startS;
    const partition = this.context.scenario.centres[c]?.partitions[this.layout.indexInCentre[job.partition] as number];
    rows[at + SUBMIT] = submitS;
    rows[at + WAIT] = startS - submitS;
    rows[at + RUN] = runS;
    rows[at + ALLOC] = job.nodes * (partition?.coresPerNode ?? 1);
    rows[at + REQ_PROCS] = job.spec.cores;
    // Never below the run written, so a replay of the file does not kill the job earlier.
    rows[at + REQ_TIME] = Math.max(Math.ceil(job.walltimeS), runS);
    rows[at + STATUS] = status === 'done' ? 1 : 0;
    rows[at + PARTITION] = (this.layout.indexInCentre[job.partition] as number) + 1;
    rows[at + ORDER] = job.index;
    rows[at + USER] = this.siteNumber.get(job.spec.origin) ?? -1;
    this.counts[c] = (this.counts[c] as number) + 1;
  }

  close(): void {
    const files: string[] = [];
    this.context.scenario.centres.forEach((centre, c) => {
      const name = `swf/${centre.id}.swf`;
      this.write(c, this.context.pathOf(name));
      files.push(name);
      // The centre's rows are written: let them go before sorting the next centre's.
      this.rows[c] = new Float64Array(0);
    });
    this.files = files;
  }

  private write(c: number, path: string): void {
    const rows = this.rows[c] as Float64Array;
    const count = this.counts[c] as number;
    const order = Array.from({ length: count }, (_, i) => i);
    order.sort((x, y) => (rows[FIELDS * x + SUBMIT] as number) - (rows[FIELDS * y + SUBMIT] as number) || (rows[FIELDS * x + ORDER] as number) - (rows[FIELDS * y + ORDER] as number));
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, header(this.context, c, this.siteNumber));
      const lines: string[] = [];
      let number = 0;
      for (const i of order) {
        const r = FIELDS * i;
        const v = (k: number): number => rows[r + k] as number;
        number++;
        // The 18 SWF fields; -1 where cnsim has no value.
        lines.push(`${number} ${v(SUBMIT)} ${v(WAIT)} ${v(RUN)} ${v(ALLOC)} -1 -1 ${v(REQ_PROCS)} ${v(REQ_TIME)} -1 ${v(STATUS)} ${v(USER)} -1 -1 1 ${v(PARTITION)} -1 -1\n`);
        if (lines.length === 4096) {
          writeSync(fd, lines.join(''));
          lines.length = 0;
        }
      }
      writeSync(fd, lines.join(''));
    } finally {
      closeSync(fd);
    }
  }
}

function header(context: ExportContext, c: number, sites: ReadonlyMap<string, number>): string {
  const { scenario } = context;
  const centre = scenario.centres[c];
  const partitions = centre?.partitions ?? [];
  const nodes = partitions.reduce((n, p) => n + p.nodes, 0);
  const procs = partitions.reduce((n, p) => n + p.nodes * p.coresPerNode, 0);
  const lines = [
    'Version: 2.2',
    `Computer: ${centre?.name ?? ''} (centre ${centre?.id ?? c}), simulated`,
    `Installation: cnsim ${context.version}, scenario ${scenario.name}, seed ${context.seed}`,
    'Conversion: cnsim --export swf. Times in whole seconds (rounded). Field 2 (submit) = when the job joined this centre\'s queue (its input had arrived); field 3 (wait) = start - submit; field 4 = end - start (the run at this partition\'s speed). Field 5 = nodes x cores per node (cnsim allocates whole nodes); field 8 = cores requested; field 9 = walltime at this partition (walltime / speed, rounded up, never below field 4). Field 11: 1 = done, 0 = killed at its walltime or by failures (last run). Field 12 = number of the origin site (Site lines below). Field 16 = partition number. Jobs rejected or not finished when the run stopped are not listed.',
    'Preemption: No',
    `MaxNodes: ${nodes}`,
    `MaxProcs: ${procs}`,
    'MaxQueues: 1',
    `MaxPartitions: ${partitions.length}`,
    ...partitions.map((p, k) => `Partition: ${k + 1} ${p.id} (${p.nodes} nodes of ${p.coresPerNode} cores${p.gpusPerNode > 0 ? ` and ${p.gpusPerNode} GPUs` : ''}, speed ${p.speed})`),
    ...[...sites].map(([id, n]) => `Site: ${n} ${id}`),
  ];
  return lines.map((l) => `; ${l}\n`).join('');
}

import type { JobSpec } from '../model/job.js';
import type { SwfWarning } from './swf-convert.js';

/** What a writer needs besides the jobs. */
export interface WriteMeta {
  /** Machine size in processors (SWF `MaxProcs`, Batsim `nb_res`). */
  readonly machineProcs: number;
  /** SWF `UnixStartTime` (seconds since 1970) when the source knows it. */
  readonly unixStartTime?: number;
  /** Lines saying where the jobs come from and what was converted (header comments, Batsim `description`). */
  readonly notes: readonly string[];
}

/** A written file and the jobs whose values the writing changed (ids renumbered for SWF). */
export interface Written {
  readonly text: string;
  readonly warnings: readonly SwfWarning[];
}

const num = (x: number): string => String(x);

/**
 * Standard Workload Format (18 fields, -1 for unknown): job number, submit, wait -1, run time =
 * runtime, allocated and requested processors = cores, requested time = walltime; everything else
 * -1. Header: `Version`, `Computer`, `MaxJobs`, `MaxRecords`, `MaxProcs`, `UnixStartTime` (when
 * known) and the notes. SWF job numbers are integers: when the ids are not all distinct whole
 * numbers ≥ 1, every job is renumbered 1..N in the written order, each listed as `changed`.
 * GPUs, origin, class and data sizes have no SWF field and are dropped.
 */
export function writeSwfText(jobs: readonly JobSpec[], meta: WriteMeta): Written {
  const ids = new Set<string>();
  const keep = jobs.every((j) => {
    const ok = /^[1-9]\d{0,14}$/.test(j.id) && !ids.has(j.id);
    ids.add(j.id);
    return ok;
  });
  const warnings: SwfWarning[] = [];
  const header = [
    '; Version: 2.2',
    '; Computer: converted by cnsim convert',
    `; MaxJobs: ${jobs.length}`,
    `; MaxRecords: ${jobs.length}`,
    `; MaxProcs: ${meta.machineProcs}`,
    ...(meta.unixStartTime === undefined ? [] : [`; UnixStartTime: ${meta.unixStartTime}`]),
    ...meta.notes.map((n) => `; Note: ${n}`),
    ...(keep ? [] : ['; Note: the source job ids are not all distinct whole numbers: jobs renumbered 1..N in submit order']),
  ];
  const lines = jobs.map((j, i) => {
    const number = keep ? j.id : String(i + 1);
    if (!keep) warnings.push({ line: 0, jobId: j.id, action: 'changed', field: 'job_number', reason: `job id '${j.id}' written as SWF job number ${number} (line ${header.length + i + 1} of the written file)` });
    return [number, num(j.submitS), '-1', num(j.runtimeS), num(j.cores), '-1', '-1', num(j.cores), num(j.walltimeS), '-1', '-1', '-1', '-1', '-1', '-1', '-1', '-1', '-1'].join(' ');
  });
  return { text: `${[...header, ...lines].join('\n')}\n`, warnings };
}

/**
 * Batsim JSON workload: `nb_res` = machine size, one job per line (`id`: a number when the id is
 * a whole number, else the string; `subtime`; `res` = cores; `walltime`; `profile`) and one
 * `delay` profile per distinct runtime (named `delay<seconds>`), so Batsim waits the runtime and
 * kills a job at its walltime as cnsim does. `description` holds the notes. GPUs, origin, class
 * and data sizes have no Batsim field and are dropped.
 */
export function writeBatsimText(jobs: readonly JobSpec[], meta: WriteMeta): Written {
  const runtimes = [...new Set(jobs.map((j) => j.runtimeS))].sort((a, b) => a - b);
  const profileOf = (runtimeS: number): string => `delay${num(runtimeS)}`;
  const jobLines = jobs.map((j) => {
    const id = /^(0|[1-9]\d{0,14})$/.test(j.id) ? Number(j.id) : j.id;
    return `    ${JSON.stringify({ id, subtime: j.submitS, res: j.cores, walltime: j.walltimeS, profile: profileOf(j.runtimeS) })}`;
  });
  const profileLines = runtimes.map((r) => `    ${JSON.stringify(profileOf(r))}: ${JSON.stringify({ type: 'delay', delay: r })}`);
  const text =
    `{\n  "description": ${JSON.stringify(meta.notes.join(' '))},\n  "nb_res": ${meta.machineProcs},\n` +
    `  "jobs": [\n${jobLines.join(',\n')}\n  ],\n  "profiles": {\n${profileLines.join(',\n')}\n  }\n}\n`;
  return { text, warnings: [] };
}

/**
 * cnsim jobs CSV (the columns readJobsCsv reads): `id,submit_s,origin,class,cores,gpus,runtime_s,walltime_s`,
 * plus `input_bytes,output_bytes,data_site` when a job has data. Notes become `#` comment lines.
 * Datasets, constraints, deadlines and slack are not written.
 */
export function writeJobsCsvText(jobs: readonly JobSpec[], meta: WriteMeta): Written {
  const withData = jobs.some((j) => j.inputBytes > 0 || j.outputBytes > 0 || j.dataSite !== j.origin);
  const header = ['id', 'submit_s', 'origin', 'class', 'cores', 'gpus', 'runtime_s', 'walltime_s', ...(withData ? ['input_bytes', 'output_bytes', 'data_site'] : [])];
  const rows = jobs.map((j) =>
    [j.id, num(j.submitS), j.origin, j.jobClass, num(j.cores), num(j.gpus), num(j.runtimeS), num(j.walltimeS), ...(withData ? [num(j.inputBytes), num(j.outputBytes), j.dataSite] : [])]
      .map(csvCell)
      .join(','),
  );
  return { text: `${[...meta.notes.map((n) => `# ${n}`), header.join(','), ...rows].join('\n')}\n`, warnings: [] };
}

function csvCell(value: string): string {
  return /[",\n\r#]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

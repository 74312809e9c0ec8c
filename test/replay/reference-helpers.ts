import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Folder of the copied reference files and traces (never /work/shared at test time). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export const TRACE_FILES: Record<string, string> = {
  lublin_256: 'lublin_256.swf.gz',
  lublin_256_new2: 'lublin_256_new2.swf.gz',
  'CTC-SP2': 'CTC-SP2-1996-3.1-cln.swf.gz',
  'NASA-iPSC': 'NASA-iPSC-1993-3.1-cln.swf.gz',
  HPC2N: 'HPC2N-2002-2.2-cln.swf.gz',
  'SDSC-BLUE': 'SDSC-BLUE-2000-4.2-cln.swf.gz',
  'LLNL-Atlas': 'LLNL-Atlas-2006-2.1-cln.swf.gz',
};

export const tracePath = (trace: string): string => `${FIXTURES}traces/${TRACE_FILES[trace]}`;

/** Reads a gzipped reference CSV: header → column index, and rows of numbers (as strings). */
export function readReference(file: string): { columns: Map<string, number>; rows: string[][] } {
  const text = gunzipSync(readFileSync(`${FIXTURES}reference/starts/${file}`)).toString('utf8');
  const lines = text.split('\n').filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split(',');
  return { columns: new Map(header.map((h, i) => [h, i])), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Job id → start time of a reference file (column `start` or `start_s`). */
export function referenceStarts(file: string): Map<string, number> {
  const { columns, rows } = readReference(file);
  const id = columns.get('job_id') as number;
  const start = columns.get('start') ?? (columns.get('start_s') as number);
  return new Map(rows.map((r) => [r[id] as string, Number(r[start])]));
}

/** Compares starts: number of reference jobs, how many match, the first few mismatches. */
export function compareStarts(
  reference: Map<string, number>,
  ours: ReadonlyMap<string, number>,
): { total: number; same: number; missing: number; examples: string[] } {
  let same = 0;
  let missing = 0;
  const examples: string[] = [];
  for (const [id, start] of reference) {
    const mine = ours.get(id);
    if (mine === undefined) missing++;
    else if (mine === start) same++;
    else if (examples.length < 5) examples.push(`job ${id}: reference ${start}, ours ${mine}`);
  }
  return { total: reference.size, same, missing, examples };
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import { writeFileAtomic } from '../report/write-results.js';
import { inShard } from './shard.js';
import { readSweepManifest, SWEEP_MANIFEST_FILE, type SweepManifest, sweepManifestText } from './sweep-manifest.js';
import { readSweepTables, type SweepRow, sweepTables } from './sweep-tables.js';
import { makeDirs } from '../report/make-dirs.js';

/** What a merge produced. */
export interface MergeOutcome {
  readonly outDir: string;
  readonly runs: number;
  readonly failed: number;
}

/**
 * Combines the folders of a sharded sweep (`cnsim sweep --shard I/N`) into one folder whose
 * `summary.csv`, `failures.csv` and `sweep.json` are byte for byte those of the same sweep run
 * unsharded. Run folders stay where the shards wrote them.
 *
 * @throws InputError when a folder is not a sweep, folders come from different sweeps (or cnsim
 *   versions), a shard is missing or unfinished, or `outDir` is one of the inputs
 */
export function mergeSweeps(dirs: readonly string[], outDir: string): MergeOutcome {
  if (dirs.length === 0) throw new InputError('command line', ['cnsim merge: give the shard folders to merge']);
  const out = resolve(outDir);
  const inputs = dirs.map((d) => resolve(d));
  if (inputs.includes(out)) throw new InputError('command line', [`--out ${outDir} is one of the folders to merge; choose a new folder`]);
  const manifests = inputs.map((d) => readSweepManifest(d));
  const first = manifests[0] as SweepManifest;
  const problems: string[] = [];
  manifests.forEach((m, i) => {
    if (m.sweepId !== first.sweepId || m.cnsim !== first.cnsim) {
      problems.push(
        `${dirs[i]} holds sweep '${m.name}' (id ${m.sweepId}, cnsim ${m.cnsim}), not '${first.name}' (id ${first.sweepId}, cnsim ${first.cnsim}) of ${dirs[0]}: only shards of one sweep (same file, values and cnsim version) can be merged`,
      );
    }
  });
  if (problems.length > 0) throw new InputError('cnsim merge', problems);

  const rows = new Map<number, SweepRow>();
  inputs.forEach((dir, i) => {
    const manifest = manifests[i] as SweepManifest;
    for (const row of readSweepTables(dir, manifest)) {
      if (!inShard(row.index, manifest.shard)) {
        problems.push(`${dirs[i]}: run ${row.summary[0]} does not belong to shard ${manifest.shard?.index}/${manifest.shard?.count}`);
      }
      const seen = rows.get(row.index);
      if (seen !== undefined && seen.summary.join('\n') !== row.summary.join('\n')) {
        problems.push(`run ${row.summary[0]} appears in more than one folder with different results (${dirs[i]}); merge each shard once`);
      }
      rows.set(row.index, row);
    }
  });
  const missing = first.runs.filter((r) => !rows.has(r.index));
  if (missing.length > 0) {
    const count = first.shard?.count;
    const shardsMissing =
      count === undefined ? '' : ` (missing shards: ${[...new Set(missing.map((r) => r.index % count))].map((s) => `${s}/${count}`).join(', ')})`;
    problems.push(`${missing.length} of ${first.runs.length} runs are in none of the folders${shardsMissing}, e.g. ${missing.slice(0, 3).map((r) => r.runId).join(', ')}`);
  }
  if (problems.length > 0) throw new InputError('cnsim merge', problems);
  refuseForeignOut(out, outDir, first);

  const whole: SweepManifest = { ...first, shard: null };
  const tables = sweepTables(whole, [...rows.values()]);
  makeDirs(out);
  writeFileAtomic(join(out, SWEEP_MANIFEST_FILE), sweepManifestText(whole));
  writeFileAtomic(join(out, 'failures.csv'), tables.failures);
  writeFileAtomic(join(out, 'summary.csv'), tables.summary);
  return { outDir: out, runs: rows.size, failed: [...rows.values()].filter((r) => r.error !== '').length };
}

/**
 * The merge writes summary.csv, failures.csv and sweep.json into `out`: a new or empty folder,
 * or an earlier merge of the same sweep (merging again), never a run's results, another sweep
 * or a folder of the user's own files.
 */
function refuseForeignOut(out: string, outDir: string, sweep: SweepManifest): void {
  if (!existsSync(out)) return;
  if (!statSync(out).isDirectory()) throw new InputError('command line', [`--out ${outDir} is a file: choose a new folder`]);
  const entries = readdirSync(out);
  if (entries.length === 0) return;
  let earlier: SweepManifest | undefined;
  try {
    earlier = readSweepManifest(out);
  } catch {
    earlier = undefined;
  }
  if (earlier !== undefined && earlier.sweepId === sweep.sweepId && earlier.shard === null) return;
  const what = earlier === undefined ? `holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} and no merged sweep` : earlier.shard === null ? `holds sweep '${earlier.name}' (id ${earlier.sweepId}), another sweep` : `holds shard ${earlier.shard.index}/${earlier.shard.count}`;
  throw new InputError('command line', [`--out ${outDir} ${what}: merge writes its summary.csv, failures.csv and sweep.json only into a new folder or an earlier merge of the same sweep; choose a new folder`]);
}

// `node bench/ab.mjs <refA> <refB> [measure] [rounds]`: two versions of cnsim compared on this
// machine, run alternately in fresh processes (A B B A A B …), so that the machine's drift (this
// 2-core VM's speed moves by up to 2× within minutes, see bench/README.md) falls on both alike.
// Prints every run, then each version's median and fastest run, and the ratio of medians.
//
// Each ref (a commit, a branch, or `.` for the working tree as it is) is built once into
// TMPDIR/cnsim-ab-<id> (`git archive` + the repository's tsc), with this repository's
// node_modules linked in. Measures (each a fresh process, seconds):
//   national   generation + simulation of national-2025 scaled to 3 × 10^5 jobs (held in memory)
//   drawn      generation + simulation of national-2025 scaled to 10^6 jobs, streamed with no
//              tallies (the `national` bench's second line: the issue 16 target)
//   streamed   `runToFolder` of national-2025 scaled to 10^6 jobs, --jobs-format none
//   csv        the same with jobs.csv
//   dispatch   µs per dispatch, least-loaded, 40 centres (bench/dispatch.mjs)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const [refA, refB, measure = 'national', roundsText = '5'] = process.argv.slice(2);
if (refA === undefined || refB === undefined) {
  console.error('usage: node bench/ab.mjs <refA> <refB> [national|drawn|streamed|csv|dispatch] [rounds]');
  process.exit(2);
}

const MEASURES = {
  national: "import { benchNational } from './national.mjs'; const r = benchNational(3e5); console.log(r.generationS + r.simulationS)",
  drawn: "import { benchNationalStreamed } from './national.mjs'; console.log(benchNationalStreamed(1e6).runS)",
  streamed: "import { benchStreamed } from './streamed.mjs'; console.log(benchStreamed(1e6, 'none').runS)",
  csv: "import { benchStreamed } from './streamed.mjs'; console.log(benchStreamed(1e6, 'csv').runS)",
  dispatch: "import { benchDispatch } from './dispatch.mjs'; benchDispatch('least-loaded', '2h'); console.log(benchDispatch('least-loaded').usPerJob)",
};
const code = MEASURES[measure];
if (code === undefined) {
  console.error(`unknown measure '${measure}': ${Object.keys(MEASURES).join(', ')}`);
  process.exit(2);
}

/** Builds a ref (once) and returns its folder. */
function build(ref) {
  const git = (...args) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
  const id = ref === '.' ? `worktree-${process.pid}` : git('rev-parse', '--short=12', `${ref}^{commit}`);
  const dir = join(tmpdir(), `cnsim-ab-${id}`);
  if (existsSync(join(dir, 'dist', 'index.js'))) return { ref, id, dir };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  if (ref === '.') {
    for (const part of ['src', 'bench', 'scenarios', 'data', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) cpSync(join(repo, part), join(dir, part), { recursive: true });
  } else {
    execFileSync('sh', ['-c', `git archive ${id} | tar -x -C "${dir}"`], { cwd: repo });
  }
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
  execFileSync(process.execPath, [join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  return { ref, id, dir };
}

function once(version) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', code], { cwd: join(version.dir, 'bench'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${version.ref}: ${r.stderr}`);
  return Number(r.stdout.trim().split('\n').at(-1));
}

const versions = [build(refA), build(refB)];
const times = [[], []];
const rounds = Math.max(1, Number(roundsText) | 0);
for (let round = 0; round < rounds; round++) {
  // A B, then B A: neither version always runs first after a pause.
  for (const v of round % 2 === 0 ? [0, 1] : [1, 0]) {
    const x = once(versions[v]);
    times[v].push(x);
    console.log(`${measure} ${versions[v].ref} (${versions[v].id}): ${x.toFixed(3)}`);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
for (const v of [0, 1]) console.log(`${versions[v].ref}: median ${median(times[v]).toFixed(3)}, fastest ${Math.min(...times[v]).toFixed(3)} (${rounds} runs)`);
console.log(`${refA} ÷ ${refB}: ${(median(times[0]) / median(times[1])).toFixed(3)} (medians), ${(Math.min(...times[0]) / Math.min(...times[1])).toFixed(3)} (fastest runs)`);
for (const v of versions) if (v.id.startsWith('worktree-')) rmSync(v.dir, { recursive: true, force: true });

// A benchmark's figures depend on the heap it starts with: this runs one measurement in a fresh
// Node process (in bench/) and returns the JSON it printed.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Runs `code` (an ES module body that prints one JSON value) in a fresh process and parses what it
 * printed. `launcher` goes before node (e.g. `['taskset', '-c', '0']`).
 * @throws when the process fails, with its stderr
 */
export function freshJson(code, launcher = []) {
  const [command, ...args] = [...launcher, process.execPath];
  const r = spawnSync(command, [...args, '--input-type=module', '-e', code], { cwd: here, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${[command, ...args].join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr ?? ''}`);
  return JSON.parse(r.stdout);
}

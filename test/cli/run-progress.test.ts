import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
// util-linux `script` runs a command on a pseudo-terminal, as a user at a terminal would.
const hasScript = existsSync('/usr/bin/script');

describe('the progress bar of a long run', () => {
  it.skipIf(!hasScript)('on a terminal: simulated time over the horizon, jobs done, events per second and ETA', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-progress-'));
    const log = join(dir, 'terminal.log');
    const env = { ...process.env };
    delete env.CI;
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} run --out ${JSON.stringify(join(dir, 'r'))} --until 2d --no-report`;
    const r = spawnSync('script', ['-qec', command, log], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    const screen = readFileSync(log, 'utf8');
    expect(screen).toMatch(/national-2025 \[[█░]+\] \d+% \| t \d+\.\d\/2\.0 d \| \d+ of \d+ jobs submitted done \| \d+ events\/s \| ETA \w+/);
  }, 60_000);

  it('off a terminal, or under CI, nothing but the table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnsim-progress-'));
    const r = spawnSync(process.execPath, [CLI, 'run', '--out', join(dir, 'r'), '--until', '2d', '--no-report'], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(/events\/s|ETA/);
  }, 60_000);
});

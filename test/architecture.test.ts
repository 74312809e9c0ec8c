import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Layers from the bottom up; a file may import its own layer or lower ones only. */
const LAYERS: Record<string, number> = {
  engine: 0,
  model: 1,
  network: 2,
  policies: 2,
  workload: 2,
  sim: 3,
  scenario: 4,
  report: 4,
  replay: 5,
  runner: 5,
  external: 5,
  parallel: 6,
  view: 7,
  cli: 8,
};

const PURE = ['engine', 'model', 'network', 'policies', 'sim'];
const FORBIDDEN = [/Math\.random/, /Date\.now/, /new Date\(/, /performance\.now/, /toLocale\w*\(/, /localeCompare/, /process\.env/, /setTimeout|setInterval/];

describe('architecture', () => {
  const files = sources(SRC);

  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(PURE)('src/%s uses no wall clock, unseeded randomness, locale or environment', (folder) => {
    const offences: string[] = [];
    for (const file of files.filter((f) => relative(SRC, f).startsWith(`${folder}/`))) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          for (const pattern of FORBIDDEN) if (pattern.test(code)) offences.push(`${relative(SRC, file)}:${i + 1}: ${line.trim()}`);
        });
    }
    expect(offences).toEqual([]);
  });

  it('src/engine imports nothing from the project and no Node API', () => {
    const offences = files
      .filter((f) => relative(SRC, f).startsWith('engine/'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => `${relative(SRC, f)} imports ${m[1]}`))
      .filter((line) => / imports (\.\.\/|node:)/.test(line));
    expect(offences).toEqual([]);
  });

  it('imports go one way: engine ← model ← network/policies/workload ← sim ← scenario/report ← runner/replay ← parallel ← cli', () => {
    const offences: string[] = [];
    for (const file of files) {
      const rel = relative(SRC, file);
      const layer = rel.split('/')[0] as string;
      if (!(layer in LAYERS)) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/from '(\.\.\/[^']+)'/g)) {
        const target = relative(SRC, join(file, '..', m[1] as string)).split('/')[0] as string;
        if (target in LAYERS && (LAYERS[target] as number) > (LAYERS[layer] as number)) offences.push(`${rel} imports ${m[1]}`);
      }
    }
    expect(offences).toEqual([]);
  });
});

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');

/** Runs the built CLI as a user would (no terminal, CI set). */
export function cnsim(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The SVG of one figure of a report page, by its id. */
export function figureSvg(html: string, id: string): string {
  const start = html.indexOf(`<figure class="chart" id="${id}"`);
  if (start < 0) throw new Error(`no figure ${id}`);
  return html.slice(start, html.indexOf('</figure>', start));
}

/** The aria-labels of the marks of a figure (the text its tooltips show), unescaped. */
export function markLabels(html: string, id: string): string[] {
  const svg = figureSvg(html, id);
  return [...svg.matchAll(/<(?:path|circle|rect|line) [^>]*?aria-label="([^"]*)"/g)]
    .map((m) => (m[1] as string).replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'))
    .filter((label) => !/^(X|Y)-axis|axis titled/.test(label));
}

/** A simple CSV file (no quoted fields) as rows of named cells. */
export function readSimpleCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trimEnd().split('\n');
  const names = (header as string).split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RESULT_FILES } from '../../src/report/columns.js';
import { REPLAY_JOB_COLUMNS, WARNINGS_COLUMNS } from '../../src/replay/replay.js';
import { METRICS_COLUMNS } from '../../src/replay/replay-metrics.js';
import { COMPARE_COLUMNS, SWEEP_FAILURES_COLUMNS, SWEEP_SUMMARY_COLUMNS } from '../../src/parallel/sweep-columns.js';

const README = readFileSync(join(import.meta.dirname, '..', '..', 'results', 'README.md'), 'utf8');

/** The table row scripts/write-results-readme.mjs writes for a column: a stale README fails here. */
const row = (name: string, unit: string, description: string) => `| \`${name}\` | ${unit} | ${description.replaceAll('|', '\\|')} |`;

describe('results/README.md', () => {
  it.each(RESULT_FILES.flatMap((f) => f.columns.map((c) => [f.file, c.name, c.unit, c.description] as const)))(
    'documents %s column %s with its unit and meaning as defined',
    (file, name, unit, description) => {
      const section = README.split(/^## /m).find((s) => s.startsWith(`\`${file}\``));
      expect(section, `section for ${file}`).toBeDefined();
      expect(section).toContain(row(name, unit, description));
    },
  );

  it.each([...REPLAY_JOB_COLUMNS, ...WARNINGS_COLUMNS, ...METRICS_COLUMNS])('documents replay column %s with its unit', (name, unit) => {
    expect(README).toContain(`| \`${name}\` | ${unit} |`);
  });

  it.each([SWEEP_SUMMARY_COLUMNS, SWEEP_FAILURES_COLUMNS, COMPARE_COLUMNS].flatMap((f) => f.columns.map((c) => [f.file, c.name, c.unit, c.description] as const)))(
    'documents sweep %s column %s with its unit and meaning as defined',
    (file, name, unit, description) => {
      const sweeps = README.split(/^## /m).find((s) => s.startsWith('Sweeps'));
      const section = sweeps?.split(/^### /m).find((s) => s.startsWith(`Sweep \`${file}\``));
      expect(section, `sweep section for ${file}`).toBeDefined();
      expect(section).toContain(row(name, unit, description));
    },
  );
});

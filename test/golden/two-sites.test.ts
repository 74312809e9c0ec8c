import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resultFiles, runScenario } from '../../src/runner/run-scenario.js';
import { loadScenario } from '../../src/scenario/load-scenario.js';

// Golden files: regenerate only in a commit that says why (`npx vitest run test/golden -u`).
describe('golden results of examples/two-sites.yaml', () => {
  const files = resultFiles(runScenario(loadScenario(join(import.meta.dirname, '..', '..', 'examples', 'two-sites.yaml'))), {
    scenarioFile: 'two-sites.yaml',
    options: {},
  });

  it.each(['summary.csv', 'centres.csv', 'links.csv'])('%s matches its golden file', async (name) => {
    await expect(files.get(name)).toMatchFileSnapshot(`./two-sites/${name}`);
  });

  it('jobs.csv matches its golden file', async () => {
    await expect(files.get('jobs.csv')).toMatchFileSnapshot('./two-sites/jobs.csv');
  });
});

/** The dataset catalogue: ids unique, replicas on known sites; named by jobs files and job classes. */
import type { Dataset } from '../model/scenario.js';
import type { At } from './issue-messages.js';
import type { ScenarioInput } from './schema.js';

export function resolveDatasets(input: ScenarioInput, checkSite: (siteId: string, path: readonly PropertyKey[]) => boolean, at: At): Map<string, Dataset> {
  const datasets = new Map<string, Dataset>();
  input.datasets.forEach((d, i) => {
    if (datasets.has(d.id)) at(['datasets', i, 'id'], `duplicate dataset id '${d.id}'`);
    d.replicas.forEach((site, k) => checkSite(site, ['datasets', i, 'replicas', k]));
    datasets.set(d.id, { id: d.id, sizeBytes: d.size, replicas: d.replicas });
  });
  return datasets;
}

/** The catalogue's ids, for a message about an unknown dataset. */
export function knownDatasets(datasets: ReadonlyMap<string, Dataset>): string {
  return datasets.size === 0 ? 'the catalogue `datasets` is empty' : `known: ${[...datasets.keys()].join(', ')}`;
}

import { dirname, resolve } from 'node:path';
import { InputError } from '../model/input-error.js';
import type { Scenario } from '../model/scenario.js';
import { type At, describeIssue, formatPath } from './issue-messages.js';
import { resolveCentres } from './resolve-centres.js';
import { resolveDatasets } from './resolve-datasets.js';
import { checkDispatchDown, resolveDispatch } from './resolve-dispatch.js';
import { deepFreeze } from './resolve-helpers.js';
import { centreReach, resolveLinks, resolveRoutes } from './resolve-links.js';
import { resolveNetworkModel } from './resolve-network-model.js';
import { resolveSiteDown, resolveSitesAndRegions, siteCheck } from './resolve-sites.js';
import { checkClassTables, resolveWorkload } from './resolve-workload.js';
import { scenarioSchema, type ScenarioInput } from './schema.js';
import { uniqueJobIds } from './unique-job-ids.js';

/** Finds the "line L, col C" of a path in the source file, or '' when unknown (JSON, defaults). */
export type Locator = (path: readonly PropertyKey[]) => string;

/** The longest report window: a leap year. */
const MAX_WINDOW_S = 366 * 86400;

/**
 * The only way into a run: validates a raw scenario object (from YAML or JSON), converts units,
 * resolves cross-references and files, and returns a frozen {@link Scenario}.
 *
 * @param file the scenario's path (for messages and to resolve relative file paths)
 * @param locate maps a path to its line and column in the source, for messages
 * @throws InputError listing every problem at once
 */
export function parseScenario(raw: unknown, file: string, locate: Locator = () => ''): Scenario {
  const problems: string[] = [];
  const at = (path: readonly PropertyKey[], message: string): void => {
    const where = locate(path);
    problems.push(`${formatPath(path)}${where === '' ? '' : ` (${where})`}: ${message}`);
  };
  const parsed = scenarioSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) at(issue.path, describeIssue(issue));
    throw new InputError(file, problems);
  }
  const input = parsed.data;
  const scenario = resolveScenario(input, file, at);
  if (problems.length > 0) throw new InputError(file, problems);
  return deepFreeze(scenario);
}

/**
 * The validated input as a {@link Scenario}, section by section; each section reports through
 * `at`, and the sections run in this order so that problems are listed as before (the centres
 * may add sites and regions, which the links, routes and sources then know).
 */
function resolveScenario(input: ScenarioInput, file: string, at: At): Scenario {
  const baseDir = dirname(resolve(file));
  const { sites, regions, checkRegion } = resolveSitesAndRegions(input, at);
  checkDispatchDown(input, at);
  const siteDown = resolveSiteDown(input, at);
  const centres = resolveCentres(input, { baseDir, sites, checkRegion, siteDown, at });
  const { knownSites, checkSite } = siteCheck(sites, at);
  const networkModel = resolveNetworkModel(input.network, at);
  const links = resolveLinks(input, { sites, siteDown, networkModel, checkSite, at });
  const routes = resolveRoutes(input, links, checkSite, at);
  const datasets = resolveDatasets(input, checkSite, at);
  const checkReach = centreReach(input, sites, links, centres, at);
  checkReportWindow(input, at);
  const horizonS = input.horizon ?? Number.POSITIVE_INFINITY;
  const workload = resolveWorkload(input, { baseDir, horizonS, at, checkSite, sites, datasets, knownSites, checkReach });
  checkClassTables(input, workload, at);
  const dispatch = resolveDispatch(input, baseDir, at);

  return {
    version: 1,
    name: input.name,
    description: input.description,
    seed: input.seed,
    horizonS,
    sites: [...sites.values()],
    regions,
    centres,
    links,
    routes,
    datasets: [...datasets.values()],
    flowCapBps: input.network.flowCap ?? Number.POSITIVE_INFINITY,
    ...(networkModel.model === 'maxmin' ? {} : { networkModel }),
    dispatch,
    energy: { accounting: input.energy.accounting, startMonth: input.energy.startMonth },
    speeds: input.speeds,
    workload: uniqueJobIds(workload),
    report: { utilizationWindowS: input.report.utilizationWindow },
    retry: { policy: input.retry.policy, maxAttempts: input.retry.maxAttempts, delayS: input.retry.delay },
    checkpoint: Object.fromEntries(
      Object.entries(input.checkpoint).map(([jobClass, c]) => [jobClass, { intervalS: c.interval === 'young-daly' ? Number.NaN : c.interval, overheadS: c.overhead }]),
    ),
  };
}

/** The report window: at most a leap year, and with energy accounting a divisor or multiple of an hour. */
function checkReportWindow(input: ScenarioInput, at: At): void {
  const windowS = input.report.utilizationWindow;
  if (windowS > MAX_WINDOW_S) {
    // Energy is summed per hour within a window: a window of centuries would be millions of cells.
    at(['report', 'utilizationWindow'], `expected a window of at most 366d, got ${windowS} s`);
  }
  // Energy windows are summed over cells within which PUE, price and carbon are constant: a window
  // that divides an hour, or a whole number of hours, keeps those cells as long as possible.
  if (input.energy.accounting && !(Number.isInteger(3600 / windowS) || Number.isInteger(windowS / 3600))) {
    at(['report', 'utilizationWindow'], `with energy accounting on (energy.accounting) the window must divide 1 h (e.g. 15min) or be a whole number of hours, got ${windowS} s`);
  }
}

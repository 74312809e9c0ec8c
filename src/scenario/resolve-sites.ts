/**
 * A scenario's sites and regions: ids checked, each region's hourly and monthly rates (as given,
 * else the built-in energy table's), the outage windows of whole sites, and the check of a site
 * id named elsewhere (links, routes, datasets, sources).
 */
import type { Region, Site } from '../model/site.js';
import { builtinRegion } from './builtin-energy.js';
import type { At } from './issue-messages.js';
import { slots } from './resolve-helpers.js';
import type { ScenarioInput } from './schema.js';

/** The sites and regions declared; resolving the centres may add to both (see checkRegion). */
export interface SitesAndRegions {
  readonly sites: Map<string, Site>;
  readonly regions: Region[];
  /** Checks the region of a site or centre at `path`, adding a built-in one on first use. */
  readonly checkRegion: (region: string, path: readonly PropertyKey[]) => void;
}

/** An outage of a whole site, with the path it was given at (for overlap messages). */
export type SiteWindow = { fromS: number; toS: number; abrupt: boolean; path: readonly PropertyKey[] };

/** The declared sites and regions, duplicates reported; then the region of every site checked. */
export function resolveSitesAndRegions(input: ScenarioInput, at: At): SitesAndRegions {
  const sites = new Map<string, Site>();
  input.sites.forEach((s, i) => {
    if (sites.has(s.id)) at(['sites', i, 'id'], `duplicate site id '${s.id}'`);
    sites.set(s.id, { id: s.id, name: s.name ?? s.id, region: s.region, latDeg: s.lat, lonDeg: s.lon });
  });
  const regionIds = new Set(input.regions.map((r) => r.id));
  const regions: Region[] = [];
  input.regions.forEach((r, i) => {
    if (input.regions.findIndex((x) => x.id === r.id) !== i) at(['regions', i, 'id'], `duplicate region id '${r.id}'`);
    regions.push(resolveRegion(r.id, r.priceCnyPerKWh, r.carbonGPerKWh, r.pue, input.energy.timeOfUse));
  });
  // A region named by a site or centre but not declared takes the built-in energy table's row.
  const checkRegion = (region: string, path: readonly PropertyKey[]): void => {
    if (region === '' || regionIds.has(region)) return;
    if (builtinRegion(region) !== undefined) {
      regionIds.add(region);
      regions.push(resolveRegion(region, undefined, undefined, undefined, input.energy.timeOfUse));
    } else if (input.regions.length > 0) {
      at(path, `unknown region '${region}': declare it in regions (known: ${[...regionIds].join(', ')}) or use a region of the built-in energy table (data/layout-2025/energy.csv)`);
    }
  };
  input.sites.forEach((s, i) => checkRegion(s.region, ['sites', i, 'region']));
  return { sites, regions, checkRegion };
}

/** Outages of whole sites by site id, added to the windows of their centres and links. */
export function resolveSiteDown(input: ScenarioInput, at: At): Map<string, SiteWindow[]> {
  const siteDown = new Map<string, SiteWindow[]>();
  input.sites.forEach((s, i) => {
    s.down.forEach((d, k) => {
      const path = ['sites', i, 'down', k];
      if (!(d.to > d.from)) at([...path, 'to'], `must be after from (${d.from} s), got ${d.to} s`);
      const windows = siteDown.get(s.id) ?? [];
      windows.push({ fromS: d.from, toS: d.to, abrupt: d.mode === 'abrupt', path });
      siteDown.set(s.id, windows);
    });
  });
  return siteDown;
}

/** Checks a site id named elsewhere against the sites known once the centres are resolved. */
export interface SiteCheck {
  /** The known site ids, sorted, for messages. */
  readonly knownSites: () => string;
  /** Reports an unknown site at `path`; true when it is known. */
  readonly checkSite: (siteId: string, path: readonly PropertyKey[]) => boolean;
}

export function siteCheck(sites: ReadonlyMap<string, Site>, at: At): SiteCheck {
  const knownSites = (): string => [...sites.keys()].sort().join(', ');
  const checkSite = (siteId: string, path: readonly PropertyKey[]): boolean => {
    if (sites.has(siteId)) return true;
    at(path, `unknown site '${siteId}' (known: ${knownSites()})`);
    return false;
  };
  return { knownSites, checkSite };
}

/**
 * A region's rates: as given, else the built-in energy table's row for its id, else 0 CNY, 0 g,
 * PUE 1; prices times the `energy.timeOfUse` factors of each hour when given.
 */
function resolveRegion(
  id: string,
  price: number | readonly number[] | undefined,
  carbon: number | readonly number[] | undefined,
  pue: number | readonly number[] | undefined,
  timeOfUse: readonly number[] | undefined,
): Region {
  const builtin = price === undefined || carbon === undefined || pue === undefined ? builtinRegion(id) : undefined;
  const prices = slots(price ?? builtin?.priceCnyPerKWh ?? 0, 24);
  return {
    id,
    priceByHourCnyPerKWh: timeOfUse === undefined ? prices : prices.map((p, h) => p * (timeOfUse[h] as number)),
    carbonByHourGPerKWh: slots(carbon ?? builtin?.carbonGPerKWh ?? 0, 24),
    pueByMonth: slots(pue ?? builtin?.pue ?? 1, 12),
  };
}

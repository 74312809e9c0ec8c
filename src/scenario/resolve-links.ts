/**
 * A scenario's network: links (ends checked, latency from distance when not given, capacity
 * changes and outages in time order, the outages of their sites joined in), routes (each hop a
 * link), and which sites can reach a centre at all.
 */
import type { Centre } from '../model/centre.js';
import type { Link } from '../model/link.js';
import { defaultLinkSharing, type NetworkModel } from '../model/network-model.js';
import type { RouteSpec } from '../model/scenario.js';
import { greatCircleKm, type Site } from '../model/site.js';
import type { At } from './issue-messages.js';
import { reachability, unionOfWindows, withFailures } from './resolve-helpers.js';
import type { SiteWindow } from './resolve-sites.js';
import type { ScenarioInput } from './schema.js';

/** What resolving the links needs from the scenario being resolved. */
export interface LinkContext {
  readonly sites: ReadonlyMap<string, Site>;
  readonly siteDown: ReadonlyMap<string, readonly SiteWindow[]>;
  readonly networkModel: NetworkModel;
  readonly checkSite: (siteId: string, path: readonly PropertyKey[]) => boolean;
  readonly at: At;
}

/** The links whose ends are known sites; the problems of every link reported. */
export function resolveLinks(input: ScenarioInput, ctx: LinkContext): Link[] {
  const { sites, siteDown, networkModel, checkSite, at } = ctx;
  const pairs = new Set<string>();
  const links: Link[] = [];
  input.links.forEach((l, i) => {
    const [a, b] = l.between;
    const okA = checkSite(a, ['links', i, 'between', 0]);
    const okB = checkSite(b, ['links', i, 'between', 1]);
    if (a === b) at(['links', i, 'between'], `a link needs two different sites, got '${a}' twice`);
    const key = a < b ? `${a}\0${b}` : `${b}\0${a}`;
    if (pairs.has(key)) at(['links', i, 'between'], `duplicate link between '${a}' and '${b}'`);
    pairs.add(key);
    if (!okA || !okB) return;
    const siteA = sites.get(a) as Site;
    const siteB = sites.get(b) as Site;
    const latencyS =
      l.latency ?? greatCircleKm(siteA, siteB) * (l.routeFactor ?? input.network.routeFactor) * input.network.fibreDelayPerKm;
    l.capacity.forEach((c, k) => {
      const previous = l.capacity[k - 1];
      if (previous !== undefined && c.at < previous.at) at(['links', i, 'capacity', k, 'at'], 'capacity changes must be in time order');
    });
    l.down.forEach((d, k) => {
      if (!(d.to > d.from)) at(['links', i, 'down', k, 'to'], `an outage must end after it starts (from ${d.from} s)`);
      const previous = l.down[k - 1];
      if (previous !== undefined && d.from < previous.to) at(['links', i, 'down', k, 'from'], 'outages must be in time order and not overlap');
    });
    links.push({
      id: `${a}-${b}`,
      a,
      b,
      bandwidthBps: l.bandwidth,
      latencyS,
      capacitySchedule: l.capacity.map((c) => ({ atS: c.at, bandwidthBps: c.bandwidth })),
      // A link is down while either end's site is (overlapping windows join).
      down:
        siteDown.has(a) || siteDown.has(b)
          ? unionOfWindows([...l.down.map((d) => ({ fromS: d.from, toS: d.to })), ...(siteDown.get(a) ?? []), ...(siteDown.get(b) ?? [])])
          : l.down.map((d) => ({ fromS: d.from, toS: d.to })),
      energyJPerByte: (l.energyPerGB ?? input.energy.transferPerGB) / 1e9,
      ...withFailures(l.failures ?? input.failures?.links),
      // Absent = splitDuplex, so a scenario without the key normalises (and hashes) as before.
      ...((l.sharing ?? defaultLinkSharing(networkModel.model)) === 'shared' ? { sharing: 'shared' as const } : {}),
    });
  });
  return links;
}

/** The routes given, each site known and each hop over a link. */
export function resolveRoutes(input: ScenarioInput, links: readonly Link[], checkSite: LinkContext['checkSite'], at: At): RouteSpec[] {
  const linked = new Set(links.map((l) => `${l.a}\0${l.b}`));
  const isLinked = (x: string, y: string): boolean => linked.has(`${x}\0${y}`) || linked.has(`${y}\0${x}`);
  const routes: RouteSpec[] = [];
  input.routes.forEach((r, i) => {
    const path = [r.between[0], ...r.via, r.between[1]];
    const known = path.every((site, k) => checkSite(site, ['routes', i, ...(k === 0 ? ['between', 0] : k === path.length - 1 ? ['between', 1] : ['via', k - 1])]));
    if (!known) return;
    if (new Set(path).size !== path.length) {
      at(['routes', i, 'via'], `a route visits '${path.find((x, k) => path.indexOf(x) !== k)}' twice: list each site once`);
      return;
    }
    for (let k = 0; k + 1 < path.length; k++) {
      if (!isLinked(path[k] as string, path[k + 1] as string)) at(['routes', i, 'via'], `no link between '${path[k]}' and '${path[k + 1]}'`);
    }
    routes.push({ from: r.between[0], to: r.between[1], via: r.via });
  });
  return routes;
}

/**
 * Sites that can reach some centre (over all links, ignoring outages): a source whose users
 * or data cannot reach any centre would only produce rejected jobs. Reports each dataset no
 * replica of which reaches a centre; returns the check of a source's sites.
 */
export function centreReach(
  input: ScenarioInput,
  sites: ReadonlyMap<string, Site>,
  links: readonly Link[],
  centres: readonly Centre[],
  at: At,
): (site: string, path: readonly PropertyKey[]) => void {
  const reach = reachability([...sites.keys()], links);
  const centreSites = centres.map((c) => c.siteId);
  const reachesCentre = (site: string): boolean => centreSites.some((c) => c === site || reach(site, c));
  // With a broken link list, "no route" would only repeat the link errors.
  const linksValid = links.length === input.links.length;
  const checkReach = (site: string, path: readonly PropertyKey[]): void => {
    if (linksValid && sites.has(site) && !reachesCentre(site)) at(path, `site '${site}' has no route to any centre: add a link`);
  };
  input.datasets.forEach((d, i) => {
    const known = d.replicas.filter((r) => sites.has(r));
    if (linksValid && known.length === d.replicas.length && !known.some(reachesCentre)) {
      at(['datasets', i, 'replicas'], `no replica of dataset '${d.id}' can reach a centre (${d.replicas.join(', ')}): add a link or a replica`);
    }
  });
  return checkReach;
}

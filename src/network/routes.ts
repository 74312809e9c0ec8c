import type { Link } from '../model/link.js';

/** One hop of a route: a link and the direction it is used in. */
export interface Hop {
  readonly link: number;
  /** 0 = from link.a to link.b, 1 = from b to a. */
  readonly direction: 0 | 1;
}

/** A path between two sites. */
export interface Route {
  readonly hops: readonly Hop[];
  /** The link directions of the hops (2 · link + direction), in order. */
  readonly linkDirs: Int32Array;
  /** Identifies the route (same key = same links): flows on it share a class. */
  readonly key: string;
  readonly latencyS: number;
  /** Smallest bandwidth along the route (Infinity for an empty route). */
  readonly bottleneckBps: number;
}

/**
 * All-pairs shortest routes by latency over the link graph.
 *
 * Ties are broken deterministically: fewer hops first, then the route whose sequence of site
 * indices is smaller, so the result does not depend on link order in the file.
 */
export class RouteTable {
  readonly siteIds: readonly string[];
  private readonly indexOf: ReadonlyMap<string, number>;
  private readonly routes: (Route | null)[];
  /**
   * The routes as numbers, for the dispatcher's loop over centres (no route object to reach):
   * latency of each pair's route (index from · n + to), seconds, NaN when they are not
   * connected; its link directions are `hopDirs[hopStart[k] .. hopStart[k + 1])`.
   */
  readonly latencyS: Float64Array;
  readonly hopStart: Int32Array;
  readonly hopDirs: Int32Array;

  /**
   * @param options.isUp which links can be used (default: all); routes avoid the others
   * @param options.explicit routes given per site pair (a list of intermediate sites); used in
   *   both directions while all their links are up, else the shortest route applies
   */
  constructor(
    siteIds: readonly string[],
    links: readonly Link[],
    options: { isUp?: (link: number) => boolean; explicit?: readonly ExplicitRoute[] } = {},
  ) {
    this.siteIds = siteIds;
    this.indexOf = new Map(siteIds.map((id, i) => [id, i]));
    const n = siteIds.length;
    const isUp = options.isUp ?? (() => true);
    const adjacency: { to: number; link: number; direction: 0 | 1 }[][] = Array.from({ length: n }, () => []);
    links.forEach((l, i) => {
      if (!isUp(i)) return;
      const a = this.siteIndex(l.a);
      const b = this.siteIndex(l.b);
      adjacency[a]?.push({ to: b, link: i, direction: 0 });
      adjacency[b]?.push({ to: a, link: i, direction: 1 });
    });
    this.routes = new Array<Route | null>(n * n).fill(null);
    for (let s = 0; s < n; s++) this.fromSource(s, adjacency, links);
    for (const e of options.explicit ?? []) {
      const forward = explicitHops([e.from, ...e.via, e.to], adjacency, (id) => this.siteIndex(id));
      if (forward === null) continue;
      const latencyS = forward.reduce((sum, h) => sum + (links[h.link] as Link).latencyS, 0);
      const bottleneckBps = forward.reduce((m, h) => Math.min(m, (links[h.link] as Link).bandwidthBps), Number.POSITIVE_INFINITY);
      const backward = [...forward].reverse().map((h) => ({ link: h.link, direction: (1 - h.direction) as 0 | 1 }));
      this.routes[this.siteIndex(e.from) * n + this.siteIndex(e.to)] = makeRoute(forward, latencyS, bottleneckBps);
      this.routes[this.siteIndex(e.to) * n + this.siteIndex(e.from)] = makeRoute(backward, latencyS, bottleneckBps);
    }
    this.latencyS = Float64Array.from(this.routes, (r) => (r === null ? Number.NaN : r.latencyS));
    this.hopStart = new Int32Array(n * n + 1);
    for (let k = 0; k < n * n; k++) this.hopStart[k + 1] = (this.hopStart[k] as number) + (this.routes[k]?.linkDirs.length ?? 0);
    this.hopDirs = new Int32Array(this.hopStart[n * n] as number);
    this.routes.forEach((r, k) => {
      if (r !== null) this.hopDirs.set(r.linkDirs, this.hopStart[k] as number);
    });
  }

  /** Number of sites (the stride of {@link latencyS} and {@link hopStart}). */
  get siteCount(): number {
    return this.siteIds.length;
  }

  /** Index of a site id. @throws Error for an unknown id (the scenario parser prevents it) */
  siteIndex(id: string): number {
    const i = this.indexOf.get(id);
    if (i === undefined) throw new Error(`unknown site '${id}'`);
    return i;
  }

  /** The route between two sites given by index, or null when they are not connected. */
  routeAt(from: number, to: number): Route | null {
    return this.routes[from * this.siteIds.length + to] ?? null;
  }

  private fromSource(
    s: number,
    adjacency: readonly { to: number; link: number; direction: 0 | 1 }[][],
    links: readonly Link[],
  ): void {
    const n = this.siteIds.length;
    const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    const hops = new Int32Array(n).fill(0x7fffffff);
    const path: number[][] = Array.from({ length: n }, () => []);
    const via: Hop[][] = Array.from({ length: n }, () => []);
    const done = new Uint8Array(n);
    dist[s] = 0;
    hops[s] = 0;
    path[s] = [s];
    for (;;) {
      let u = -1;
      for (let i = 0; i < n; i++) {
        if (done[i] || dist[i] === Number.POSITIVE_INFINITY) continue;
        if (u < 0 || better(dist[i] as number, hops[i] as number, path[i] as number[], dist[u] as number, hops[u] as number, path[u] as number[])) u = i;
      }
      if (u < 0) break;
      done[u] = 1;
      for (const e of adjacency[u] as { to: number; link: number; direction: 0 | 1 }[]) {
        if (done[e.to]) continue;
        const d = (dist[u] as number) + (links[e.link] as Link).latencyS;
        const h = (hops[u] as number) + 1;
        const p = [...(path[u] as number[]), e.to];
        if (better(d, h, p, dist[e.to] as number, hops[e.to] as number, path[e.to] as number[])) {
          dist[e.to] = d;
          hops[e.to] = h;
          path[e.to] = p;
          via[e.to] = [...(via[u] as Hop[]), { link: e.link, direction: e.direction }];
        }
      }
    }
    for (let t = 0; t < n; t++) {
      if (dist[t] === Number.POSITIVE_INFINITY) continue;
      const routeHops = via[t] as Hop[];
      let bottleneckBps = Number.POSITIVE_INFINITY;
      for (const h of routeHops) bottleneckBps = Math.min(bottleneckBps, (links[h.link] as Link).bandwidthBps);
      this.routes[s * n + t] = makeRoute(routeHops, dist[t] as number, bottleneckBps);
    }
  }
}

/** A route given in the scenario: from, through the `via` sites in order, to. */
export interface ExplicitRoute {
  readonly from: string;
  readonly to: string;
  readonly via: readonly string[];
}

/** The hops along a sequence of sites, or null when two consecutive sites have no usable link. */
function explicitHops(
  sites: readonly string[],
  adjacency: readonly { to: number; link: number; direction: 0 | 1 }[][],
  indexOf: (id: string) => number,
): Hop[] | null {
  const hops: Hop[] = [];
  for (let i = 0; i + 1 < sites.length; i++) {
    const from = indexOf(sites[i] as string);
    const to = indexOf(sites[i + 1] as string);
    // The lowest link index between the two sites, when parallel links exist.
    let best: { link: number; direction: 0 | 1 } | undefined;
    for (const e of adjacency[from] ?? []) if (e.to === to && (best === undefined || e.link < best.link)) best = e;
    if (best === undefined) return null;
    hops.push({ link: best.link, direction: best.direction });
  }
  return hops;
}

function makeRoute(hops: readonly Hop[], latencyS: number, bottleneckBps: number): Route {
  const linkDirs = Int32Array.from(hops, (h) => 2 * h.link + h.direction);
  return { hops, linkDirs, key: linkDirs.join(','), latencyS, bottleneckBps };
}

function better(d1: number, h1: number, p1: readonly number[], d2: number, h2: number, p2: readonly number[]): boolean {
  if (d1 !== d2) return d1 < d2;
  if (h1 !== h2) return h1 < h2;
  for (let i = 0; i < Math.min(p1.length, p2.length); i++) {
    if (p1[i] !== p2[i]) return (p1[i] as number) < (p2[i] as number);
  }
  return false;
}

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

  constructor(siteIds: readonly string[], links: readonly Link[]) {
    this.siteIds = siteIds;
    this.indexOf = new Map(siteIds.map((id, i) => [id, i]));
    const n = siteIds.length;
    const adjacency: { to: number; link: number; direction: 0 | 1 }[][] = Array.from({ length: n }, () => []);
    links.forEach((l, i) => {
      const a = this.siteIndex(l.a);
      const b = this.siteIndex(l.b);
      adjacency[a]?.push({ to: b, link: i, direction: 0 });
      adjacency[b]?.push({ to: a, link: i, direction: 1 });
    });
    this.routes = new Array<Route | null>(n * n).fill(null);
    for (let s = 0; s < n; s++) this.fromSource(s, adjacency, links);
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

  /** The route between two sites, or null when they are not connected. */
  route(from: string, to: string): Route | null {
    return this.routes[this.siteIndex(from) * this.siteIds.length + this.siteIndex(to)] ?? null;
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
      this.routes[s * n + t] = { hops: routeHops, latencyS: dist[t] as number, bottleneckBps };
    }
  }
}

function better(d1: number, h1: number, p1: readonly number[], d2: number, h2: number, p2: readonly number[]): boolean {
  if (d1 !== d2) return d1 < d2;
  if (h1 !== h2) return h1 < h2;
  for (let i = 0; i < Math.min(p1.length, p2.length); i++) {
    if (p1[i] !== p2[i]) return (p1[i] as number) < (p2[i] as number);
  }
  return false;
}

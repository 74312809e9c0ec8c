/**
 * The map of the network: a d3-geo conic equal-area projection of Natural Earth's 1:50m
 * countries (the `world-atlas` package, read from disk: the page loads nothing), with each site
 * at its coordinates, each centre as a disc sized by its nodes and coloured by its node
 * utilization, and each link as a great-circle arc whose width follows its bandwidth and whose
 * colour follows the mean utilization of its busier direction. Outages are drawn dashed in red.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { geoBounds, geoConicEqualArea, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import { feature, merge } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { linkColour, rampColour } from './colour-ramp.js';
import { escapeHtml, formatBytes, formatDuration, formatQuantity } from './html-text.js';

export interface MapSite {
  readonly id: string;
  readonly name: string;
  readonly latDeg: number;
  readonly lonDeg: number;
}

export interface MapCentre {
  readonly id: string;
  readonly siteId: string;
  readonly nodes: number;
  readonly cores: number;
  readonly gpus: number;
  readonly nodeUtil: number;
  readonly jobs: number;
  /** Outage windows [fromS, toS). */
  readonly outages: readonly (readonly [number, number])[];
}

export interface MapLink {
  readonly id: string;
  readonly a: string;
  readonly b: string;
  readonly bandwidthBps: number;
  /** Mean utilization of the busier direction. */
  readonly utilization: number;
  /** Bytes over both directions. */
  readonly bytes: number;
  readonly outages: readonly (readonly [number, number])[];
}

const WIDTH_PX = 900;
const HEIGHT_PX = 640;
/** Countries of China as one shape (ISO 3166 numeric: China, Taiwan, Hong Kong, Macao). */
const CHINA_IDS = new Set(['156', '158', '344', '446']);

const topologies = new Map<string, Topology>();

/** Natural Earth countries at 1:50m (China's outline) or 1:110m (the neighbours, drawn faintly: a third of the bytes). */
function worldTopology(scale: '50m' | '110m'): Topology {
  let topology = topologies.get(scale);
  if (topology === undefined) {
    const file = createRequire(import.meta.url).resolve(`world-atlas/countries-${scale}.json`);
    topology = JSON.parse(readFileSync(file, 'utf8')) as Topology;
    topologies.set(scale, topology);
  }
  return topology;
}

/** The map as an SVG string: one `.centre` mark per centre and one `.link` mark per link. */
export function drawNetworkMap(sites: readonly MapSite[], centres: readonly MapCentre[], links: readonly MapLink[]): string {
  const topology = worldTopology('50m');
  const countries = topology.objects.countries as GeometryCollection;
  const china = merge(topology, countries.geometries.filter((g) => CHINA_IDS.has(String(g.id))) as never);
  const neighbours = worldTopology('110m');
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const points: GeoPermissibleObjects = {
    type: 'GeometryCollection',
    geometries: [china, ...sites.map((s) => ({ type: 'Point' as const, coordinates: [s.lonDeg, s.latDeg] }))],
  };
  const [[west, south], [east, north]] = geoBounds(points as never);
  const projection = geoConicEqualArea()
    .parallels([25, 47])
    .rotate([-(west + east) / 2, 0])
    .fitExtent(
      [
        [16, 16],
        [WIDTH_PX - 16, HEIGHT_PX - 70],
      ],
      points as never,
    );
  const path = geoPath(projection).digits(1);
  const inView = (d: string | null): boolean => d !== null && d !== '';
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" class="network-map" width="${WIDTH_PX}" height="${HEIGHT_PX}" viewBox="0 0 ${WIDTH_PX} ${HEIGHT_PX}" role="img" aria-label="Map of sites, centres and links">`);
  parts.push(`<defs><clipPath id="map-clip"><rect width="${WIDTH_PX}" height="${HEIGHT_PX}"/></clipPath></defs><rect width="${WIDTH_PX}" height="${HEIGHT_PX}" fill="#eef3f8"/>`);
  parts.push('<g clip-path="url(#map-clip)">');
  // Neighbours in light grey, China on top. The projection clips to the view, so countries
  // outside it come out empty and are left out, and those across its edge are cut there.
  projection.clipExtent([
    [0, 0],
    [WIDTH_PX, HEIGHT_PX],
  ]);
  const world = feature(neighbours, neighbours.objects.countries as GeometryCollection);
  for (const f of world.features) {
    if (CHINA_IDS.has(String(f.id))) continue;
    const d = path(f);
    if (inView(d)) parts.push(`<path class="country" d="${d}" fill="#f4f4f1" stroke="#c9c9c4" stroke-width="0.5"/>`);
  }
  const chinaPath = path(china);
  if (inView(chinaPath)) parts.push(`<path class="country china" d="${chinaPath}" fill="#fffdf5" stroke="#8c8c80" stroke-width="0.8"/>`);

  // Links: width ~ log10 of bandwidth, colour = utilization of the busier direction.
  const bandwidths = links.map((l) => l.bandwidthBps).filter((b) => b > 0);
  const minLog = Math.log10(Math.min(...bandwidths, 1e9));
  const maxLog = Math.log10(Math.max(...bandwidths, 1e9));
  const maxLinkUtil = Math.max(0, ...links.map((l) => (Number.isFinite(l.utilization) ? l.utilization : 0)));
  parts.push('<g class="links">');
  for (const link of links) {
    const a = siteById.get(link.a);
    const b = siteById.get(link.b);
    if (a === undefined || b === undefined) continue;
    const d = path({ type: 'LineString', coordinates: [[a.lonDeg, a.latDeg], [b.lonDeg, b.latDeg]] });
    if (!inView(d)) continue;
    const t = maxLog > minLog ? (Math.log10(Math.max(link.bandwidthBps, 1)) - minLog) / (maxLog - minLog) : 0.5;
    const widthPx = 0.8 + 3.2 * t;
    const down = link.outages.length > 0;
    const label = `link ${link.id}: ${formatQuantity(link.bandwidthBps / 1e9)} Gbit/s, mean utilization of the busier direction ${formatQuantity(link.utilization * 100, 3)}%, ${formatBytes(link.bytes)} carried${
      down ? `; down ${link.outages.map(([f, e]) => `${formatDuration(f)}–${formatDuration(e)}`).join(', ')}` : ''
    }`;
    parts.push(
      `<path class="link${down ? ' outage' : ''}" data-link="${escapeHtml(link.id)}" data-utilization="${link.utilization}" d="${d}" fill="none" stroke="${linkColour(link.utilization, maxLinkUtil)}" stroke-width="${widthPx.toFixed(2)}" stroke-linecap="round" opacity="0.85"${
        down ? ' stroke-dasharray="6 3"' : ''
      } aria-label="${escapeHtml(label)}"/>`,
    );
    if (down) parts.push(`<path class="link-outage" d="${d}" fill="none" stroke="#d62728" stroke-width="1" stroke-dasharray="2 4"/>`);
  }
  parts.push('</g>');

  // Sites: a small dot and the id; centres: discs around their site (several centres share a site).
  parts.push('<g class="sites">');
  for (const site of sites) {
    const p = projection([site.lonDeg, site.latDeg]);
    if (p === null) continue;
    parts.push(
      `<circle class="site" data-site="${escapeHtml(site.id)}" cx="${p[0].toFixed(1)}" cy="${p[1].toFixed(1)}" r="2" fill="#333" aria-label="${escapeHtml(`site ${site.id} (${site.name}) ${site.latDeg}°N ${site.lonDeg}°E`)}"/>`,
    );
  }
  parts.push('</g>');
  const maxNodes = Math.max(1, ...centres.map((c) => c.nodes));
  const radius = (nodes: number): number => 4 + 16 * Math.sqrt(Math.max(0, nodes) / maxNodes);
  const bySite = new Map<string, MapCentre[]>();
  for (const c of centres) bySite.set(c.siteId, [...(bySite.get(c.siteId) ?? []), c]);
  parts.push('<g class="centres">');
  const labels: SiteLabel[] = [];
  for (const [siteId, group] of bySite) {
    const site = siteById.get(siteId);
    const p = site === undefined ? null : projection([site.lonDeg, site.latDeg]);
    if (p === null || site === undefined) continue;
    group.forEach((c, i) => {
      // Several centres at one site sit on a small ring around it, largest first as listed.
      const angle = (2 * Math.PI * i) / group.length - Math.PI / 2;
      const offset = group.length > 1 ? 9 : 0;
      const x = p[0] + offset * Math.cos(angle);
      const y = p[1] + offset * Math.sin(angle);
      const down = c.outages.length > 0;
      const label = `centre ${c.id} at ${site.name}: ${formatQuantity(c.nodes)} nodes, ${formatQuantity(c.cores)} cores, ${formatQuantity(c.gpus)} GPUs; node utilization ${formatQuantity(c.nodeUtil * 100, 3)}%; ${formatQuantity(c.jobs)} jobs${
        down ? `; down ${c.outages.map(([f, e]) => `${formatDuration(f)}–${formatDuration(e)}`).join(', ')}` : ''
      }`;
      parts.push(
        `<circle class="centre${down ? ' outage' : ''}" data-centre="${escapeHtml(c.id)}" data-node-util="${Number.isFinite(c.nodeUtil) ? c.nodeUtil : ''}" data-site="${escapeHtml(siteId)}" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${radius(c.nodes).toFixed(1)}" fill="${rampColour(c.nodeUtil)}" fill-opacity="0.85" stroke="${
          down ? '#d62728' : '#fff'
        }" stroke-width="${down ? 2.5 : 1}"${down ? ' stroke-dasharray="3 2"' : ''} aria-label="${escapeHtml(label)}"/>`,
      );
    });
    // The label sits clear of the site's discs.
    labels.push({ siteId, x: p[0], y: p[1], clearPx: (group.length > 1 ? 9 : 0) + Math.max(...group.map((c) => radius(c.nodes))) + 2 });
  }
  for (const text of placeLabels(labels)) parts.push(text);
  parts.push('</g>');
  parts.push('</g>');
  parts.push(legend(maxLinkUtil));
  parts.push('</svg>');
  return parts.join('');
}

/** A site's label: the site's point and how far from it the label must stay to clear its discs. */
interface SiteLabel {
  readonly siteId: string;
  readonly x: number;
  readonly y: number;
  readonly clearPx: number;
}

/** Label box at font-size 10 as Chromium lays it out: about 6.5 px a character, 13 px high (ascent and descent). */
const CHAR_PX = 6.5;
const LABEL_HEIGHT_PX = 13;
/** Space kept between two labels: abutting names ("WHU" and "YRD") read as one word. */
const LABEL_GAP_PX = 3;
/** How much further out the second ring of label places lies, px. */
const FAR_PX = 10;

/** A box in the map's pixels. */
interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** Area two boxes share when each is widened by `gap` px; 0 when they are apart. */
function sharedArea(a: Box, b: Box, gap: number): number {
  const w = Math.min(a.x1 + gap, b.x1 + gap) - Math.max(a.x0, b.x0);
  const h = Math.min(a.y1 + gap, b.y1 + gap) - Math.max(a.y0, b.y0);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * The site labels, each at the first of eight places around its site (the corners NE, SE, NW,
 * SW, then E, W, N, S; then the same {@link FAR_PX} further out) that is clear of the labels placed before it (by {@link LABEL_GAP_PX})
 * and of other sites' discs; sites with the largest discs are placed first. Where no place is
 * clear (a dense cluster such as the Yangtze delta), the one that covers least: another label
 * counts far more than a disc, so that names stay apart. Hovering a disc names its centre
 * either way; a white halo keeps a label readable where it crosses a link.
 */
function placeLabels(labels: readonly SiteLabel[]): string[] {
  const placed: Box[] = [];
  // Each site's discs, as the box around them (clearPx reaches 2 px past the outermost disc).
  const discs = labels.map((l) => ({ siteId: l.siteId, box: { x0: l.x - l.clearPx + 2, y0: l.y - l.clearPx + 2, x1: l.x + l.clearPx - 2, y1: l.y + l.clearPx - 2 } }));
  const order = [...labels].sort((a, b) => b.clearPx - a.clearPx || (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0));
  return order.map((l) => {
    const width = l.siteId.length * CHAR_PX;
    // Next to the site's discs first; then a ring further out, for the sites of a dense cluster.
    const places = [0, FAR_PX].flatMap((far) => {
      const c = l.clearPx + far;
      const d = l.clearPx * 0.7 + far;
      return [
        { dx: d, dy: -d, anchor: 'start' },
        { dx: d, dy: d + LABEL_HEIGHT_PX, anchor: 'start' },
        { dx: -d, dy: -d, anchor: 'end' },
        { dx: -d, dy: d + LABEL_HEIGHT_PX, anchor: 'end' },
        { dx: c, dy: LABEL_HEIGHT_PX / 2 - 2, anchor: 'start' },
        { dx: -c, dy: LABEL_HEIGHT_PX / 2 - 2, anchor: 'end' },
        { dx: 0, dy: -c, anchor: 'middle' },
        { dx: 0, dy: c + LABEL_HEIGHT_PX, anchor: 'middle' },
      ] as const;
    });
    const boxOf = (p: (typeof places)[number]): Box => {
      const x = l.x + p.dx;
      const y = l.y + p.dy;
      const x0 = p.anchor === 'start' ? x : p.anchor === 'end' ? x - width : x - width / 2;
      return { x0, y0: y - LABEL_HEIGHT_PX, x1: x0 + width, y1: y };
    };
    const LABEL_WEIGHT = 1e6;
    const cover = (box: Box): number => {
      let area = 0;
      for (const o of placed) area += LABEL_WEIGHT * sharedArea(box, o, LABEL_GAP_PX);
      for (const disc of discs) if (disc.siteId !== l.siteId) area += sharedArea(box, disc.box, 0);
      return area;
    };
    let best = places[0] as (typeof places)[number];
    let bestCover = Number.POSITIVE_INFINITY;
    for (const p of places) {
      const covered = cover(boxOf(p));
      if (covered < bestCover) {
        best = p;
        bestCover = covered;
      }
      if (covered === 0) break;
    }
    placed.push(boxOf(best));
    const anchor = best.anchor === 'start' ? '' : ` text-anchor="${best.anchor}"`;
    return `<text class="site-label" x="${(l.x + best.dx).toFixed(1)}" y="${(l.y + best.dy).toFixed(1)}"${anchor} font-size="10" fill="#333" stroke="#fff" stroke-width="3" paint-order="stroke">${escapeHtml(l.siteId)}</text>`;
  });
}

/** Colour ramp and the meaning of sizes, widths and dashes. */
function legend(maxLinkUtil: number): string {
  const y = HEIGHT_PX - 44;
  const stops = Array.from({ length: 11 }, (_, i) => `<stop offset="${i * 10}%" stop-color="${rampColour(i / 10)}"/>`).join('');
  const linkStops = Array.from({ length: 11 }, (_, i) => `<stop offset="${i * 10}%" stop-color="${linkColour(i / 10, 1)}"/>`).join('');
  return [
    `<g class="legend" font-size="11" fill="#333">`,
    `<defs><linearGradient id="map-ramp">${stops}</linearGradient><linearGradient id="map-link-ramp">${linkStops}</linearGradient></defs>`,
    `<rect x="16" y="${y - 4}" width="${WIDTH_PX - 32}" height="44" fill="white" opacity="0.9"/>`,
    `<text x="24" y="${y + 10}">centre utilization</text><rect x="130" y="${y + 1}" width="120" height="10" fill="url(#map-ramp)"/>`,
    `<text x="130" y="${y + 23}" font-size="9">0%</text><text x="250" y="${y + 23}" font-size="9" text-anchor="end">100%</text>`,
    `<text x="270" y="${y + 10}">link utilization</text><rect x="360" y="${y + 1}" width="120" height="10" fill="url(#map-link-ramp)"/>`,
    `<text x="360" y="${y + 23}" font-size="9">0%</text><text x="480" y="${y + 23}" font-size="9" text-anchor="end">${formatQuantity(maxLinkUtil * 100, 3)}% (busiest)</text>`,
    `<circle cx="520" cy="${y + 6}" r="3" fill="#999"/><circle cx="533" cy="${y + 6}" r="7" fill="#999"/><text x="545" y="${y + 10}">area ∝ nodes</text>`,
    `<line x1="630" y1="${y + 6}" x2="650" y2="${y + 6}" stroke="#666" stroke-width="1"/><line x1="654" y1="${y + 6}" x2="674" y2="${y + 6}" stroke="#666" stroke-width="4"/><text x="680" y="${y + 10}">width ∝ log bandwidth</text>`,
    `<line x1="630" y1="${y + 24}" x2="674" y2="${y + 24}" stroke="#d62728" stroke-width="2" stroke-dasharray="6 3"/><text x="680" y="${y + 28}">outage</text>`,
    `<text x="24" y="${y + 36}" font-size="9" fill="#777">Base map: Natural Earth 1:50m / 1:110m (world-atlas), schematic; boundaries not authoritative.</text>`,
    '</g>',
  ].join('');
}

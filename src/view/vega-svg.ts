/**
 * Charts as static SVG: a Vega-Lite spec is compiled to Vega and rendered headless in Node
 * (Vega's own SVG renderer, no browser, no canvas), then made fit to sit beside other charts in
 * one page. Vega-Lite was chosen over Observable Plot because it renders to SVG in Node without a
 * DOM (Plot needs jsdom), its specs are plain data that tests can read, and every mark carries an
 * `aria-label` with its encoded values, which the page shows as a tooltip and tests compare with
 * the CSV files.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** Shared look: system fonts only (the page loads nothing), light grid, compact titles. */
const CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif',
  background: 'white',
  view: { stroke: '#ccc' },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11 },
  title: { fontSize: 13, anchor: 'start' as const },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#eeca3b', '#9d755d', '#ff9da6', '#bab0ac'] },
};

let chartCount = 0;

/**
 * Renders a Vega-Lite spec as an SVG string. Ids inside the SVG (clip paths, gradients) get a
 * prefix unique within the process, so many charts can share one HTML document; coordinates are
 * rounded to 0.01 px (Vega writes full doubles, which doubles the size of a heatmap) while the
 * `aria-label` values, which tooltips and tests read, keep their precision.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vgSpec = compile(withConfig).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  chartCount += 1;
  return tidySvg(svg, `c${chartCount}-`);
}

const GEOMETRY_ATTRIBUTE = / (d|transform|x|y|x1|y1|x2|y2|width|height|cx|cy|r)="([^"]*)"/g;
const LONG_DECIMAL = /(-?\d+\.\d{3,})(e-?\d+)?/g;

/** Rounds geometry, drops per-mark ARIA role noise, and makes ids unique with `prefix`. */
export function tidySvg(svg: string, prefix: string): string {
  return svg
    .replace(GEOMETRY_ATTRIBUTE, (_m, name: string, value: string) => ` ${name}="${value.replace(LONG_DECIMAL, (x) => String(Math.round(Number(x) * 100) / 100))}"`)
    .replace(/ role="graphics-symbol" aria-roledescription="[^"]*"/g, '')
    .replace(/ id="([^"]+)"/g, ` id="${prefix}$1"`)
    .replace(/url\(#([^)]+)\)/g, `url(#${prefix}$1)`);
}

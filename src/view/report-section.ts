import { type ChartSpec, renderSvg } from './vega-svg.js';
import { escapeHtml } from './html-text.js';

/** One figure of the report: a chart (SVG), its title and the one line that says how to read it. */
export interface Figure {
  readonly id: string;
  readonly title: string;
  readonly caption: string;
  readonly svg: string;
}

/** A section of the report: a heading, optional HTML (tables, headline figures) and figures. */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly html?: string;
  readonly figures: readonly Figure[];
}

/**
 * A chart figure: the Vega-Lite spec gets the figure's title (so an SVG saved alone still says
 * what it shows) and is rendered to SVG.
 */
export async function chartFigure(id: string, title: string, caption: string, spec: ChartSpec): Promise<Figure> {
  const svg = await renderSvg({ ...spec, title } as ChartSpec);
  return { id, title, caption, svg };
}

/** The HTML of a section: heading, HTML part, then each figure with its caption. */
export function sectionHtml(section: Section): string {
  const figures = section.figures
    .map(
      (f) =>
        `<figure class="chart" id="${escapeHtml(f.id)}" data-title="${escapeHtml(f.title)}">${f.svg}<figcaption>${escapeHtml(f.caption)}</figcaption></figure>`,
    )
    .join('\n');
  return `<section id="${escapeHtml(section.id)}"><h2>${escapeHtml(section.title)}</h2>${section.html ?? ''}\n${figures}</section>`;
}

/**
 * A line chart whose points carry the hover labels. Vega-Lite splits a line into one series per
 * distinct value of any field it encodes, so the label cannot sit on the line itself: the line is
 * drawn from x, y and colour alone, and transparent points on top carry `description`.
 */
export function lineWithPoints(options: {
  readonly width: number;
  readonly height: number;
  readonly values: readonly object[];
  readonly x: object;
  readonly y: object;
  readonly color?: object;
  readonly mark?: object;
}): ChartSpec {
  const colour = options.color === undefined ? {} : { color: options.color };
  return {
    width: options.width,
    height: options.height,
    data: { values: options.values as never[] },
    layer: [
      { mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.3, aria: false, ...(options.mark ?? {}) }, encoding: { x: options.x, y: options.y, ...colour } },
      { mark: { type: 'point', filled: true, size: 14, opacity: 0 }, encoding: { x: options.x, y: options.y, ...colour, description: { field: 'label' } } },
    ],
  } as ChartSpec;
}

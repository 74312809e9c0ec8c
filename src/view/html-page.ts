import { escapeHtml } from './html-text.js';
import { type Section, sectionHtml } from './report-section.js';

const STYLE = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", sans-serif; margin: 0; color: #222; background: #fafafa; }
header { background: #1f3b57; color: white; padding: 16px 28px; }
header h1 { margin: 0 0 4px 0; font-size: 22px; }
header p { margin: 0; font-size: 13px; opacity: 0.85; }
nav { padding: 8px 28px; background: #e9eef3; font-size: 13px; position: sticky; top: 0; z-index: 2; }
nav a { margin-right: 14px; color: #1f3b57; text-decoration: none; }
main { padding: 8px 28px 40px 28px; max-width: 1100px; }
section { margin-top: 18px; }
h2 { font-size: 18px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
figure.chart { background: white; border: 1px solid #e1e4e8; border-radius: 4px; padding: 10px; margin: 12px 0; overflow-x: auto; break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 12px; color: #555; margin-top: 6px; }
.cards { display: flex; flex-wrap: wrap; gap: 8px; }
.card { background: white; border: 1px solid #e1e4e8; border-radius: 4px; padding: 8px 12px; min-width: 120px; }
.card .value { font-size: 18px; font-weight: 600; }
.card .label { font-size: 12px; color: #666; }
.note { font-size: 12px; color: #666; }
table.delta { border-collapse: collapse; font-size: 13px; background: white; }
table.delta th, table.delta td { border: 1px solid #e1e4e8; padding: 4px 8px; text-align: right; }
table.delta th:first-child, table.delta td:first-child { text-align: left; }
td.better { color: #1a7f37; } td.worse { color: #cf222e; }
#tooltip { position: fixed; pointer-events: none; background: rgba(30,30,30,0.92); color: white; font-size: 12px; padding: 4px 8px; border-radius: 3px; max-width: 420px; display: none; z-index: 10; }
footer { font-size: 11px; color: #777; padding: 12px 28px; }
@media print { nav, #tooltip { display: none; } body { background: white; } figure.chart { border: none; } }
`;

/**
 * Shows the `aria-label` of the mark under the pointer: Vega writes each mark's values there,
 * and the map writes its figures there too. Inline, so the page needs no other file.
 */
const TOOLTIP_SCRIPT = `
(function () {
  var tip = document.getElementById('tooltip');
  document.addEventListener('mousemove', function (e) {
    var el = e.target;
    var label = el && el.closest ? el.closest('figure [aria-label]') : null;
    if (label && label.tagName !== 'svg' && !label.classList.contains('marks')) {
      tip.textContent = label.getAttribute('aria-label');
      tip.style.display = 'block';
      tip.style.left = Math.min(e.clientX + 14, window.innerWidth - 440) + 'px';
      tip.style.top = (e.clientY + 14) + 'px';
    } else {
      tip.style.display = 'none';
    }
  });
})();
`;

/** A whole report page: one file, no request to any other file or host. */
export function htmlPage(title: string, subtitle: string, sections: readonly Section[], footer: string): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No request may leave the file: images, fonts, scripts and styles are all inline.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>`,
    `<nav>${nav}</nav>`,
    '<main>',
    ...sections.map(sectionHtml),
    '</main>',
    `<footer>${escapeHtml(footer)}</footer>`,
    '<div id="tooltip"></div>',
    `<script>${TOOLTIP_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

// report-browser.mjs: opens a cnsim HTML report in headless Chromium (Debian's `chromium`
// package) the way a user would, and reports what the page did. The tests and the README
// screenshot (scripts/screenshot-report.mjs) both go through openReport, so the picture in the
// README is made by the code path the tests check.
//
//   import { openReport } from './report-browser.mjs';
//   const seen = await openReport('results/national-2025/report.html', { screenshot: 'shot.png' });
//
// seen: { consoleErrors, failedRequests, foreignRequests, sections, figures, mapCentres,
//         mapLinks, mapLabels, screenshotPixels: { total, nonWhite, distinctColours } }
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

/** The Chromium binary: $CHROMIUM_PATH, else Debian's. */
export function chromiumPath() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Loads the report file, waits for it to settle, inspects the DOM and optionally saves a
 * full-page PNG screenshot; the screenshot is also decoded in the page to count its colours.
 * `wholeFigures` (with `fullPage` false): the picture ends below the last chart the viewport
 * shows whole, never through one.
 */
export async function openReport(file, { screenshot, width = 1200, viewportHeight = 900, fullPage = true, wholeFigures = false } = {}) {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error('Chromium not found: install Debian\'s `chromium` package (apt-get install -y chromium) or set CHROMIUM_PATH');
  const url = pathToFileURL(resolve(file)).href;
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width, height: viewportHeight });
    const consoleErrors = [];
    const failedRequests = [];
    const foreignRequests = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => {
      const u = r.url();
      if (u !== url && !u.startsWith('data:')) foreignRequests.push(u);
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    const dom = await page.evaluate(() => {
      const figures = [...document.querySelectorAll('figure.chart')].map((f) => ({
        id: f.id,
        title: f.dataset.title ?? '',
        caption: f.querySelector('figcaption')?.textContent ?? '',
        svgs: f.querySelectorAll('svg').length,
        marks: f.querySelectorAll('svg [aria-label]:not(svg):not(g)').length,
        width: f.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        height: f.querySelector('svg')?.getBoundingClientRect().height ?? 0,
      }));
      return {
        title: document.title,
        sections: [...document.querySelectorAll('main > section')].map((s) => ({ id: s.id, title: s.querySelector('h2')?.textContent ?? '' })),
        figures,
        mapCentres: [...document.querySelectorAll('svg.network-map .centre')].map((c) => c.getAttribute('data-centre')),
        mapLinks: [...document.querySelectorAll('svg.network-map .link')].map((c) => c.getAttribute('data-link')),
        // The site labels as the browser laid them out: [x, y, width, height] in the map's units.
        mapLabels: [...document.querySelectorAll('svg.network-map .site-label')].map((t) => {
          const b = t.getBBox();
          return { text: t.textContent, box: [b.x, b.y, b.width, b.height] };
        }),
        // The centres' discs: their site, centre and radius in the map's units.
        mapDiscs: [...document.querySelectorAll('svg.network-map .centre')].map((c) => ({
          site: c.getAttribute('data-site'),
          cx: Number(c.getAttribute('cx')),
          cy: Number(c.getAttribute('cy')),
          r: Number(c.getAttribute('r')),
        })),
      };
    });
    // Hover the first mark with a label: the tooltip must show its text.
    const tooltip = await page.evaluate(() => {
      const mark = document.querySelector('figure.chart svg path[aria-label], figure.chart svg circle[aria-label]');
      if (!mark) return { label: null, shown: null };
      mark.scrollIntoView();
      const box = mark.getBoundingClientRect();
      mark.dispatchEvent(new MouseEvent('mousemove', { bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2 }));
      const tip = document.getElementById('tooltip');
      return { label: mark.getAttribute('aria-label'), shown: tip && tip.style.display !== 'none' ? tip.textContent : null };
    });
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      const tip = document.getElementById('tooltip');
      if (tip) tip.style.display = 'none';
    });
    let screenshotPixels;
    if (screenshot !== undefined) {
      const bottom = wholeFigures
        ? await page.evaluate((h) => {
            const whole = [...document.querySelectorAll('figure')].map((f) => f.getBoundingClientRect().bottom).filter((b) => b <= h);
            return whole.length === 0 ? h : Math.min(h, Math.ceil(Math.max(...whole)) + 10);
          }, viewportHeight)
        : undefined;
      const clip = bottom === undefined ? undefined : { x: 0, y: 0, width, height: bottom };
      const png = await page.screenshot({ path: screenshot, fullPage, type: 'png', ...(clip === undefined ? {} : { clip }) });
      screenshotPixels = await page.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, img.width, img.height).data;
        const colours = new Set();
        let nonWhite = 0;
        for (let i = 0; i < data.length; i += 4 * 7) {
          if (data[i] < 245 || data[i + 1] < 245 || data[i + 2] < 245) nonWhite++;
          if (colours.size < 5000) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
        }
        return { width: img.width, height: img.height, sampled: Math.ceil(data.length / 28), nonWhite, distinctColours: colours.size };
      }, Buffer.from(png).toString('base64'));
    }
    return { ...dom, consoleErrors, failedRequests, foreignRequests, tooltip, screenshotPixels };
  } finally {
    await browser.close();
  }
}

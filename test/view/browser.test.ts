import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// The same harness makes the README's screenshot (scripts/screenshot-report.mjs).
import { chromiumPath, openReport } from '../../scripts/report-browser.mjs';
import { cnsim, readSimpleCsv, ROOT } from './view-helpers.js';

type Seen = Awaited<ReturnType<typeof openReport>>;

const RUN_SECTIONS = ['headline', 'map', 'utilization', 'queues', 'waits', 'network', 'energy'];

/** What every report page must show a user: no errors, nothing fetched, every chart with marks, a picture that is not blank. */
function expectSoundPage(seen: Seen): void {
  expect(seen.consoleErrors).toEqual([]);
  expect(seen.failedRequests).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
  expect(seen.figures.length).toBeGreaterThan(0);
  for (const f of seen.figures) {
    expect(f.svgs, f.id).toBe(1);
    expect(f.marks, `${f.id} has marks`).toBeGreaterThan(0);
    expect(f.title.length, `${f.id} has a title`).toBeGreaterThan(0);
    expect(f.caption.length, `${f.id} has a caption`).toBeGreaterThan(20);
    expect(f.width, `${f.id} is drawn`).toBeGreaterThan(100);
    expect(f.height, `${f.id} is drawn`).toBeGreaterThan(30);
  }
  expect(seen.tooltip.label).not.toBeNull();
  expect(seen.tooltip.shown).toBe(seen.tooltip.label);
  const pixels = seen.screenshotPixels as { sampled: number; nonWhite: number; distinctColours: number };
  expect(pixels.nonWhite / pixels.sampled).toBeGreaterThan(0.05);
  expect(pixels.distinctColours).toBeGreaterThan(50);
}

// Chromium comes from Debian's package; .ci/run installs it. Without it locally the test says so
// and is skipped; in CI a missing browser is a failure.
const browser = chromiumPath();
if (browser === undefined && process.env.CI) throw new Error('Chromium not found: .ci/run installs Debian\'s chromium package');

describe.skipIf(browser === undefined)('the HTML report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnsim-browser-'));
  const national = join(dir, 'national-2025');
  const variant = join(dir, 'data-locality');

  beforeAll(() => {
    // The default scenario, as `npm start` runs it, and a what-if variant of it.
    const a = cnsim('run', '--out', national, '--quiet');
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const b = cnsim('run', '--out', variant, '--quiet', '--set', 'dispatch.policy=data-locality', '--no-report');
    expect(b.code).toBe(0);
  }, 120_000);

  it('opens the default scenario report: every section, the map with one mark per centre and per link, a screenshot that is not blank', async () => {
    const seen = await openReport(join(national, 'report.html'), { screenshot: join(dir, 'national.png') });
    expectSoundPage(seen);
    expect(seen.sections.map((s) => s.id)).toEqual(RUN_SECTIONS);
    const centres = readSimpleCsv(join(national, 'centres.csv')).map((r) => r.centre);
    expect([...seen.mapCentres].sort()).toEqual([...centres].sort());
    const links = [...new Set(readSimpleCsv(join(national, 'links.csv')).map((r) => r.link))];
    expect([...seen.mapLinks].sort()).toEqual([...links].sort());
    // Site names are readable: no label laid over another (the Yangtze-delta cluster once had four on top of each other).
    const overlapping = seen.mapLabels.flatMap((a, i) =>
      seen.mapLabels.slice(i + 1).filter((b) => a.box[0] < b.box[0] + b.box[2] + 1 && b.box[0] < a.box[0] + a.box[2] + 1 && a.box[1] < b.box[1] + b.box[3] && b.box[1] < a.box[1] + a.box[3]).map((b) => `${a.text}/${b.text}`),
    );
    expect(seen.mapLabels.length).toBeGreaterThan(20);
    expect(overlapping).toEqual([]);
    // Nor over another site's disc (WHU's label once covered the Shanghai discs): the nearest
    // point of the label's box to the disc's centre lies outside the disc.
    const covering = seen.mapLabels.flatMap((l) =>
      seen.mapDiscs
        .filter((d) => d.site !== l.text && Math.hypot(d.cx - Math.min(Math.max(d.cx, l.box[0]), l.box[0] + l.box[2]), d.cy - Math.min(Math.max(d.cy, l.box[1]), l.box[1] + l.box[3])) < d.r)
        .map((d) => `${l.text} over a disc of ${d.site}`),
    );
    expect(seen.mapDiscs.length).toBe(centres.length);
    expect(covering).toEqual([]);
    for (const id of ['network-map', 'util-national', 'util-heatmap-core', 'util-heatmap-gpu', 'queue-national', 'wait-cdf', 'response-cdf', 'wait-centres', 'link-heatmap', 'link-bytes', 'stage-in', 'energy-regions', 'energy-centres', 'power']) {
      expect(seen.figures.map((f) => f.id)).toContain(id);
    }
    expect(existsSync(join(dir, 'national.png'))).toBe(true);
  }, 120_000);

  it('opens a --baseline report with the what-if views first', async () => {
    const out = join(dir, 'whatif.html');
    const r = cnsim('report', variant, '--baseline', national, '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const seen = await openReport(out, { screenshot: join(dir, 'whatif.png') });
    expectSoundPage(seen);
    expect(seen.sections.map((s) => s.id)).toEqual(['whatif', ...RUN_SECTIONS]);
    for (const id of ['whatif-util', 'whatif-centre-deltas', 'whatif-link-bytes']) expect(seen.figures.map((f) => f.id)).toContain(id);
  }, 120_000);

  it('opens a sweep comparison page (compare --html)', async () => {
    const sweep = join(dir, 'sweep');
    cpSync(join(ROOT, 'test', 'fixtures', 'sweep-compare'), sweep, { recursive: true });
    const r = cnsim('compare', sweep, '--html', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const seen = await openReport(join(sweep, 'compare.html'), { screenshot: join(dir, 'sweep.png') });
    expectSoundPage(seen);
    expect(seen.figures.map((f) => f.id)).toEqual(['mean-mean_wait_s', 'diff-mean_wait_s', 'mean-mean_bsld', 'diff-mean_bsld']);
  }, 120_000);

  it('opens the report cnsim replay draws for a trace on one machine', async () => {
    const out = join(dir, 'replay');
    const r = cnsim('replay', join(ROOT, 'test', 'fixtures', 'traces', 'lublin_256.swf.gz'), '--policy', 'easy', '--first', '3000', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const seen = await openReport(join(out, 'report.html'), { screenshot: join(dir, 'replay.png') });
    expectSoundPage(seen);
    expect(seen.sections.map((s) => s.id)).toEqual(RUN_SECTIONS);
    // One machine: no map and no per-centre queue chart (it would repeat the national line), but the rest.
    expect(seen.mapCentres.length).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('One site and no links (a trace replay, or a single machine): no map to draw.');
    expect(seen.figures.map((f) => f.id)).toEqual(['util-national', 'util-heatmap-core', 'queue-national', 'wait-cdf', 'response-cdf', 'wait-centres']);
  }, 120_000);

  it('shows the failures section, outages on the map, when a run has them', async () => {
    const out = join(dir, 'faults');
    const r = cnsim('run', join(ROOT, 'test', 'fixtures', 'report', 'faults.yaml'), '--out', out, '--until', '20h', '--quiet');
    expect(r.code).toBe(0);
    const seen = await openReport(join(out, 'report.html'), { screenshot: join(dir, 'faults.png') });
    expectSoundPage(seen);
    expect(seen.sections.map((s) => s.id)).toEqual([...RUN_SECTIONS, 'failures']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/class="centre outage" data-centre="guiyang"/);
    expect(html).toMatch(/class="link outage" data-link="shanghai-guiyang"/);
  }, 120_000);
});

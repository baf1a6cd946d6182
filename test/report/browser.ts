// Headless Chromium for the report tests: Debian's /usr/bin/chromium driven by playwright-core
// (never a downloaded browser), a report opened from file:// with every console message, error
// and request recorded, and the checks every report page must pass.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import type { Analysis } from '../../src/analyze/types.js';
import { writeHtmlReport } from '../../src/report/html.js';
import type { HtmlReportOptions } from '../../src/report/report-types.js';
import { ARTIFACT_DIR } from './fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Where the test reports are written. */
export const OUT = new URL('reports/', ARTIFACT_DIR);

export async function launchChromium(): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/install-deps.sh as root`);
  mkdirSync(OUT, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface Opened {
  page: Page;
  /** Console errors and warnings, uncaught exceptions and CSP violations. */
  problems: string[];
  /** Every URL the page asked for other than the report itself. */
  requests: string[];
  url: string;
}

/** Writes the report to test-artifacts/reports/NAME.html and opens it offline. */
export async function open(browser: Browser, name: string, analysis: Analysis, opts: HtmlReportOptions = {}): Promise<Opened> {
  const written = await writeHtmlReport(analysis, new URL(`${name}.html`, OUT).pathname, opts);
  const o = await openFile(browser, written.path);
  await o.page.waitForFunction(() => document.querySelector('#flow-count')?.textContent !== '');
  return o;
}

/** Opens a written report offline, recording console problems and every request but its own. */
export async function openFile(browser: Browser, file: string): Promise<Opened> {
  const url = pathToFileURL(file).href;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, offline: true });
  const page = await context.newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  // file:// loads may bypass routing, so every request is also recorded as it starts.
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, requests, url };
}

/** Share of each chart canvas's pixels that something was drawn on. */
function drawnShares(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const c of document.querySelectorAll('canvas')) {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let drawn = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) drawn++;
      out[c.id] = drawn / (c.width * c.height);
    }
    return out;
  });
}

/** No console problems, no requests, exactly these charts drawn; then a full-page screenshot. */
export async function checkClean(o: Opened, charts: string[], shot: string): Promise<void> {
  assert.deepEqual(o.problems, []);
  assert.deepEqual(o.requests, []);
  const shares = await drawnShares(o.page);
  assert.deepEqual(Object.keys(shares).sort(), [...charts].sort());
  for (const [id, share] of Object.entries(shares)) assert.ok(share > 0.01, `${id} drew on ${share} of its pixels`);
  await o.page.screenshot({ path: new URL(`${shot}.png`, ARTIFACT_DIR).pathname, fullPage: true });
  await o.page.context().close();
}

export const MAIN_CHARTS = ['chart-timeline', 'chart-points', 'chart-flows'];

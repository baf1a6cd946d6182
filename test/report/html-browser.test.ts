// The HTML report in real headless Chromium, opened from file://: no console errors, no requests,
// every chart drawn, hostile data inert, the CSP enforced, the flow table sorts and filters, a
// huge analysis stays small. Screenshots and a PDF print go to test-artifacts/.
// needs: chromium (Debian's, driven by playwright-core)

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { checkClean, launchChromium, MAIN_CHARTS, open, OUT } from './browser.js';
import { ARTIFACT_DIR, hugeAnalysis, loadFixture } from './fixtures.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(() => browser?.close());

test('offload leak + black hole: loads clean, draws every chart, prints', async () => {
  const o = await open(browser, 'offload-leak-blackhole', loadFixture('offload-leak-blackhole'));
  assert.match((await o.page.textContent('#headline'))!, /crossed the tunnel with an unfinished checksum/);
  assert.equal(await o.page.locator('article.finding').count(), 2);
  const pdf = new URL('report-offload-leak-blackhole.pdf', ARTIFACT_DIR).pathname;
  await o.page.pdf({ path: pdf, format: 'A4', printBackground: true });
  assert.ok(statSync(pdf).size > 50_000);
  await checkClean(o, MAIN_CHARTS, 'report-offload-leak-blackhole');
});

test('corruption: hex views with the checksum marked', async () => {
  const o = await open(browser, 'corruption', loadFixture('corruption'));
  assert.equal(await o.page.locator('details.corrupt').count(), 14);
  const marked = await o.page.locator('details.corrupt').first().locator('pre.hex mark').allTextContents();
  const stored = loadFixture('corruption').corrupt[0]!.stored.toString(16).padStart(4, '0');
  assert.deepEqual(marked, [stored.slice(0, 2), stored.slice(2)]);
  await checkClean(o, MAIN_CHARTS, 'report-corruption');
});

test('clean, and before/after against the incident', async () => {
  const clean = await open(browser, 'clean', loadFixture('clean'));
  assert.match((await clean.page.textContent('#headline'))!, /^No checksum problems/);
  // A clean analysis has no problem flows, so the top-flows chart ranks by bytes.
  await checkClean(clean, MAIN_CHARTS, 'report-clean');
  const cmp = await open(browser, 'before-after', loadFixture('clean'), { before: loadFixture('offload-leak-blackhole') });
  assert.match((await cmp.page.textContent('#compare'))!, /Fixed: blackhole resolved \(2 → 0\); offload-leak resolved \(11,455 → 0\)/);
  await checkClean(cmp, ['chart-compare', ...MAIN_CHARTS], 'report-before-after');
});

test('hostile strings run no script and show as text', async () => {
  const o = await open(browser, 'hostile', loadFixture('hostile'), {
    host: { hostname: '<script>window.__pwned="host"</script>', notes: ['"><img src=x onerror="window.__pwned=\'note\'">'] },
  });
  const page = o.page;
  // Hovering and clicking everything gives planted handlers every chance to fire.
  await page.hover('article.finding h3');
  await page.click('#flow-table thead th >> nth=0');
  const state = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    scripts: document.scripts.length,
    injected: document.querySelectorAll('img, iframe, svg, object, embed').length,
    handlers: [...document.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on'))),
    text: document.body.innerText,
    firstFlow: document.querySelector('#flow-table tbody td')?.textContent,
  }));
  assert.equal(state.pwned, undefined);
  assert.equal(state.scripts, 3);
  assert.equal(state.injected, 0);
  assert.deepEqual(state.handlers, []);
  assert.ok(state.text.includes('<script>window.__pwned="script"</script>'));
  assert.ok(state.text.includes('"><img src=x onerror="window.__pwned=\'img\'">'));
  assert.ok(state.text.includes('<script>window.__pwned="host"</script>'));
  assert.ok(state.text.includes('<svg onload="window.__pwned=\'svg\'">'));
  assert.match(state.firstFlow ?? '', /<\/script><script>window.__pwned="end"<\/script><!--$/);
  await checkClean(o, MAIN_CHARTS, 'report-hostile');
});

test('the CSP is enforced: a script added at run time does not run', async () => {
  const o = await open(browser, 'csp', loadFixture('clean'));
  const ran = await o.page.evaluate(async () => {
    const s = document.createElement('script');
    s.textContent = 'window.__csp = 1';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return (window as unknown as { __csp?: number }).__csp;
  });
  assert.equal(ran, undefined);
  assert.ok(o.problems.some((p) => /Content Security Policy/.test(p)), 'the violation is reported');
  await o.page.context().close();
});

test('the flow table sorts by clicking and filters by typing', async () => {
  const o = await open(browser, 'table', loadFixture('corruption'));
  const page = o.page;
  const column = async (label: string): Promise<string[]> => {
    const index = (await page.locator('#flow-table thead th').allTextContents()).indexOf(label);
    return page.locator(`#flow-table tbody tr td:nth-child(${index + 1})`).allTextContents();
  };
  const numbers = (xs: string[]): number[] => xs.map((x) => Number(x.replace(/,/g, '')));
  await page.click('#flow-table thead th:text-is("Packets")');
  const desc = numbers(await column('Packets'));
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a));
  assert.equal(await page.getAttribute('#flow-table thead th:text-is("Packets")', 'aria-sort'), 'descending');
  await page.click('#flow-table thead th:text-is("Packets")');
  const asc = numbers(await column('Packets'));
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b));
  await page.click('#flow-table thead th:text-is("Flow")');
  const flows = await column('Flow');
  assert.deepEqual(flows, [...flows].sort((a, b) => a.localeCompare(b)));

  await page.fill('#flow-filter', '10.10.0.2:22');
  assert.deepEqual(await column('Flow'), ['tcp 10.10.0.1:41022 > 10.10.0.2:22 vni 7']);
  assert.equal(await page.textContent('#flow-count'), 'showing 1 of 39 rows');
  await page.fill('#flow-filter', '');
  await page.check('#flow-problems');
  assert.equal((await column('Flow')).length, 2);
  await page.uncheck('#flow-problems');
  assert.equal(await page.textContent('#flow-count'), 'showing 39 of 39 rows');
  assert.deepEqual(o.problems, []);
  await page.context().close();
});

test('a huge analysis stays small, loads fast and says what it left out', async (t) => {
  const started = Date.now();
  const o = await open(browser, 'huge', hugeAnalysis());
  const loadMs = Date.now() - started;
  const bytes = statSync(new URL('huge.html', OUT)).size;
  t.diagnostic(`huge report in the browser: ${bytes} bytes, written and loaded in ${loadMs} ms`);
  assert.ok(bytes < 2_000_000, `${bytes} bytes`);
  assert.equal(await o.page.locator('#flow-table tbody tr').count(), 2000);
  assert.match((await o.page.textContent('#flows'))!, /48,000 left out of this report/);
  await checkClean(o, MAIN_CHARTS, 'report-huge');
});

// The HTML report in real headless Chromium (Debian's /usr/bin/chromium, never a downloaded one),
// opened from file://: no console errors, no requests, every chart drawn, hostile data inert,
// the flow table sorts and filters. Screenshots and a PDF print go to test-artifacts/.

import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { ACK, ETH_IPV4, ethernet, ipv4, SYN, tcp, udp, vxlan } from '../../scripts/synth/frames.js';
import type { Analysis } from '../../src/analyze/types.js';
import { analyze } from '../../src/commands/analyze.js';
import { PcapngWriter } from '../../src/pcap/index.js';
import { writeHtmlReport } from '../../src/report/html.js';
import type { HtmlReportOptions } from '../../src/report/report-types.js';
import { ARTIFACT_DIR, hugeAnalysis, loadFixture } from './fixtures.js';

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
const OUT = new URL('reports/', ARTIFACT_DIR);

let browser: Browser;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: run scripts/install-deps.sh as root`);
  mkdirSync(OUT, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});

after(async () => {
  await browser?.close();
});

interface Opened {
  page: Page;
  /** Console errors and warnings, uncaught exceptions and CSP violations. */
  problems: string[];
  /** Every URL the page asked for other than the report itself. */
  requests: string[];
  url: string;
}

async function open(name: string, analysis: Analysis, opts: HtmlReportOptions = {}): Promise<Opened> {
  const written = await writeHtmlReport(analysis, new URL(`${name}.html`, OUT).pathname, opts);
  const url = pathToFileURL(written.path).href;
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
  await page.waitForFunction(() => document.querySelector('#flow-count')?.textContent !== '');
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

async function checkClean(o: Opened, charts: string[], shot: string): Promise<void> {
  assert.deepEqual(o.problems, []);
  assert.deepEqual(o.requests, []);
  const shares = await drawnShares(o.page);
  assert.deepEqual(Object.keys(shares).sort(), [...charts].sort());
  for (const [id, share] of Object.entries(shares)) assert.ok(share > 0.01, `${id} drew on ${share} of its pixels`);
  await o.page.screenshot({ path: new URL(`${shot}.png`, ARTIFACT_DIR).pathname, fullPage: true });
  await o.page.context().close();
}

const MAIN_CHARTS = ['chart-timeline', 'chart-points', 'chart-flows'];

test('offload leak + black hole: loads clean, draws every chart, prints', async () => {
  const o = await open('offload-leak-blackhole', loadFixture('offload-leak-blackhole'));
  assert.match((await o.page.textContent('#headline'))!, /crossed the tunnel with an unfinished checksum/);
  assert.equal(await o.page.locator('article.finding').count(), 2);
  const pdf = new URL('report-offload-leak-blackhole.pdf', ARTIFACT_DIR).pathname;
  await o.page.pdf({ path: pdf, format: 'A4', printBackground: true });
  assert.ok(statSync(pdf).size > 50_000);
  await checkClean(o, MAIN_CHARTS, 'report-offload-leak-blackhole');
});

test('corruption: hex views with the checksum marked', async () => {
  const o = await open('corruption', loadFixture('corruption'));
  assert.equal(await o.page.locator('details.corrupt').count(), 14);
  const marked = await o.page.locator('details.corrupt').first().locator('pre.hex mark').allTextContents();
  const stored = loadFixture('corruption').corrupt[0]!.stored.toString(16).padStart(4, '0');
  assert.deepEqual(marked, [stored.slice(0, 2), stored.slice(2)]);
  await checkClean(o, MAIN_CHARTS, 'report-corruption');
});

test('clean, and before/after against the incident', async () => {
  const clean = await open('clean', loadFixture('clean'));
  assert.match((await clean.page.textContent('#headline'))!, /^No checksum problems/);
  // A clean analysis has no problem flows, so the top-flows chart ranks by bytes.
  await checkClean(clean, MAIN_CHARTS, 'report-clean');
  const cmp = await open('before-after', loadFixture('clean'), { before: loadFixture('offload-leak-blackhole') });
  assert.match((await cmp.page.textContent('#compare'))!, /Fixed: blackhole resolved \(2 → 0\); offload-leak resolved \(11,455 → 0\)/);
  await checkClean(cmp, ['chart-compare', ...MAIN_CHARTS], 'report-before-after');
});

test('hostile strings run no script and show as text', async () => {
  const o = await open('hostile', loadFixture('hostile'), {
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
  const o = await open('csp', loadFixture('clean'));
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
  const o = await open('table', loadFixture('corruption'));
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
  const o = await open('huge', hugeAnalysis());
  const loadMs = Date.now() - started;
  const bytes = statSync(new URL('huge.html', OUT)).size;
  t.diagnostic(`huge report in the browser: ${bytes} bytes, written and loaded in ${loadMs} ms`);
  assert.ok(bytes < 2_000_000, `${bytes} bytes`);
  assert.equal(await o.page.locator('#flow-table tbody tr').count(), 2000);
  assert.match((await o.page.textContent('#flows'))!, /48,000 left out of this report/);
  await checkClean(o, MAIN_CHARTS, 'report-huge');
});

/** A pcapng whose file name, interface name and description, and payload bytes carry markup. */
async function craftHostileCapture(): Promise<string> {
  const file = path.join(fileURLToPath(OUT), '"><img src=x onerror="window.__pwned=\'file\'">.pcapng');
  const fd = openSync(file, 'w');
  const w = new PcapngWriter(fd, { application: '<script>window.__pwned="app"</script>' });
  const id = w.addInterface({
    linkType: 1,
    name: 'eth1"><img src=x onerror="window.__pwned=\'ifname\'"></script><script>window.__pwned="ifname"</script>',
    description: '<svg onload="window.__pwned=\'desc\'">',
  });
  const payload = Buffer.from('</script><script>window.__pwned="payload"</script><!--');
  const frame = (seq: number, check: 'offload' | 'valid', damage: number[] = [], flags = ACK): Buffer => {
    const inner = ethernet(
      { src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' },
      ETH_IPV4,
      ipv4({ src: '10.10.0.1', dst: '10.10.0.2' }, tcp({ sport: 40000, dport: 22, seq, flags, payload, check, damage })),
    );
    const outer = udp({ sport: 50000, dport: 4789, payload: vxlan(42, inner), check: 'zero' });
    return ethernet({ src: '02:00:00:00:01:01', dst: '02:00:00:00:01:02' }, ETH_IPV4, ipv4({ src: '192.168.56.11', dst: '192.168.56.12' }, outer));
  };
  let t = 1714564800;
  // The same SYN, unfinished, five times: an offload leak and a black hole.
  for (let i = 0; i < 5; i++) w.writePacket(id, { tsSec: t++, tsNsec: 0, data: frame(1000, 'offload', [], SYN), direction: 'inbound' });
  // Damaged after the checksum: a corrupt segment whose hex view shows the payload.
  w.writePacket(id, { tsSec: t++, tsNsec: 0, data: frame(2000, 'valid', [3, 9]), direction: 'inbound' });
  await w.close();
  closeSync(fd);
  return file;
}

test('a crafted capture with markup in names and payload, through the analyzer, stays inert', async () => {
  const file = await craftHostileCapture();
  const { analysis } = await analyze({ captures: [{ path: file, point: path.basename(file) }] });
  assert.deepEqual(analysis.findings.map((f) => f.kind).sort(), ['blackhole', 'corruption', 'offload-leak']);
  const o = await open('crafted-capture', analysis);
  await o.page.hover('article.finding h3');
  const state = await o.page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    scripts: document.scripts.length,
    injected: document.querySelectorAll('img, iframe, svg, object, embed').length,
    text: document.body.innerText,
  }));
  assert.equal(state.pwned, undefined);
  assert.equal(state.scripts, 3);
  assert.equal(state.injected, 0);
  assert.ok(state.text.includes('<script>window.__pwned="ifname"</script>'), 'interface name shown as text');
  assert.ok(state.text.includes('"><img src=x onerror="window.__pwned=\'file\'">.pcapng'), 'file name shown as text');
  assert.match(state.text, /<\/script><script>window\.__pwn/, 'payload shown in the hex view as text');
  await checkClean(o, MAIN_CHARTS, 'report-crafted-capture');
});

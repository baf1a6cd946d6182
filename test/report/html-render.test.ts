// The HTML report as text: CSP matching the inline code, nothing external, hostile strings only
// as escaped text, bounded size on a huge analysis, headline and remedies that say what to do.

import assert from 'node:assert/strict';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { runReport } from '../../src/commands/report.js';
import { compareAnalyses } from '../../src/report/compare.js';
import { headline } from '../../src/report/headline.js';
import { cspHash } from '../../src/report/html-escape.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { ARTIFACT_DIR, HUGE_FLOWS, hugeAnalysis, loadFixture } from './fixtures.js';

/** Inline element bodies by tag, in page order. */
function inline(page: string, tag: 'script' | 'style'): string[] {
  return [...page.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!);
}

test('the CSP allows exactly the inline scripts and the stylesheet, nothing else', async () => {
  const page = await renderHtmlReport(loadFixture('offload-leak-blackhole'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replace(/&#39;/g, "'");
  assert.ok(csp, 'CSP meta present');
  assert.match(csp, /^default-src 'none'; /);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:|\*/);
  const scripts = [...page.matchAll(/<script( type="[^"]+")?[^>]*>([\s\S]*?)<\/script>/g)];
  const executable = scripts.filter((m) => m[1] !== ' type="application/json"').map((m) => m[2]!);
  assert.equal(executable.length, 2);
  const scriptSrc = /script-src ([^;]+)/.exec(csp)![1]!.split(' ');
  assert.deepEqual(scriptSrc, executable.map(cspHash));
  assert.deepEqual(/style-src ([^;]+)/.exec(csp)![1]!.split(' '), inline(page, 'style').map(cspHash));
  // Outside the inlined code, no attribute may point anywhere but into the page.
  const markup = page.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
  assert.doesNotMatch(markup, /\s(src|srcset|action|formaction|background|poster|data)=/i);
  for (const m of markup.matchAll(/\shref="([^"]*)"/g)) assert.match(m[1]!, /^#/);
  assert.doesNotMatch(markup, /https?:\/\//);
});

test('hostile strings appear only escaped: no element or attribute comes from the data', async () => {
  const page = await renderHtmlReport(loadFixture('hostile'), {
    host: { hostname: '<script>window.__pwned="host"</script>', interfaces: [{ name: '"><svg onload=alert(1)>', offloads: { '<b>': true } }] },
  });
  assert.equal(page.match(/<script\b/g)?.length, 3, 'the JSON block, Chart.js and the page script');
  assert.equal(page.match(/<\/script>/g)?.length, 3);
  const markup = page.replace(/<script[^>]*>[\s\S]*?<\/script>/g, '');
  assert.doesNotMatch(markup, /<(img|svg|iframe|object|embed|b>)/i);
  assert.doesNotMatch(markup, /<[^>]+\son\w+=/i, 'no event handler attribute');
  assert.match(markup, /&lt;script&gt;window.__pwned=&quot;host&quot;&lt;\/script&gt;/);
  assert.match(markup, /&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=&#39;img&#39;&quot;&gt;/);
  const json = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(page)![1]!;
  assert.doesNotMatch(json, /[<>]/);
  assert.ok((JSON.parse(json) as { flows: { rows: { cells: unknown[] }[] } }).flows.rows.some((r) => String(r.cells[0]).includes('</script>')));
});

test('a huge analysis gives a bounded report that says what it left out', async (t) => {
  const a = hugeAnalysis();
  const started = Date.now();
  const page = await renderHtmlReport(a);
  const ms = Date.now() - started;
  const bytes = Buffer.byteLength(page);
  t.diagnostic(`huge report: ${bytes} bytes for ${HUGE_FLOWS} flows in ${ms} ms`);
  assert.ok(bytes < 2_000_000, `report is ${bytes} bytes`);
  // The same through the command, which reads and checks the whole (about 40 MB) JSON first.
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  const json = new URL('huge-analysis.json', ARTIFACT_DIR).pathname;
  writeFileSync(json, JSON.stringify(a));
  const { result: viaCommand } = await runReport(json, { output: new URL('huge-via-command.html', ARTIFACT_DIR).pathname });
  t.diagnostic(`analysis ${statSync(json).size} bytes → report ${viaCommand.bytes} bytes`);
  assert.ok(viaCommand.bytes < 2_000_000);
  assert.match(page, /2,000 of 62,345 flows; 48,000 left out of this report \(the flows with fewest problems\); 12,345 left out by the analyzer\./);
  assert.match(page, /49,900 corrupt segments more left out of this report/);
  assert.match(page, /250,000 corrupt segments more were counted but not kept by the analyzer/);
  assert.match(page, /3600 buckets merged into 300/);
  assert.match(page, /The 30 busiest of 400 capture points/);
  assert.match(page, /300 capture points more left out of this report/);
  assert.match(page, /460 reasons more left out of this report/);
});

test('the headline leads with the cause, says where and how sure', () => {
  const leak = headline(loadFixture('offload-leak-blackhole'));
  assert.match(leak.text, /^11455 segments crossed the tunnel with an unfinished checksum .* \(seen at host-a-c1-eth1, host-b-underlay, host-b-c2-eth1\); also a black hole — high confidence \(11,455 unfinished checksums seen\)\.$/);
  assert.equal(leak.tone, 'bad');
  const corrupt = headline(loadFixture('corruption'));
  assert.match(corrupt.text, /^14 of .* altered .* — high confidence \(14 checksums recomputed and wrong\)\.$/);
  const clean = headline(loadFixture('clean'));
  assert.equal(clean.tone, 'ok');
  assert.match(clean.text, /^No checksum problems: 20,995 of 20,995 segments valid \(100%\)/);
});

test('before/after names what was fixed', () => {
  const c = compareAnalyses(loadFixture('offload-leak-blackhole'), loadFixture('clean'));
  assert.equal(c.sentence, 'Fixed: blackhole resolved (2 → 0); offload-leak resolved (11,455 → 0); no new findings.');
  const worse = compareAnalyses(loadFixture('clean'), loadFixture('corruption'));
  assert.match(worse.sentence, /^Not fixed: corruption new \(0 → 14\)\.$/);
  assert.equal(worse.tone, 'bad');
});

test('remedies give exact commands, their cost, and say what is left to fill in', async () => {
  const page = await renderHtmlReport(loadFixture('offload-leak-blackhole'));
  assert.match(page, /<code data-command>nsenter --target &lt;PID&gt; --net ethtool -K &lt;IFACE&gt; tx off<\/code>/);
  assert.doesNotMatch(page, /tx off rx off<\/code>/, 'one remedy: transmit only');
  assert.match(page, /80\.8 MB\/s to 46\.6 MB\/s/);
  assert.match(page, /replace &lt;PID&gt;: the container&#39;s process id/);
  assert.match(page, /Keeping it across restarts/);
  assert.match(page, /tx-udp_tnl-csum-segmentation/);
  const findings = /<section id="findings">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
  assert.match(findings, /data-advice="veth-tx-offload"/);
  assert.doesNotMatch(findings, /undefined/);
});

test('a note (severity info) is no problem: the headline and the findings section say so', async () => {
  const clean = loadFixture('clean');
  const note = { kind: 'offload-unconfirmed' as const, severity: 'info' as const, summary: '3 segments carried an unfinished checksum (offload) with no evidence', count: 3, flows: [], evidence: { udp: 3 }, examples: [] };
  const noted = { ...clean, findings: [note] };
  assert.equal(headline(noted).text, headline(clean).text);
  const page = await renderHtmlReport(noted);
  assert.match(page, /<h2>Findings \(0, and 1 note\)<\/h2>/);
  assert.match(page, /Unfinished checksums, outcome not shown/);
});


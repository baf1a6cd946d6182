// Text and HTML render the same advice: for every finding kind, both give exactly the same
// commands, in the same order, with the finding's facts filled in and the rest left visible.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adviceFor } from '../../src/analyze/remedies.js';
import { FINDING_KINDS, type Finding, type FindingKind } from '../../src/analyze/types.js';
import { renderHtmlReport } from '../../src/report/html.js';
import { renderAnalysisText } from '../../src/report/text.js';
import { loadFixture } from './fixtures.js';

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"', '&#39;': "'" };

function htmlCommands(page: string): string[] {
  return [...page.matchAll(/<code data-command>([\s\S]*?)<\/code>/g)].map((m) => m[1]!.replace(/&(lt|gt|amp|quot|#39);/g, (e) => ENTITIES[e]!));
}

function textCommands(text: string): string[] {
  return [...text.matchAll(/^ +\$ (.*)$/gm)].map((m) => m[1]!);
}

function analysisWith(kind: FindingKind, ctx: Parameters<typeof adviceFor>[1]) {
  const finding: Finding = { kind, severity: 'high', summary: `a ${kind} finding`, count: 1, flows: [], advice: adviceFor(kind, ctx), evidence: {}, examples: [] };
  return { ...loadFixture('clean'), findings: [finding] };
}

const CONTEXT = { source: 'tcp 10.10.0.1:40000 > 10.10.0.2:5101', hop: 'between ctrA and hostA', tunnelSender: '172.16.0.1' };

for (const kind of FINDING_KINDS) {
  for (const [label, ctx] of [['no facts', {}], ['facts known', CONTEXT]] as const) {
    test(`${kind} (${label}): text and HTML give the same commands`, async () => {
      const a = analysisWith(kind, ctx);
      const text = renderAnalysisText(a);
      const page = await renderHtmlReport(a);
      const fromText = textCommands(text);
      assert.ok(fromText.length > 0, 'the advice has commands');
      assert.deepEqual(htmlCommands(page), fromText);
      assert.doesNotMatch(text, /undefined/);
      assert.doesNotMatch(fromText.join('\n'), /undefined/);
    });
  }
}

test('the facts a finding carries are filled in both, the rest stay placeholders', async () => {
  const a = analysisWith('offload-leak', CONTEXT);
  const commands = textCommands(renderAnalysisText(a));
  assert.ok(commands.some((c) => c.includes("grep -q '10.10.0.1/'")), 'the sender filled in');
  assert.ok(commands.includes('nsenter --target <PID> --net ethtool -K <IFACE> tx off'));
  assert.match(renderAnalysisText(a), /replace <PID>: the container's process id/);
});

test('a hostile fact is text in the page, never markup', async () => {
  const a = analysisWith('offload-leak', {});
  a.findings[0]!.advice = { id: 'veth-tx-offload', facts: { sender: '<img src=x onerror=alert(1)>' } };
  const page = await renderHtmlReport(a);
  assert.doesNotMatch(page, /<img src=x/);
  assert.ok(htmlCommands(page).some((c) => c.includes("grep -q '<img src=x onerror=alert(1)>/'")));
});

test('a finding without advice (an older analysis) gets its kind\'s', async () => {
  const a = analysisWith('tunnel-checksum', {});
  delete a.findings[0]!.advice;
  const page = await renderHtmlReport(a);
  assert.ok(htmlCommands(page).includes('ethtool -K <VXLAN_DEVICE> tx-checksum-ip-generic off'));
  assert.deepEqual(htmlCommands(page), textCommands(renderAnalysisText(a)));
});

test('a correlate finding (no advice of its own) gets the hop its evidence names', async () => {
  const a = analysisWith('checksum-blind', {});
  a.findings[0] = { ...a.findings[0]!, evidence: { from: 'ctrA', to: 'hostA' } };
  delete a.findings[0].advice;
  const text = renderAnalysisText(a);
  assert.match(text, /On the hop between ctrA and hostA: hardware errors/);
  assert.match(await renderHtmlReport(a), /On the hop between ctrA and hostA: hardware errors/);
});

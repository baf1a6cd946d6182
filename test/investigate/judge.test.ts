// The verdict from what the points saw: each place's state, the place at fault, exit-worthy
// problems and the change to make where; checked on recorded investigations' inputs and on
// hand-made hops and findings whose answer is known.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Correlation, Hop } from '../../src/analyze/correlate/types.js';
import type { Analysis, Finding } from '../../src/analyze/types.js';
import { judge, type JudgeInput } from '../../src/investigate/judge.js';
import { resolvePath } from '../../src/investigate/path.js';
import { recordedInvestigation } from './fixtures.js';

const recorded = recordedInvestigation('incident-fix');
const path = resolvePath({ side: 'from', host: 'hostA', facts: recorded.hosts[0]!.doctor }, { side: 'to', host: 'hostB', facts: recorded.hosts[1]!.doctor });
const LABELS = new Map(path.points.map((p) => [p.name, `${p.host}/${p.place.name}/${p.place.iface}`]));

function hop(from: string, to: string, over: Partial<Hop> = {}): Hop {
  return { from, to, direction: 'forward', matched: 100, altered: 0, checksumBlind: 0, lost: 0, unconfirmed: 0, added: 0, alteredAcrossDrops: 0, ...over };
}

function finding(kind: Finding['kind'], severity: Finding['severity'], evidence: Finding['evidence'] = {}, advice?: string): Finding {
  return { kind, severity, summary: `${kind} here`, count: 1, flows: [], evidence, examples: [], ...(advice ? { advice: { id: advice, facts: {} } } : {}) };
}

function input(over: { hops?: Hop[]; findings?: Finding[]; correlateFindings?: Finding[]; intact?: boolean; packets?: Record<string, number> } = {}): JudgeInput {
  const correlation = { hops: over.hops ?? [], findings: over.correlateFindings ?? [], patterns: [], firstBadHop: null } as unknown as Correlation;
  const analysis = { findings: over.findings ?? [] } as unknown as Analysis;
  return {
    elements: path.elements,
    points: path.points,
    labels: LABELS,
    captured: new Map([...LABELS].map(([name, label]) => [label, { packets: over.packets?.[name] ?? 50, dropped: 0 }])),
    analysis,
    correlation,
    probe: { ...recorded.probe, transfer: { ...recorded.probe.transfer, intact: over.intact ?? true } },
    hosts: recorded.hosts,
  };
}

const states = (j: ReturnType<typeof judge>): Record<string, string> => Object.fromEntries(j.path.filter((e) => e.point).map((e) => [e.point!, e.state]));

test('healthy: every captured place clean, nothing at fault, nothing to change', () => {
  const j = judge(input({ hops: [hop('ctrA', 'hostA'), hop('hostA', 'hostB'), hop('hostB', 'ctrB')], findings: [finding('offload-unconfirmed', 'info')] }));
  assert.equal(j.healthy, true);
  assert.deepEqual(states(j), { ctrA: 'clean', hostA: 'clean', hostB: 'clean', ctrB: 'clean' });
  assert.equal(j.fault, undefined);
  assert.deepEqual(j.recommendations, []);
  assert.match(j.headline, /nothing wrong found$/);
});

test('damage on a hop: the place after it is damaged and at fault; a loss TCP repaired is not', () => {
  const j = judge(input({ hops: [hop('ctrA', 'hostA', { altered: 7, lost: 3 }), hop('hostA', 'hostB', { lost: 1 }), hop('hostB', 'ctrB')], findings: [finding('corruption', 'critical', {}, 'underlay-corruption')] }));
  assert.equal(j.healthy, false);
  assert.deepEqual(states(j), { ctrA: 'clean', hostA: 'damaged', hostB: 'clean', ctrB: 'clean' });
  assert.deepEqual([j.fault?.from, j.fault?.to, j.fault?.state], ['ctrA', 'hostA', 'damaged']);
  assert.match(j.fault!.why, /^7 segments altered/);
  // No setting on a container answers underlay damage: advice where the fault is.
  const plan = j.recommendations.find((p) => p.advice === 'underlay-corruption')!;
  assert.equal(plan.side, 'from');
  assert.equal(plan.features, undefined);
  assert.equal(j.recommendations[0], plan, 'the main finding first');
});

test("correlate's black hole: the place it never reached is dropped", () => {
  const j = judge(input({ hops: [hop('ctrA', 'hostA'), hop('hostA', 'hostB', { lost: 4 })], correlateFindings: [finding('blackhole', 'high', { from: 'hostA', to: 'hostB' })], intact: false }));
  assert.deepEqual(states(j), { ctrA: 'clean', hostA: 'clean', hostB: 'dropped', ctrB: 'clean' });
  assert.deepEqual([j.fault?.from, j.fault?.to, j.fault?.state], ['hostA', 'hostB', 'dropped']);
});

test("the incident: every point saw the SYNs, the receiver dropped them; the fix is tx offload off, the sender's first", () => {
  const j = judge(input({ hops: [hop('ctrA', 'hostA', { matched: 3 })], findings: [finding('blackhole', 'critical', {}, 'veth-tx-offload'), finding('offload-leak', 'high', {}, 'veth-tx-offload')], intact: false }));
  assert.equal(j.path.find((e) => e.id === 'to/container')!.state, 'dropped');
  assert.deepEqual([j.fault?.from, j.fault?.to], ['ctrA', 'hostA']);
  assert.deepEqual(j.recommendations.map((p) => [p.side, p.host, p.advice, p.features]), [
    ['from', 'hostA', 'veth-tx-offload', { tx: false }],
    ['to', 'hostB', 'veth-tx-offload', { tx: false }],
  ]);
  assert.match(j.headline, /^probe NOT intact .*blackhole \(critical\) at ctrA → hostA; fix: veth-tx-offload on test_mac \(hostA\): ethtool -K tx off$/);
});

test('a point that captured nothing is not-captured; the probe alone makes a problem', () => {
  const j = judge(input({ packets: { hostB: 0 }, intact: false }));
  assert.equal(states(j).hostB, 'not-captured');
  assert.equal(j.points.find((p) => p.name === 'hostB')!.packets, 0);
  assert.equal(j.healthy, false);
  assert.match(j.headline, /no finding explains it/);
});

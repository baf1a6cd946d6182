// Findings of a correlation, one per hop and kind: damage the checksum catches (`corruption`,
// located at the hop), damage it cannot see (`checksum-blind`), each with its dominant pattern, and
// a `blackhole` where every transmission of a segment vanished after the same hop.

import { TCP_ACK, TCP_FIN, TCP_SYN } from '../../../decode/index.js';
import type { CounterEvidence, PointCounters } from '../../receiver-counters.js';
import { remedyOf } from '../../remedies.js';
import type { Finding } from '../../types.js';
import type { Hop, PatternGroup } from '../types.js';
import type { HopTally, Stuck } from './ledger.js';

/** "block overwritten with 0xdead at payload offset 418 (3990 of 4000)" */
export function describePattern(g: PatternGroup, of: number): string {
  const at = `at payload offset ${g.offset}`;
  const what: Record<PatternGroup['kind'], string> = {
    'bit-flip': `one bit flipped ${at}`,
    byte: `one byte changed ${at}`,
    bytes: `${g.length} bytes changed ${at}`,
    'word-swap': `two 16-bit words swapped ${at}`,
    'compensating-words': `two 16-bit words changed with their sum kept ${at}`,
    'block-overwrite': `${g.length} bytes overwritten with 0x${g.value ?? ''} ${at}`,
    zeroed: `${g.length} bytes zeroed ${at}`,
    splice: `bytes from another packet spliced in ${at}`,
  };
  return `${what[g.kind]} (${g.count} of ${of})`;
}

export function hopFindings(hop: Hop, tally: HopTally, patterns: PatternGroup[]): Finding[] {
  const where = `between ${hop.from} and ${hop.to}`;
  const mine = patterns.filter((g) => g.from === hop.from && g.to === hop.to);
  const findings: Finding[] = [];
  const detected = hop.altered - hop.checksumBlind;
  const evidence = (count: number, top: PatternGroup | undefined): Finding['evidence'] => {
    const e: Finding['evidence'] = { from: hop.from, to: hop.to, direction: hop.direction, matched: hop.matched, altered: hop.altered, checksumBlind: hop.checksumBlind, count };
    if (top) e.pattern = describePattern(top, count);
    return e;
  };
  if (detected > 0) {
    const top = mine.find((g) => g.count > g.checksumBlind);
    findings.push({
      kind: 'corruption',
      severity: 'critical',
      summary: `${detected} of ${hop.matched} segments were altered ${where}${top ? `: ${describePattern(top, detected)}` : ''}; their checksum no longer verifies, so the receiver drops them and TCP resends`,
      count: detected,
      flows: [...tally.flows],
      ...remedyOf('corruption', { hop: where }),
      evidence: evidence(detected, top),
      examples: tally.examples,
    });
  }
  if (hop.checksumBlind > 0) {
    const top = mine.find((g) => g.checksumBlind > 0);
    findings.push({
      kind: 'checksum-blind',
      severity: 'critical',
      summary: `${hop.checksumBlind} segments were altered ${where} with their checksum still valid${top ? `: ${describePattern(top, hop.checksumBlind)}` : ''}; the receiver accepts the damaged bytes`,
      count: hop.checksumBlind,
      flows: [...tally.flows],
      ...remedyOf('checksum-blind', { hop: where }),
      evidence: evidence(hop.checksumBlind, top),
      examples: tally.blindExamples,
    });
  }
  return findings;
}

/**
 * Damage first seen past a point that missed the segment (a capture drop): the hop is known only
 * as a span. Reported only for a kind no single hop already explains.
 */
export function spanFindings(hops: Hop[], patterns: PatternGroup[], hopLevel: Finding[]): Finding[] {
  const isHop = (g: PatternGroup): boolean => hops.some((h) => h.from === g.from && h.to === g.to);
  const spans = new Map<string, { from: string; to: string; detected: number; blind: number; top: PatternGroup }>();
  for (const g of patterns) {
    if (isHop(g)) continue;
    const key = `${g.from}|${g.to}`;
    const s = spans.get(key) ?? { from: g.from, to: g.to, detected: 0, blind: 0, top: g };
    s.detected += g.count - g.checksumBlind;
    s.blind += g.checksumBlind;
    if (g.count > s.top.count) s.top = g;
    spans.set(key, s);
  }
  const findings: Finding[] = [];
  for (const s of spans.values()) {
    const where = `between ${s.from} and ${s.to} (the points in between missed these segments)`;
    const evidence = { from: s.from, to: s.to, pattern: describePattern(s.top, s.detected + s.blind) };
    if (s.detected > 0 && !hopLevel.some((f) => f.kind === 'corruption')) {
      findings.push({ kind: 'corruption', severity: 'critical', summary: `${s.detected} segments were altered ${where}; their checksum no longer verifies`, count: s.detected, flows: [], ...remedyOf('corruption', { hop: where }), evidence: { ...evidence, count: s.detected }, examples: [] });
    }
    if (s.blind > 0 && !hopLevel.some((f) => f.kind === 'checksum-blind')) {
      findings.push({ kind: 'checksum-blind', severity: 'critical', summary: `${s.blind} segments were altered ${where} with their checksum still valid; the receiver accepts the damaged bytes`, count: s.blind, flows: [], ...remedyOf('checksum-blind', { hop: where }), evidence: { ...evidence, count: s.blind }, examples: [] });
    }
  }
  return findings;
}

/** A point's name and what its namespace counted during the capture. */
export interface CountedPoint {
  name: string;
  counters: PointCounters | undefined;
}

/** The checksum drop counters that moved at either end of a hop: where the transmissions died. */
function movedAt(ends: readonly CountedPoint[], to: string): CounterEvidence[] {
  return ends.flatMap((p) => {
    const c = p.counters;
    if (c === undefined) return [];
    const moved = Object.fromEntries(Object.entries(c.kernel).filter(([k, v]) => /InCsumErrors$/.test(k) && v > 0));
    return Object.keys(moved).length > 0 ? [{ netns: c.netns, point: c.point, receiver: p.name === to, counters: moved, seconds: c.seconds }] : [];
  });
}

const intervals = (times: number[]): string =>
  times
    .slice(1)
    .map((t, i) => (t - times[i]!).toFixed(1))
    .join(', ');

/**
 * One finding per hop where sequence positions were sent more than once and every transmission
 * vanished after it, never acknowledged: a black hole there, not loss that a retransmission repaired.
 */
export function blackholeFindings(stuck: readonly Stuck[], hopOf: (s: Stuck) => Hop, points: readonly CountedPoint[]): Finding[] {
  const byHop = new Map<Hop, Stuck[]>();
  for (const s of stuck) {
    const hop = hopOf(s);
    byHop.set(hop, [...(byHop.get(hop) ?? []), s]);
  }
  return [...byHop].map(([hop, list]) => {
    const transmissions = list.reduce((n, s) => n + s.times.length, 0);
    const flows = [...new Set(list.map((s) => s.flow))];
    const worst = list.reduce((a, b) => (b.times.length > a.times.length ? b : a));
    const times = [...worst.times].sort((a, b) => a - b);
    const counters = movedAt(points.filter((p) => p.name === hop.from || p.name === hop.to), hop.to);
    const moved = counters.flatMap((c) => Object.keys(c.counters));
    const droppedFor = moved.some((k) => k.startsWith('Udp')) ? 'udp-checksum' : moved.some((k) => k.startsWith('Tcp')) ? 'tcp-checksum' : undefined;
    const where = `between ${hop.from} and ${hop.to}`;
    const what = worst.flags & TCP_SYN ? (worst.flags & TCP_ACK ? 'SYN-ACK' : 'SYN') : worst.flags & TCP_FIN ? 'FIN' : `${worst.payloadLength}-byte segment`;
    const f: Finding = {
      kind: 'blackhole',
      severity: 'high',
      summary:
        `${list.length} segment${list.length === 1 ? '' : 's'} never got past ${hop.from} → ${hop.to}: all ${transmissions} transmissions were seen at ${hop.from} and at no later point, never acknowledged` +
        ` (the ${what} seq ${worst.seq >>> 0} of ${worst.flow}, sent ${times.length} times, ${intervals(times)} s apart)` +
        (counters.length > 0 ? `; ${counters.map((c) => `${c.netns} counted ${Object.entries(c.counters).map(([k, v]) => `${k} +${v}`).join(', ')}`).join('; ')}` : ''),
      count: transmissions,
      flows: flows.slice(0, 50),
      evidence: { from: hop.from, to: hop.to, direction: hop.direction, stuckSegments: list.length, transmissions, flowsAffected: flows.length },
      examples: [],
      ...(droppedFor === undefined ? {} : remedyOf('blackhole', { droppedFor, hop: where })),
    };
    if (counters.length > 0) f.counters = counters;
    return f;
  });
}

// Findings of a correlation, one per hop and kind: damage the checksum catches (`corruption`,
// located at the hop) and damage it cannot see (`checksum-blind`), each with its dominant pattern.

import { remedyOf } from '../../remedies.js';
import type { Finding } from '../../types.js';
import type { Hop, PatternGroup } from '../types.js';
import type { HopTally } from './ledger.js';

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

// From tallies to findings: black holes, corruption, damaged tunnel checksums and unfinished
// checksums judged by outcome, each with the evidence a reader needs to trust it (counts, example
// frames, stored vs expected values) and a first remedy; notes of severity info are no fault.

import { hex4, MAX_FLOW_IDS, pct, plural } from './finding-text.js';
import type { RepeatedBadSegment } from './flow-table.js';
import { offloadLeakFinding, offloadUnconfirmedNote } from './offload-findings.js';
import type { UnfinishedOutcome } from './outcome.js';
import { remedyOf } from './remedies.js';
import { tunnelChecksumFinding, type TunnelChecksumInputs } from './tunnel-finding.js';
import type { Finding, FrameRef, VerdictCounts } from './types.js';

export interface CorruptTally {
  /** Innermost segments with a corrupt checksum. */
  segments: number;
  /** Of those, inside a tunnel. */
  inner: number;
  ipHeaders: number;
  /** ICMP, ICMPv6 and IGMP messages with a corrupt checksum. */
  messages: number;
  /** Of the segments, in frames whose tunnel's outer UDP checksum shows the damage too. */
  caughtByTunnel: number;
  flows: string[];
  examples: FrameRef[];
}

export interface FindingInputs {
  segments: VerdictCounts;
  unfinished: UnfinishedOutcome;
  corrupt: CorruptTally;
  tunnel: TunnelChecksumInputs;
  blackholes: RepeatedBadSegment[];
}

/** A finding that makes the exit status 1: anything but a note. */
export function isFault(f: Finding): boolean {
  return f.severity !== 'info';
}

function totalSegments(c: VerdictCounts): number {
  return c.valid + c.offload + c.corrupt + c.unverifiable + c.absent;
}

export function deriveFindings(x: FindingInputs): Finding[] {
  const total = totalSegments(x.segments);
  // A black hole blamed on unfinished checksums needs the evidence an offload leak rests on.
  const leaks = new Set(x.unfinished.leakFlows);
  const holes = blackholeFindings(x.blackholes.filter((r) => r.examples[0]?.verdict !== 'offload' || leaks.has(r.flowId)));
  const found = [...holes, corruptionFinding(x.corrupt, total), tunnelChecksumFinding(x.tunnel), offloadLeakFinding(x.unfinished), offloadUnconfirmedNote(x.unfinished)];
  return found.filter((f): f is Finding => f !== undefined);
}

/** Everything whose checksum shows damage, counted by what was damaged; undefined when nothing was. */
function corruptionFinding(c: CorruptTally, total: number): Finding | undefined {
  const count = c.segments + c.ipHeaders + c.messages;
  if (count === 0) return undefined;
  const first = c.examples[0];
  const parts: string[] = [];
  if (c.segments > 0) parts.push(`${c.segments} of ${plural(total, 'segment')} (${pct(c.segments, total)})${c.inner === c.segments ? ', all inside the tunnel,' : ''}`);
  if (c.ipHeaders > 0) parts.push(plural(c.ipHeaders, 'IPv4 header'));
  if (c.messages > 0) parts.push(plural(c.messages, 'ICMP/IGMP message'));
  const [lead, ...also] = parts;
  return {
    kind: 'corruption',
    severity: 'critical',
    summary:
      `${lead} ${count === 1 ? 'was' : 'were'} altered after ${count === 1 ? 'its' : 'their'} checksum was computed` +
      (also.length > 0 ? `; also ${also.join(' and ')}` : '') +
      (first?.expected !== undefined ? ` (e.g. frame ${first.frame}: stored ${hex4(first.stored)}, expected ${hex4(first.expected)})` : ''),
    count,
    flows: c.flows.slice(0, MAX_FLOW_IDS),
    ...remedyOf('corruption'),
    evidence: {
      corruptSegments: c.segments,
      insideTunnel: c.inner,
      corruptIpv4Headers: c.ipHeaders,
      corruptMessages: c.messages,
      caughtByTunnelChecksum: c.caughtByTunnel,
      share: pct(c.segments, total),
      flowsAffected: c.flows.length,
    },
    examples: c.examples,
  };
}

function blackholeFindings(repeats: RepeatedBadSegment[]): Finding[] {
  if (repeats.length === 0) return [];
  const byFlow = new Map<string, RepeatedBadSegment[]>();
  for (const r of repeats) {
    const list = byFlow.get(r.flowId) ?? [];
    list.push(r);
    byFlow.set(r.flowId, list);
  }
  const attempts = repeats.reduce((n, r) => n + r.count, 0);
  const worst = repeats.reduce((a, b) => (b.count > a.count ? b : a));
  const ex = worst.examples[0]!;
  const what = worst.flags & 0x02 ? (worst.flags & 0x10 ? 'SYN-ACK' : 'SYN') : 'segment';
  const verdict = ex.verdict === 'offload' ? 'an unfinished checksum' : 'a bad checksum';
  return [
    {
      kind: 'blackhole',
      severity: 'critical',
      summary:
        `${what} of ${worst.flowId} sent ${worst.count} times with ${verdict} (${hex4(ex.stored)}) and never answered` +
        (byFlow.size > 1 ? `; ${byFlow.size} flows stuck like this` : ''),
      count: repeats.length,
      flows: [...byFlow.keys()].slice(0, MAX_FLOW_IDS),
      ...remedyOf('blackhole', { source: worst.flowId, offload: ex.verdict === 'offload' }),
      evidence: {
        stuckSegments: repeats.length,
        transmissions: attempts,
        flowsAffected: byFlow.size,
        storedChecksum: hex4(ex.stored),
        verdict: ex.verdict,
      },
      examples: repeats.flatMap((r) => r.examples).slice(0, 10),
    },
  ];
}

// From tallies to findings: corruption, offload leaks and blackholes, each with the evidence a
// reader needs to trust it (counts, example frames, stored vs expected values) and a first remedy.

import { remedyFor } from './remedies.js';
import type { FlowTable, RepeatedBadSegment } from './flow-table.js';
import type { Finding, FrameRef, VerdictCounts } from './types.js';

export interface OffloadTally {
  leaked: number;
  leakedInbound: number;
  leakedInTunnel: number;
  benignOutbound: number;
  /** Received outside a tunnel and acknowledged: finished in the kernel (a veth pair), harmless. */
  acceptedInbound: number;
  /** Received UDP outside a tunnel: nothing says whether the receiver took it. */
  inboundUnconfirmed: number;
  unknownDirection: number;
  examples: FrameRef[];
  flows: Set<string>;
}

export interface CorruptTally {
  /** Innermost segments with a corrupt checksum. */
  segments: number;
  /** Of those, inside a tunnel. */
  inner: number;
  /** Tunnel-carrier UDP headers (outer) with a corrupt checksum. */
  outerL4: number;
  ipHeaders: number;
  /** ICMP, ICMPv6 and IGMP messages with a corrupt checksum. */
  messages: number;
  flows: string[];
  examples: FrameRef[];
}

export interface FindingInputs {
  segments: VerdictCounts;
  offload: OffloadTally;
  corrupt: CorruptTally;
  blackholes: RepeatedBadSegment[];
  flows: FlowTable;
}

const MAX_FLOW_IDS = 50;

function pct(n: number, of: number): string {
  if (of === 0) return '0%';
  const p = (100 * n) / of;
  return p >= 10 ? `${p.toFixed(0)}%` : p >= 0.1 ? `${p.toFixed(1)}%` : `${p.toFixed(3)}%`;
}

const hex4 = (v: number): string => `0x${v.toString(16).padStart(4, '0')}`;

function totalSegments(c: VerdictCounts): number {
  return c.valid + c.offload + c.corrupt + c.unverifiable + c.absent;
}

export function deriveFindings(x: FindingInputs): Finding[] {
  const findings: Finding[] = [];
  const total = totalSegments(x.segments);
  for (const f of blackholeFindings(x.blackholes)) findings.push(f);

  const corruption = corruptionFinding(x.corrupt, total);
  if (corruption !== undefined) findings.push(corruption);

  const o = x.offload;
  if (o.leaked > 0) {
    const first = o.examples[0];
    const how =
      o.leakedInTunnel > 0 && o.leakedInbound > 0
        ? 'were encapsulated and received'
        : o.leakedInTunnel > 0
          ? 'crossed the tunnel'
          : 'were received';
    findings.push({
      kind: 'offload-leak',
      severity: 'high',
      summary:
        `${o.leaked} segments ${how} with an unfinished checksum (offload artifact)` +
        (first ? `, e.g. frame ${first.frame} of ${first.flow} stored ${hex4(first.stored)}` : '') +
        ': the receiver drops them',
      count: o.leaked,
      flows: [...o.flows].slice(0, MAX_FLOW_IDS),
      remedy: remedyFor('offload-leak', { source: first?.flow }),
      evidence: {
        leaked: o.leaked,
        insideTunnel: o.leakedInTunnel,
        inbound: o.leakedInbound,
        benignOutbound: o.benignOutbound,
        acceptedInbound: o.acceptedInbound,
        inboundUnconfirmed: o.inboundUnconfirmed,
        directionUnknown: o.unknownDirection,
        flowsAffected: o.flows.size,
      },
      examples: o.examples,
    });
  }
  return findings;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Everything whose checksum shows damage, counted by what was damaged; undefined when nothing was. */
function corruptionFinding(c: CorruptTally, total: number): Finding | undefined {
  const count = c.segments + c.outerL4 + c.ipHeaders + c.messages;
  if (count === 0) return undefined;
  const first = c.examples[0];
  const parts: string[] = [];
  if (c.segments > 0) parts.push(`${c.segments} of ${plural(total, 'segment')} (${pct(c.segments, total)})${c.inner === c.segments ? ', all inside the tunnel,' : ''}`);
  if (c.ipHeaders > 0) parts.push(plural(c.ipHeaders, 'IPv4 header'));
  if (c.outerL4 > 0) parts.push(plural(c.outerL4, 'tunnel UDP header'));
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
    remedy: remedyFor('corruption', { insideTunnel: c.inner > 0 }),
    evidence: {
      corruptSegments: c.segments,
      insideTunnel: c.inner,
      corruptIpv4Headers: c.ipHeaders,
      corruptTunnelUdp: c.outerL4,
      corruptMessages: c.messages,
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
      remedy: remedyFor('blackhole', { source: worst.flowId, offload: ex.verdict === 'offload' }),
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

// The `tunnel-checksum` finding: frames whose outer UDP checksum is damaged, between which tunnel
// endpoints, stored vs expected, what the receiving host does with them (drops them and counts
// Udp InCsumErrors) as far as the inner flows show it, the inner SYN's backoff, and the remedy
// for the known causes.

import { gaps, hex4, MAX_FLOW_IDS, plural } from './finding-text.js';
import type { DamagedOutcome } from './outcome.js';
import { remedyOf } from './remedies.js';
import type { SynTransmissions, TunnelEndpoints } from './tunnel-damage.js';
import type { Finding, FrameRef } from './types.js';

export interface TunnelChecksumInputs {
  frames: number;
  endpoints: TunnelEndpoints[];
  examples: FrameRef[];
  /** Inner flows the damaged frames carried. */
  flows: string[];
  outcome: DamagedOutcome;
  syn: SynTransmissions | undefined;
}

const KIND_NAME: Record<string, string> = { vxlan: 'VXLAN', geneve: 'Geneve' };
const MAX_PAIRS_SHOWN = 5;

export function tunnelChecksumFinding(t: TunnelChecksumInputs): Finding | undefined {
  if (t.frames === 0) return undefined;
  const top = t.endpoints[0];
  const first = t.examples[0];
  const kinds = new Set(t.endpoints.map((e) => e.kind));
  const name = kinds.size === 1 ? (KIND_NAME[[...kinds][0]!] ?? 'tunnel') : 'tunnel';
  const o = t.outcome;
  const dropped = o.dropped > 0 || t.syn !== undefined;
  const taken = !dropped && o.acknowledged > 0 && o.unknown === 0;
  const fate = dropped
    ? 'the receiving host dropped them (the segments inside were resent and never acknowledged); a host that verifies outer checksums counts such drops in Udp InCsumErrors'
    : taken
      ? 'the receiver took them anyway (the data inside was acknowledged), so this path does not verify outer checksums; a host that does drops them and counts them in Udp InCsumErrors'
      : 'a receiving host that verifies outer checksums drops them and counts them in Udp InCsumErrors (nstat -az UdpInCsumErrors there shows it)';
  const evidence: Finding['evidence'] = {
    frames: t.frames,
    tunnelEndpoints: t.endpoints
      .slice(0, MAX_PAIRS_SHOWN)
      .map((e) => `${e.src} > ${e.dst} (${e.frames})`)
      .join(', '),
    innerResentNeverAcknowledged: o.dropped,
    innerAcknowledged: o.acknowledged,
    innerUnknown: o.unknown,
    receiverCounter: 'Udp InCsumErrors',
  };
  if (first !== undefined) evidence.storedChecksum = hex4(first.stored);
  if (first?.expected !== undefined) evidence.expectedChecksum = hex4(first.expected);
  if (t.syn !== undefined) {
    evidence.synTransmissions = t.syn.times.length;
    evidence.synIntervalsSeconds = gaps(t.syn.times);
  }
  return {
    kind: 'tunnel-checksum',
    severity: dropped ? 'critical' : taken ? 'medium' : 'high',
    summary:
      `${plural(t.frames, `${name} frame`)}` +
      (top ? ` from tunnel endpoint ${top.src} to ${top.dst}` : '') +
      (t.endpoints.length > 1 ? ` (and ${plural(t.endpoints.length - 1, 'other endpoint pair')})` : '') +
      ` carried a damaged outer UDP checksum` +
      (first?.expected !== undefined ? ` (e.g. frame ${first.frame}: stored ${hex4(first.stored)}, expected ${hex4(first.expected)})` : '') +
      `: ${fate}` +
      (t.syn ? `; the SYN of ${t.syn.flow} inside was sent ${t.syn.times.length} times, ${gaps(t.syn.times)} s apart, and never answered` : ''),
    count: t.frames,
    flows: t.flows.slice(0, MAX_FLOW_IDS),
    ...remedyOf('tunnel-checksum', { tunnelSender: top?.src }),
    evidence,
    examples: t.examples,
  };
}

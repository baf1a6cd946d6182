// What identifies one segment at every capture point whatever the encapsulation: the innermost
// TCP/UDP segment's 5-tuple, sequence and acknowledgement numbers, IP ID and payload length.
// None of these change in flight (OVS, VXLAN and Geneve leave the inner packet alone); the IP ID
// changes on every Linux retransmission, so a retransmitted segment is a segment of its own.

import type { DecodedPacket, IpHeader, L4Header } from '../../../decode/types.js';
import { innermostSegment } from '../../analyzer.js';
import { flowId } from '../../endpoint.js';

/** The numbers that identify a sighting, with the headers they were read from. */
export interface Fingerprint {
  seq: number;
  ack: number;
  ipId: number;
  flags: number;
  payloadLength: number;
  ip: IpHeader;
  l4: L4Header;
}

export function fingerprintOf(pkt: DecodedPacket): Fingerprint | undefined {
  const l4 = innermostSegment(pkt);
  if (l4 === undefined) return undefined;
  const ip = pkt.ip[l4.ipIndex]!;
  const tcp = l4.tcp;
  return {
    seq: tcp?.seq ?? 0,
    ack: tcp?.ack ?? 0,
    ipId: ip.id,
    flags: tcp?.flags ?? 0,
    payloadLength: l4.payloadLength,
    ip,
    l4,
  };
}

/** "tcp 10.10.0.1:43880 > 10.10.0.2:5101": the flow id format of `analyze`, without the VNI. */
export function flowIdOf(s: Fingerprint): string {
  return flowId(s.l4.protocol, s.ip.src, s.l4.srcPort, s.ip.dst, s.l4.dstPort);
}

/** The id of the flow answering this one. */
export function reverseFlowIdOf(s: Fingerprint): string {
  return flowId(s.l4.protocol, s.ip.dst, s.l4.dstPort, s.ip.src, s.l4.srcPort);
}

/** Same 5-tuple, direction included: compares the decoded strings, no id built. */
export function sameFlow(a: Fingerprint, b: Fingerprint): boolean {
  return a.l4.srcPort === b.l4.srcPort && a.l4.dstPort === b.l4.dstPort && a.l4.protocol === b.l4.protocol && a.ip.src === b.ip.src && a.ip.dst === b.ip.dst;
}

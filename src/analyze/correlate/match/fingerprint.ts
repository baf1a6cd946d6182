// What identifies one segment at every capture point whatever the encapsulation: the innermost
// TCP/UDP segment's 5-tuple, sequence and acknowledgement numbers, IP ID and payload length.
// None of these change in flight (OVS, VXLAN and Geneve leave the inner packet alone); the IP ID
// changes on every Linux retransmission, so a retransmitted segment is a segment of its own.
// Read straight from the decoder's (reused) headers: no object per frame.

import type { IpHeader, L4Header } from '../../../decode/types.js';
import { flowId } from '../../endpoint.js';
import * as W from '../transport/wire.js';

/** Writes the numbers that identify the segment (l4, inside ip) into the row at b. */
export function writeFingerprint(rows: Int32Array, b: number, ip: IpHeader, l4: L4Header): void {
  const tcp = l4.tcp;
  rows[b + W.SEQ] = tcp?.seq ?? 0;
  rows[b + W.ACK] = tcp?.ack ?? 0;
  rows[b + W.IP_ID] = ip.id;
  rows[b + W.FLAGS] = tcp?.flags ?? 0;
  rows[b + W.PAYLOAD_LENGTH] = l4.payloadLength;
}

/** One flow's 5-tuple, direction included, copied out of a frame's headers (which the decoder reuses). */
export class FlowKey {
  protocol = '';
  src = '';
  dst = '';
  srcPort = -1;
  dstPort = -1;

  set(ip: IpHeader, l4: L4Header): void {
    this.protocol = l4.protocol;
    this.src = ip.src;
    this.dst = ip.dst;
    this.srcPort = l4.srcPort;
    this.dstPort = l4.dstPort;
  }

  /** Same 5-tuple: compares the decoded (cached, so mostly identical) strings, no id built. */
  matches(ip: IpHeader, l4: L4Header): boolean {
    return l4.srcPort === this.srcPort && l4.dstPort === this.dstPort && l4.protocol === this.protocol && ip.src === this.src && ip.dst === this.dst;
  }

  /** "tcp 10.10.0.1:43880 > 10.10.0.2:5101": the flow id format of `analyze`, without the VNI. */
  id(): string {
    return flowId(this.protocol, this.src, this.srcPort, this.dst, this.dstPort);
  }

  /** The id of the flow answering this one. */
  reverseId(): string {
    return flowId(this.protocol, this.dst, this.dstPort, this.src, this.srcPort);
  }
}

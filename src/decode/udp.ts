// UDP, RFC 768; dispatches VXLAN (RFC 7348; 4789, and 8472 as Linux's default) and Geneve
// (RFC 8926; 6081) by destination port, plus any ports the user declared.
//
//    0      7 8     15 16    23 24    31
//   +--------+--------+--------+--------+
//   |   Source Port   | Destination Port|
//   +--------+--------+--------+--------+
//   |     Length      |    Checksum     |
//   +--------+--------+--------+--------+
//   |          data octets ...
//   +---------------- ...

import { addLayer, claim, haveHeader, nextUdp, PORT_GENEVE, PORT_VXLAN, type Frame } from './frame.js';
import { decodeGeneve } from './geneve.js';
import { decodeVxlan } from './vxlan.js';
import { be16 } from '../binary/be.js';

export function decodeUdp(f: Frame, off: number, end: number, depth: number): void {
  if (!haveHeader(f, 'UDP', off, 8, end)) return;
  const b = f.buf;
  const declared = be16(b, off + 4);
  const ip = f.out.ip[f.out.ip.length - 1]!;
  // A UDP length of 0 is legal only in IPv6 jumbograms (RFC 2675) and GSO packets: take the IP's;
  // so does a GSO super-frame past 64 KiB whose length field kept only the low 16 bits.
  const length = (ip.jumbo || ip.lengthFromFrame) && (declared === 0 || declared === ((end - off) & 0xffff)) ? end - off : declared;
  if (length < 8) {
    f.out.invalid = `UDP length ${declared} is below 8`;
    return;
  }
  // A first fragment holds only the start of the datagram its UDP length counts.
  if (!ip.fragment && !claim(f, 'UDP length', off, off + length, end)) return;
  const payloadEnd = Math.min(off + length, end);
  const dstPort = be16(b, off + 2);
  addLayer(f, 'udp');
  const l4 = nextUdp(f);
  l4.depth = depth;
  l4.ipIndex = f.out.ip.length - 1;
  l4.offset = off;
  l4.srcPort = be16(b, off);
  l4.dstPort = dstPort;
  l4.length = length;
  l4.payloadOffset = off + 8;
  l4.payloadLength = payloadEnd - off - 8;
  l4.truncated = off + length > f.capEnd;
  l4.carrier = false;
  if (ip.fragment) return;
  const carries = f.ports[dstPort];
  if (carries === PORT_VXLAN) {
    l4.carrier = true;
    decodeVxlan(f, off + 8, payloadEnd, depth);
  } else if (carries === PORT_GENEVE) {
    l4.carrier = true;
    decodeGeneve(f, off + 8, payloadEnd, depth);
  }
}

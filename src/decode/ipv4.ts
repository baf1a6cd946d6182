// IPv4, RFC 791 (header checksum RFC 1071; TSO/BIG TCP packets with total length 0, RFC 2675's
// IPv4 counterpart as Linux writes it since 6.3).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version|  IHL  |Type of Service|          Total Length         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Identification        |Flags|      Fragment Offset    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Time to Live |    Protocol   |         Header Checksum       |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                       Source Address                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Destination Address                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                    Options (IHL > 5)                          |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import { addLayer, claim, haveHeader, ipv4String, nextIp, type Frame } from './frame.js';
import { decodeIpPayload } from './ip-payload.js';
import { be16 } from '../binary/be.js';

export function decodeIpv4(f: Frame, off: number, wireEnd: number, depth: number): void {
  if (!haveHeader(f, 'IPv4', off, 20, wireEnd)) return;
  const b = f.buf;
  const vihl = b[off]!;
  if (vihl >> 4 !== 4) {
    f.out.invalid = `IPv4 header with version ${vihl >> 4}`;
    return;
  }
  const headerLength = (vihl & 0x0f) * 4;
  if (headerLength < 20) {
    f.out.invalid = `IPv4 header length ${headerLength} is below 20`;
    return;
  }
  if (!haveHeader(f, 'IPv4 with options', off, headerLength, wireEnd)) return;
  const totalLength = be16(b, off + 2);
  const lengthFromFrame = totalLength === 0;
  let end: number;
  if (lengthFromFrame) {
    end = wireEnd;
  } else {
    if (totalLength < headerLength) {
      f.out.invalid = `IPv4 total length ${totalLength} is shorter than its header (${headerLength})`;
      return;
    }
    end = off + totalLength;
    if (!claim(f, 'IPv4 total length', off, end, wireEnd)) return;
  }
  const fragField = be16(b, off + 6);
  const fragmentOffset = (fragField & 0x1fff) * 8;
  const more = (fragField & 0x2000) !== 0;
  const protocol = b[off + 9]!;
  addLayer(f, 'ipv4');
  const h = nextIp(f);
  h.version = 4;
  h.depth = depth;
  h.offset = off;
  h.headerLength = headerLength;
  h.src = ipv4String(b, off + 12);
  h.dst = ipv4String(b, off + 16);
  h.protocol = protocol;
  h.payloadLength = end - off - headerLength;
  h.lengthFromFrame = lengthFromFrame;
  h.jumbo = false;
  h.ttl = b[off + 8]!;
  h.id = be16(b, off + 4);
  h.fragment = more || fragmentOffset > 0;
  h.fragmentOffset = fragmentOffset;
  h.pseudoSrc = off + 12;
  h.pseudoDst = off + 16;
  // Only a first fragment starts with the upper-layer header.
  if (fragmentOffset > 0) return;
  decodeIpPayload(f, protocol, off + headerLength, end, depth);
}

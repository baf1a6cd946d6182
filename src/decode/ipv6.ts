// IPv6, RFC 8200, with extension headers (hop-by-hop, routing, fragment, destination options,
// AH per RFC 4302) and jumbograms (RFC 2675 Jumbo Payload option), plus Linux BIG TCP packets,
// which carry payload length 0 and no jumbo option.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |Version| Traffic Class |           Flow Label                  |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |         Payload Length        |  Next Header  |   Hop Limit   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                   Source Address (128 bits)                   |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                Destination Address (128 bits)                 |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
//   Extension header:  | Next Header | Hdr Ext Len (8-octet units, not counting the first) | ...
//   Fragment header:   | Next Header | Reserved | Fragment Offset (13) |Res|M| Identification (32) |
//   Jumbo Payload opt: | 0xC2 | 4 | Jumbo Payload Length (32) |
//   Routing header:    | Next Header | Hdr Ext Len | Routing Type | Segments Left | 4 bytes | addresses...
//     (type 0, RFC 5095's deprecated source route, and type 2, RFC 6275 §6.4: addresses in path order;
//     type 4, the Segment Routing Header of RFC 8754 §2: Segment List[0], the first, is the last segment)
//   Home Address opt:  | 0xC9 | 16 | Home Address (128) |   in a destination options header (RFC 6275 §6.3)
//
// The upper-layer pseudo-header (RFC 8200 §8.1) takes the final destination: the Routing header's
// last segment while segments are left, else the Destination Address; and with a Home Address
// option the home address as source (RFC 6275 §6.3).

import { addLayer, claim, haveHeader, ipv6String, nextIp, type Frame } from './frame.js';
import { decodeIpPayload } from './ip-payload.js';
import { be16, be32 } from '../binary/be.js';

const HOP_BY_HOP = 0;
const ROUTING = 43;
const FRAGMENT = 44;
const AH = 51;
const DEST_OPTS = 60;
const NO_NEXT = 59;
const MAX_EXTENSIONS = 16;
const OPT_JUMBO = 0xc2;
const OPT_HOME_ADDRESS = 0xc9;
const ROUTING_SRH = 4;

export function decodeIpv6(f: Frame, off: number, wireEnd: number, depth: number): void {
  if (!haveHeader(f, 'IPv6', off, 40, wireEnd)) return;
  const b = f.buf;
  if (b[off]! >> 4 !== 6) {
    f.out.invalid = `IPv6 header with version ${b[off]! >> 4}`;
    return;
  }
  const payloadLength = be16(b, off + 4);
  let next = b[off + 6]!;
  let end = off + 40 + payloadLength;
  let jumbo = false;
  let lengthFromFrame = false;
  let fragment = false;
  let fragmentOffset = 0;
  let id = 0;
  let pseudoSrc = off + 8;
  let pseudoDst = off + 24;
  let p = off + 40;
  for (let n = 0; ; n++) {
    if (n === MAX_EXTENSIONS) {
      f.out.invalid = `more than ${MAX_EXTENSIONS} IPv6 extension headers`;
      return;
    }
    if (next !== HOP_BY_HOP && next !== ROUTING && next !== FRAGMENT && next !== AH && next !== DEST_OPTS) break;
    if (!haveHeader(f, 'IPv6 extension', p, 8, wireEnd)) return;
    const extLen = next === FRAGMENT ? 8 : next === AH ? (b[p + 1]! + 2) * 4 : (b[p + 1]! + 1) * 8;
    if (!haveHeader(f, 'IPv6 extension', p, extLen, wireEnd)) return;
    if (next === HOP_BY_HOP) {
      const at = optionData(b, p + 2, p + extLen, OPT_JUMBO, 4);
      if (at >= 0) {
        jumbo = true;
        end = off + 40 + be32(b, at);
      }
    } else if (next === ROUTING) {
      const final = finalDestination(b, p, extLen);
      if (final >= 0) pseudoDst = final;
    } else if (next === DEST_OPTS) {
      const at = optionData(b, p + 2, p + extLen, OPT_HOME_ADDRESS, 16);
      if (at >= 0) pseudoSrc = at;
    } else if (next === FRAGMENT) {
      const field = be16(b, p + 2);
      fragmentOffset = (field >> 3) * 8;
      // An atomic fragment (offset 0, M clear; RFC 6946) holds the whole packet: still checkable.
      fragment = fragmentOffset > 0 || (field & 1) !== 0;
      id = be32(b, p + 4);
    }
    next = b[p]!;
    p += extLen;
  }
  if (payloadLength === 0 && !jumbo) {
    lengthFromFrame = true;
    end = wireEnd;
  }
  if (!claim(f, 'IPv6 payload length', off, end, wireEnd)) return;
  if (p > end) {
    f.out.invalid = `IPv6 extension headers run past the payload length`;
    return;
  }
  addLayer(f, 'ipv6');
  const h = nextIp(f);
  h.version = 6;
  h.depth = depth;
  h.offset = off;
  h.headerLength = p - off;
  h.src = ipv6String(b, off + 8);
  h.dst = ipv6String(b, off + 24);
  h.protocol = next;
  h.payloadLength = end - p;
  h.lengthFromFrame = lengthFromFrame;
  h.jumbo = jumbo;
  h.ttl = b[off + 7]!;
  h.id = id;
  h.fragment = fragment;
  h.fragmentOffset = fragmentOffset;
  h.pseudoSrc = pseudoSrc;
  h.pseudoDst = pseudoDst;
  if (fragmentOffset > 0 || next === NO_NEXT) return;
  decodeIpPayload(f, next, p, end, depth);
}

/** Offset of the data of option `type` with data length `length` in options [p, end), or -1. */
function optionData(b: Buffer, p: number, end: number, type: number, length: number): number {
  while (p < end) {
    const t = b[p]!;
    if (t === 0) {
      p++;
      continue;
    }
    if (p + 2 > end) return -1;
    const len = b[p + 1]!;
    if (t === type && len === length && p + 2 + len <= end) return p + 2;
    p += 2 + len;
  }
  return -1;
}

/** Offset of the final destination in the Routing header at p while segments are left, or -1. */
function finalDestination(b: Buffer, p: number, extLen: number): number {
  const type = b[p + 2]!;
  if (b[p + 3]! === 0) return -1;
  const addresses = Math.floor((extLen - 8) / 16);
  if (addresses === 0) return -1;
  if (type === 0 || type === 2) return p + 8 + 16 * (addresses - 1);
  if (type === ROUTING_SRH) return p + 8;
  return -1;
}

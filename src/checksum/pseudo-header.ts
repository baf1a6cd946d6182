// Pseudo-headers the TCP, UDP and ICMPv6 checksums cover: RFC 9293 §3.1 / RFC 768 for IPv4
// (source, destination, zero, protocol, TCP/UDP length) and RFC 8200 §8.1 for IPv6 (source,
// destination, 32-bit upper-layer length, three zero bytes, next header), with the addresses the
// decoder picked: a Routing header's final destination, a Home Address option's source.

import type { IpHeader } from '../decode/types.js';
import { be16 } from '../binary/be.js';
import { sumWords } from './internet-checksum.js';

/** Unfolded sum of the pseudo-header of an upper-layer packet of `length` bytes. */
export function pseudoHeaderSum(buf: Buffer, ip: IpHeader, protocol: number, length: number): number {
  const s = ip.pseudoSrc;
  const d = ip.pseudoDst;
  let addrs: number;
  if (ip.version === 4) addrs = be16(buf, s) + be16(buf, s + 2) + be16(buf, d) + be16(buf, d + 2);
  else addrs = d === s + 16 ? sumWords(buf, s, s + 32) : sumWords(buf, s, s + 16) + sumWords(buf, d, d + 16);
  // The length as two 16-bit words: in integer operations for what a header can hold (below 2^32), by division for anything else.
  const words = length >= 0 && length <= 0xffffffff ? (length >>> 16) + (length & 0xffff) : Math.floor(length / 0x10000) + (length % 0x10000);
  return addrs + protocol + words;
}

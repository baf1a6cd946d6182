// Pseudo-headers the TCP and UDP checksums cover: RFC 9293 §3.1 / RFC 768 for IPv4
// (source, destination, zero, protocol, TCP/UDP length) and RFC 8200 §8.1 for IPv6
// (source, destination, 32-bit upper-layer length, three zero bytes, next header).

import type { IpHeader } from '../decode/types.js';
import { be16 } from '../binary/be.js';
import { sumWords } from './internet-checksum.js';

/** Unfolded sum of the pseudo-header of an upper-layer packet of `length` bytes. */
export function pseudoHeaderSum(buf: Buffer, ip: IpHeader, protocol: number, length: number): number {
  const a = ip.offset;
  const addrs = ip.version === 4 ? be16(buf, a + 12) + be16(buf, a + 14) + be16(buf, a + 16) + be16(buf, a + 18) : sumWords(buf, a + 8, a + 40);
  return addrs + protocol + Math.floor(length / 0x10000) + (length % 0x10000);
}

// BSD loopback encapsulation: LINKTYPE_NULL (0), a 4-byte address family in the byte order of
// the capturing host, and LINKTYPE_LOOP (108), the same in network byte order
// (https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html).
//
//   +-------------------------------+----------------------
//   |  Address family (4 bytes)     |  IPv4 or IPv6 packet ...
//   +-------------------------------+----------------------
// AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).

import { addLayer, haveHeader, type Frame } from './frame.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { be32 } from '../binary/be.js';

const AF_INET6 = new Set([10, 24, 28, 30]);

export function decodeLoopback(f: Frame, off: number, wireEnd: number, networkOrder: boolean): void {
  if (!haveHeader(f, 'loopback', off, 4, wireEnd)) return;
  const be = be32(f.buf, off);
  const le = f.buf.readUInt32LE(off);
  // LINKTYPE_NULL does not say which byte order the writer used; the value tells.
  const family = networkOrder ? be : be < 0x10000 ? be : le;
  addLayer(f, 'loopback');
  if (family === 2) decodeIpv4(f, off + 4, wireEnd, 0);
  else if (AF_INET6.has(family)) decodeIpv6(f, off + 4, wireEnd, 0);
  else addLayer(f, `af-${family}`);
}

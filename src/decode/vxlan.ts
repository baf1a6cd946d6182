// VXLAN, RFC 7348 §5 (UDP 4789; Linux's historical default 8472).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |R|R|R|R|I|R|R|R|            Reserved                           |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                VXLAN Network Identifier (VNI) |   Reserved    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                 Inner Ethernet frame ...
// The I flag says the VNI is valid; without it the inner frame is still decoded, VNI left out.

import { decodeEthernet } from './ethernet.js';
import { haveHeader, type Frame } from './frame.js';
import { enterTunnel } from './tunnel.js';
import { be32 } from '../binary/be.js';

export function decodeVxlan(f: Frame, off: number, end: number, depth: number): void {
  if (!haveHeader(f, 'VXLAN', off, 8, end)) return;
  const flags = f.buf[off]!;
  const vni = flags & 0x08 ? be32(f.buf, off + 4) >>> 8 : undefined;
  const inner = enterTunnel(f, 'vxlan', off, depth, vni);
  if (inner !== undefined) decodeEthernet(f, off + 8, end, inner);
}

// GRE, RFC 2784 with the key and sequence extensions of RFC 2890, and NVGRE (RFC 7637: key bit
// set, protocol 0x6558 transparent Ethernet bridging, key = 24-bit VSID + 8-bit FlowID).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |C| |K|S| Reserved0       | Ver |         Protocol Type         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Checksum (optional)      |       Reserved1 (Optional)    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Key (optional)                        |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                 Sequence Number (Optional)                    |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import { decodeEtherType, ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_TEB } from './ethernet.js';
import { addLayer, haveHeader, type Frame } from './frame.js';
import { enterTunnel } from './tunnel.js';
import { be16, be32 } from '../binary/be.js';

export function decodeGre(f: Frame, off: number, end: number, depth: number): void {
  if (!haveHeader(f, 'GRE', off, 4, end)) return;
  const b = f.buf;
  const flags = be16(b, off);
  const version = flags & 0x7;
  const protocol = be16(b, off + 2);
  if (version !== 0) {
    // Version 1 is PPTP's enhanced GRE, which carries PPP, not something this tool checks.
    addLayer(f, `gre-v${version}`);
    return;
  }
  const hasChecksum = (flags & 0x8000) !== 0;
  const hasKey = (flags & 0x2000) !== 0;
  const hasSeq = (flags & 0x1000) !== 0;
  const length = 4 + (hasChecksum ? 4 : 0) + (hasKey ? 4 : 0) + (hasSeq ? 4 : 0);
  if (!haveHeader(f, 'GRE', off, length, end)) return;
  const key = hasKey ? be32(b, off + 4 + (hasChecksum ? 4 : 0)) : undefined;
  if (protocol !== ETHERTYPE_TEB && protocol !== ETHERTYPE_IPV4 && protocol !== ETHERTYPE_IPV6) {
    addLayer(f, 'gre');
    return;
  }
  const nvgre = protocol === ETHERTYPE_TEB && key !== undefined;
  const inner = enterTunnel(f, nvgre ? 'nvgre' : 'gre', off, depth, nvgre ? key >>> 8 : key);
  if (inner !== undefined) decodeEtherType(f, protocol, off + length, end, inner);
}

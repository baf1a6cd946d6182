// ICMPv6, RFC 4443 §2.1: next header 58; the checksum covers the message and the IPv6
// pseudo-header (RFC 8200 §8.1). Types 0-127 are errors quoting as much of the offending packet
// as fits; 128-255 informational (echo request 128, reply 129, neighbour discovery 133-137).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Message Body ...                      |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

import { recordMessage } from './control-message.js';
import type { Frame } from './frame.js';

const isError = (type: number): boolean => type < 128;

export function decodeIcmpv6(f: Frame, off: number, end: number, depth: number): void {
  recordMessage(f, 'icmpv6', off, end, depth, isError);
}

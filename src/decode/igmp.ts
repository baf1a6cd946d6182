// IGMP, RFC 2236 §2 (version 2) and RFC 3376 §4 (version 3 queries and reports): the checksum
// covers the whole IGMP message, no pseudo-header. Sent with TTL 1 and usually an IPv4 Router
// Alert option (RFC 2113).
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |      Type     | Max Resp Time |           Checksum            |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |                         Group Address                         |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  (version 3: sources, group records ...)
//   +-+-+-+-+-+-+-+-+-

import { recordMessage } from './control-message.js';
import type { Frame } from './frame.js';

const never = (): boolean => false;

export function decodeIgmp(f: Frame, off: number, end: number, depth: number): void {
  recordMessage(f, 'igmp', off, end, depth, never);
}

// ICMP, RFC 792: the checksum covers the whole message (no pseudo-header). Errors (destination
// unreachable 3, source quench 4, redirect 5, time exceeded 11, parameter problem 12) quote the IP
// header and first 8 bytes of the packet that caused them.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |     Type      |     Code      |          Checksum             |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Identifier, sequence number (echo); unused or pointer (errors) |
//   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//   |  Data (echo) or Internet Header + 64 bits of the original datagram (errors) ...
//   +-+-+-+-+-+-+-+-+-+-+-+-+-

import { recordMessage } from './control-message.js';
import type { Frame } from './frame.js';

const ERRORS = new Set([3, 4, 5, 11, 12]);
const isError = (type: number): boolean => ERRORS.has(type);

export function decodeIcmp(f: Frame, off: number, end: number, depth: number): void {
  recordMessage(f, 'icmp', off, end, depth, isError);
}

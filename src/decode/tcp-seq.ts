// TCP sequence numbers are 32 bits and wrap: lengths add modulo 2^32, and "after" is judged by the
// signed 32-bit difference (RFC 9293 §3.4, the serial number arithmetic of RFC 1982).

import { TCP_FIN, TCP_SYN } from './tcp.js';

/** Sequence space a segment occupies: its payload, and one each for SYN and FIN. */
export function sequenceLength(payloadLength: number, flags: number): number {
  return payloadLength + (flags & TCP_SYN ? 1 : 0) + (flags & TCP_FIN ? 1 : 0);
}

/** The sequence number just past a segment, wrapped to 32 bits. */
export function sequenceEnd(seq: number, payloadLength: number, flags: number): number {
  return (seq + sequenceLength(payloadLength, flags)) >>> 0;
}

/** a is after b in sequence space. */
export function seqAfter(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/** a is at or after b in sequence space. */
export function seqAtOrAfter(a: number, b: number): boolean {
  return ((a - b) | 0) >= 0;
}

// Recomputes every checksum a decoded frame carries and gives each its verdict (docs/design.md,
// Verdicts): valid, offload (the stored value is the folded pseudo-header sum Linux leaves for
// CHECKSUM_PARTIAL and GSO packets), corrupt, unverifiable (with why) or absent (UDP 0 over IPv4).
// ICMP, ICMPv6 and IGMP checksums are computed in software by every sender: valid or corrupt.

import type { ControlMessage, DecodedPacket, IpHeader, L4Header } from '../decode/types.js';
import { checksumOf, fold, sumWords } from './internet-checksum.js';
import { pseudoHeaderSum } from './pseudo-header.js';
import type { ChecksumCheck } from './types.js';
import { be16 } from '../binary/be.js';

const TCP_CHECK_AT = 16;
const UDP_CHECK_AT = 6;
const MESSAGE_CHECK_AT = 2;
const IPPROTO_ICMPV6 = 58;

/**
 * The TCP and UDP checksums of a frame, one per `pkt.l4` entry, judged innermost first: a tunnel's
 * outer checksum may count on the inner one being finished (Local Checksum Offload).
 */
export function classifyTransport(buf: Buffer, pkt: DecodedPacket): ChecksumCheck[] {
  const checks = new Array<ChecksumCheck>(pkt.l4.length);
  let fix = 0;
  for (let i = pkt.l4.length - 1; i >= 0; i--) {
    const l4 = pkt.l4[i]!;
    const c = classifyL4(buf, pkt.ip[l4.ipIndex]!, l4, fix);
    fix += owedByUnfinished(c, l4);
    checks[i] = c;
  }
  return checks;
}

/**
 * What an unfinished checksum still owes the sums that cover it (`innerFix` of classifyL4): its
 * final value less the stored one, in one's complement; 0 for any other verdict.
 */
function owedByUnfinished(c: ChecksumCheck, l4: L4Header): number {
  return c.verdict === 'offload' && !l4.truncated && c.expected !== undefined ? (~c.stored & 0xffff) + c.expected : 0;
}

/** ICMP and IGMP sum the message alone (RFC 792, RFC 2236 §2.3); ICMPv6 adds the pseudo-header (RFC 4443 §2.3). */
export function classifyMessage(buf: Buffer, ip: IpHeader, m: ControlMessage): ChecksumCheck {
  const layer = m.protocol;
  const depth = m.depth;
  const stored = be16(buf, m.offset + MESSAGE_CHECK_AT);
  if (ip.fragment) return { layer, depth, verdict: 'unverifiable', stored, reason: 'IP fragment' };
  if (m.truncated) return { layer, depth, verdict: 'unverifiable', stored, reason: 'truncated by snaplen' };
  let sum = sumWords(buf, m.offset, m.offset + m.length);
  if (layer === 'icmpv6') sum += pseudoHeaderSum(buf, ip, IPPROTO_ICMPV6, m.length);
  if (fold(sum) === 0xffff) return { layer, depth, verdict: 'valid', stored };
  return { layer, depth, verdict: 'corrupt', stored, expected: checksumOf(sum + (~stored & 0xffff)) };
}

/** Whether an IPv4 header checksum is right; no ChecksumCheck is built, on this hot path. */
export function ipv4HeaderValid(buf: Buffer, ip: IpHeader): boolean {
  return fold(sumWords(buf, ip.offset, ip.offset + ip.headerLength)) === 0xffff;
}

/** Why a tunnel's outer UDP checksum is an offload verdict; constants, so the hot path builds no text. */
export const OUTER_PSEUDO_REASON = 'outer UDP checksum is the pseudo-header sum: left for the NIC, or a GSO super-frame';
export const OUTER_LCO_REASON = 'outer UDP checksum verifies once the inner checksum is finished (Local Checksum Offload)';

/**
 * The verdict of a TCP or UDP checksum. For a tunnel's outer UDP header, `innerFix` is what the
 * unfinished checksums inside it still owe: the one's complement sum of (~stored + final) over
 * them, which Local Checksum Offload (Linux Documentation/networking/checksum-offloads.rst)
 * counted in already when it computed the outer checksum.
 */
export function classifyL4(buf: Buffer, ip: IpHeader, l4: L4Header, innerFix = 0): ChecksumCheck {
  const layer = l4.protocol;
  const at = l4.offset + (layer === 'tcp' ? TCP_CHECK_AT : UDP_CHECK_AT);
  const depth = l4.depth;
  if (at + 2 > buf.length) return { layer, depth, verdict: 'unverifiable', stored: 0, reason: 'checksum field not captured' };
  const stored = be16(buf, at);
  if (layer === 'udp' && stored === 0) {
    // RFC 768 lets IPv4 senders skip the UDP checksum; RFC 6935 lets IPv6 tunnels do the same.
    if (ip.version === 4 || l4.carrier) return { layer, depth, verdict: 'absent', stored, reason: 'UDP checksum not computed (0)' };
    return { layer, depth, verdict: 'corrupt', stored, reason: 'zero UDP checksum over IPv6 (RFC 8200 forbids it)' };
  }
  if (ip.fragment) return { layer, depth, verdict: 'unverifiable', stored, reason: 'IP fragment' };
  const protocol = layer === 'tcp' ? 6 : 17;
  const pseudo = pseudoHeaderSum(buf, ip, protocol, l4.length);
  const partial = fold(pseudo);
  const reason = l4.carrier ? OUTER_PSEUDO_REASON : undefined;
  if (l4.truncated) {
    // The folded pseudo-header needs no payload bytes, so offload is recognisable even in a snaplen-cut frame.
    if (pseudoOnly(buf, ip, l4, protocol, stored, partial)) return { layer, depth, verdict: 'offload', stored, expected: partial, reason: reason ?? 'unfinished checksum (payload not captured)' };
    return { layer, depth, verdict: 'unverifiable', stored, reason: 'truncated by snaplen' };
  }
  const sum = pseudo + sumWords(buf, l4.offset, l4.offset + l4.length);
  if (fold(sum) === 0xffff) return { layer, depth, verdict: 'valid', stored };
  // Adding the complement removes the stored field from a one's complement sum.
  let expected = checksumOf(sum + (~stored & 0xffff));
  if (layer === 'udp' && expected === 0) expected = 0xffff;
  if (pseudoOnly(buf, ip, l4, protocol, stored, partial)) return reason === undefined ? { layer, depth, verdict: 'offload', stored, expected } : { layer, depth, verdict: 'offload', stored, expected, reason };
  if (innerFix === 0) return { layer, depth, verdict: 'corrupt', stored, expected };
  if (fold(sum + innerFix) === 0xffff) return { layer, depth, verdict: 'offload', stored, expected, reason: OUTER_LCO_REASON };
  // What the sender owed: the value once the inner checksum is finished, as the wire carries it.
  const owed = checksumOf(sum + innerFix + (~stored & 0xffff));
  return { layer, depth, verdict: 'corrupt', stored, expected: owed === 0 ? 0xffff : owed };
}

/**
 * The stored value is a folded pseudo-header sum: over the segment's length, or without one (TSO
 * drivers); for a tunnel's GSO super-frame also over its UDP length field's value or the length
 * the IP header bounds, where the two differ (a super-frame past 64 KiB).
 */
function pseudoOnly(buf: Buffer, ip: IpHeader, l4: L4Header, protocol: number, stored: number, partial: number): boolean {
  if (stored === partial || stored === fold(pseudoHeaderSum(buf, ip, protocol, 0))) return true;
  if (!l4.carrier) return false;
  const field = be16(buf, l4.offset + 4);
  const bounded = ip.offset + ip.headerLength + ip.payloadLength - l4.offset;
  return (field !== l4.length && stored === fold(pseudoHeaderSum(buf, ip, protocol, field))) || (bounded !== l4.length && stored === fold(pseudoHeaderSum(buf, ip, protocol, bounded)));
}

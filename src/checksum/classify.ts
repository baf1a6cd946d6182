// Recomputes every checksum a decoded frame carries and gives each its verdict (docs/design.md,
// Verdicts): valid, offload (the stored value is the folded pseudo-header sum Linux leaves for
// CHECKSUM_PARTIAL and GSO packets), corrupt, unverifiable (with why) or absent (UDP 0 over IPv4).
// ICMP, ICMPv6 and IGMP checksums are computed in software by every sender: valid or corrupt.

import type { ControlMessage, DecodedPacket, IpHeader, L4Header } from '../decode/types.js';
import { checksumOf, fold, sumWords, sumWordsScalar } from './internet-checksum.js';
import { pseudoHeaderSum } from './pseudo-header.js';
import type { ChecksumCheck, Verdict } from './types.js';
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
  const judged: Judgement[] = [];
  judgeTransport(buf, pkt, judged);
  return pkt.l4.map((l4, i) => checkOf(l4, judged[i]!));
}

/**
 * classifyTransport in place: fills judged[i] for each `pkt.l4[i]`, reusing the objects already
 * there; `capEnd` is where the frame's captured bytes end in buf (PacketDecoder.decodeAt).
 */
export function judgeTransport(buf: Buffer, pkt: DecodedPacket, judged: Judgement[], capEnd = buf.length): void {
  let fix = 0;
  for (let i = pkt.l4.length - 1; i >= 0; i--) {
    const l4 = pkt.l4[i]!;
    const j = (judged[i] ??= blankJudgement());
    judgeL4(buf, pkt.ip[l4.ipIndex]!, l4, fix, j, capEnd);
    fix += owedByUnfinished(j, l4);
  }
}

/**
 * What an unfinished checksum still owes the sums that cover it (`innerFix` of classifyL4): its
 * final value less the stored one, in one's complement; 0 for any other verdict.
 */
function owedByUnfinished(c: Judgement, l4: L4Header): number {
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
  // 20 to 60 bytes: the plain sum's 32-bit loads (its result byte-swapped, which leaves 0xffff as it is).
  return sumWordsScalar(buf, ip.offset, ip.offset + ip.headerLength) === 0xffff;
}

/** Why a tunnel's outer UDP checksum is an offload verdict; constants, so the hot path builds no text. */
export const OUTER_PSEUDO_REASON = 'outer UDP checksum is the pseudo-header sum: left for the NIC, or a GSO super-frame';
export const OUTER_LCO_REASON = 'outer UDP checksum verifies once the inner checksum is finished (Local Checksum Offload)';

/** A ChecksumCheck without its layer and depth, filled in place so the hot path builds no object per frame. */
export interface Judgement {
  verdict: Verdict;
  stored: number;
  expected: number | undefined;
  reason: string | undefined;
}

export function blankJudgement(): Judgement {
  return { verdict: 'valid', stored: 0, expected: undefined, reason: undefined };
}

function judged(j: Judgement, verdict: Verdict, stored: number, expected: number | undefined, reason: string | undefined): Judgement {
  j.verdict = verdict;
  j.stored = stored;
  j.expected = expected;
  j.reason = reason;
  return j;
}

/** The ChecksumCheck of a judged TCP or UDP header: `expected` and `reason` only when they have a value. */
export function checkOf(l4: L4Header, j: Judgement): ChecksumCheck {
  const c: ChecksumCheck = { layer: l4.protocol, depth: l4.depth, verdict: j.verdict, stored: j.stored };
  if (j.expected !== undefined) c.expected = j.expected;
  if (j.reason !== undefined) c.reason = j.reason;
  return c;
}

/**
 * The verdict of a TCP or UDP checksum. For a tunnel's outer UDP header, `innerFix` is what the
 * unfinished checksums inside it still owe: the one's complement sum of (~stored + final) over
 * them, which Local Checksum Offload (Linux Documentation/networking/checksum-offloads.rst)
 * counted in already when it computed the outer checksum.
 */
export function classifyL4(buf: Buffer, ip: IpHeader, l4: L4Header, innerFix = 0): ChecksumCheck {
  return checkOf(l4, judgeL4(buf, ip, l4, innerFix, blankJudgement()));
}

/** classifyL4 in place: fills and returns `j`. */
export function judgeL4(buf: Buffer, ip: IpHeader, l4: L4Header, innerFix: number, j: Judgement, capEnd = buf.length): Judgement {
  const layer = l4.protocol;
  const at = l4.offset + (layer === 'tcp' ? TCP_CHECK_AT : UDP_CHECK_AT);
  if (at + 2 > capEnd) return judged(j, 'unverifiable', 0, undefined, 'checksum field not captured');
  const stored = be16(buf, at);
  if (layer === 'udp' && stored === 0) {
    // RFC 768 lets IPv4 senders skip the UDP checksum; RFC 6935 lets IPv6 tunnels do the same.
    if (ip.version === 4 || l4.carrier) return judged(j, 'absent', stored, undefined, 'UDP checksum not computed (0)');
    return judged(j, 'corrupt', stored, undefined, 'zero UDP checksum over IPv6 (RFC 8200 forbids it)');
  }
  if (ip.fragment) return judged(j, 'unverifiable', stored, undefined, 'IP fragment');
  const protocol = layer === 'tcp' ? 6 : 17;
  const pseudo = pseudoHeaderSum(buf, ip, protocol, l4.length);
  const partial = fold(pseudo);
  const reason = l4.carrier ? OUTER_PSEUDO_REASON : undefined;
  if (l4.truncated) {
    // The folded pseudo-header needs no payload bytes, so offload is recognisable even in a snaplen-cut frame.
    if (pseudoOnly(buf, ip, l4, protocol, stored, partial)) return judged(j, 'offload', stored, partial, reason ?? 'unfinished checksum (payload not captured)');
    return judged(j, 'unverifiable', stored, undefined, 'truncated by snaplen');
  }
  const sum = pseudo + sumWords(buf, l4.offset, l4.offset + l4.length);
  if (fold(sum) === 0xffff) return judged(j, 'valid', stored, undefined, undefined);
  // Adding the complement removes the stored field from a one's complement sum.
  let expected = checksumOf(sum + (~stored & 0xffff));
  if (layer === 'udp' && expected === 0) expected = 0xffff;
  if (pseudoOnly(buf, ip, l4, protocol, stored, partial)) return judged(j, 'offload', stored, expected, reason);
  if (innerFix === 0) return judged(j, 'corrupt', stored, expected, undefined);
  if (fold(sum + innerFix) === 0xffff) return judged(j, 'offload', stored, expected, OUTER_LCO_REASON);
  // What the sender owed: the value once the inner checksum is finished, as the wire carries it.
  const owed = checksumOf(sum + innerFix + (~stored & 0xffff));
  return judged(j, 'corrupt', stored, owed === 0 ? 0xffff : owed, undefined);
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

// One segment followed across the points, as judging reads it once matching is done with it; its
// distinct versions (normally one) are decoded again and copied only when there are several to compare.

import type { IpHeader, L4Header } from '../../../decode/types.js';
import type { FlowState } from './flow.js';

/** One distinct version of the segment: IP header to end of segment, copied from its chunk. */
export interface Variant {
  bytes: Buffer;
  /** Decoded headers, offsets still in the original frame: `bytes` starts at ip.offset. */
  ip: IpHeader;
  l4: L4Header;
  payloadStart: number;
}

/** The variant's headers with offsets moved onto its copy, for the checksum code (rarely needed). */
export function rebased(v: Variant): { ip: IpHeader; l4: L4Header } {
  const d = v.ip.offset;
  const tcp = v.l4.tcp && { ...v.l4.tcp, optionsOffset: v.l4.tcp.optionsOffset - d };
  return { ip: { ...v.ip, offset: 0, pseudoSrc: v.ip.pseudoSrc - d, pseudoDst: v.ip.pseudoDst - d }, l4: { ...v.l4, offset: v.l4.offset - d, payloadOffset: v.l4.payloadOffset - d, tcp } };
}

/** What judging reads of a segment: a view into the segment store, or a copy kept while its flow's direction is unknown. */
export interface Segment {
  readonly flow: FlowState;
  readonly seq: number;
  readonly ipId: number;
  readonly payloadLength: number;
  readonly flags: number;
  /** First sighting on the first file's clock, as known when the segment was first seen. */
  readonly time: number;
  /** A later copy (same sequence number and length, another IP ID) was sent. */
  readonly resent: boolean;
  /** Timestamp at point p (that file's own clock), where seen. */
  raw(p: number): number;
  frame(p: number): number;
}

/** A copy of a view that outlives the store's slot. */
export function frozen(segment: Segment, points: number): Segment {
  const raws = Array.from({ length: points }, (_, p) => segment.raw(p));
  const frames = Array.from({ length: points }, (_, p) => segment.frame(p));
  const { flow, seq, ipId, payloadLength, flags, time, resent } = segment;
  return { flow, seq, ipId, payloadLength, flags, time, resent, raw: (p) => raws[p]!, frame: (p) => frames[p]! };
}

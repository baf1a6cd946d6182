// What the ledger knows of a judged segment and of the flow it belongs to; a segment's distinct
// versions (normally one) are decoded again and copied only when there are several to compare.

import type { IpHeader, L4Header } from '../../../decode/types.js';
import { Reservoir } from './reservoir.js';

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

export class FlowState {
  reverse: FlowState | undefined;
  /** 1: travels in the points' order, -1: in reverse, 0: not decided yet. */
  direction: 0 | 1 | -1 = 0;
  /** Per forward hop k: timestamp at point k+1 minus at point k, raw clocks. */
  readonly hopDeltas: Reservoir[] = [];
  /** Bit k: the flow was seen at point k. */
  seenAt = 0;
  /** Highest acknowledgement number this flow carried (acknowledges the reverse flow). */
  maxAck: number | undefined;
  /** Segments that vanished after some point, by sequence number (int32), until the end says lost or not. */
  readonly suspects = new Map<number, Suspect[]>();

  constructor(
    readonly id: string,
    /** Its index in the table's flow list (what in-flight segments store). */
    readonly index: number,
  ) {}

  hopDelta(k: number): Reservoir {
    let r = this.hopDeltas[k];
    if (r === undefined) {
      r = new Reservoir();
      this.hopDeltas[k] = r;
    }
    return r;
  }
}

/** A segment missing at every point after `last`: lost, or dropped by the captures after it. */
export interface Suspect {
  flow: FlowState;
  seq: number;
  ipId: number;
  payloadLength: number;
  /** Sequence space it occupies (payload, SYN, FIN): 0 for a pure ACK, which nothing acknowledges. */
  seqLength: number;
  /** First sighting on the first file's clock. */
  time: number;
  /** The sender sent this sequence range again later. */
  resent: boolean;
  /** Index of the hop after the last point that saw it, in the flow's direction. */
  hop: number;
  forward: boolean;
  /** Points after the last sighting that were capturing and did not see it. */
  missingAt: number[];
}

/** What the ledger reads of a judged segment: a view into the table, or a copy kept while its flow's direction is unknown. */
export interface Judged {
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

/** A copy of a view that outlives the table's slot. */
export function frozen(j: Judged, points: number): Judged {
  const raws = Array.from({ length: points }, (_, p) => j.raw(p));
  const frames = Array.from({ length: points }, (_, p) => j.frame(p));
  const { flow, seq, ipId, payloadLength, flags, time, resent } = j;
  return { flow, seq, ipId, payloadLength, flags, time, resent, raw: (p) => raws[p]!, frame: (p) => frames[p]! };
}

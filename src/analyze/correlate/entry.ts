// One segment followed across the capture points, and the flow it belongs to. A segment keeps a
// copy of its bytes per distinct variant only (normally one); other points compare against it.

import type { IpHeader, L4Header } from '../../decode/types.js';
import { Reservoir } from './reservoir.js';

/** One distinct version of the segment: IP header to end of segment, copied from the frame. */
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
  return { ip: { ...v.ip, offset: 0 }, l4: { ...v.l4, offset: v.l4.offset - d, payloadOffset: v.l4.payloadOffset - d, tcp } };
}

export class FlowState {
  reverse: FlowState | undefined;
  /** 1: travels in the points' order, -1: in reverse, 0: not decided yet. */
  direction: 0 | 1 | -1 = 0;
  /** Judged segments waiting for the direction to be decided. */
  pending: Entry[] = [];
  /** Per forward hop k: timestamp at point k+1 minus at point k, raw clocks. */
  readonly hopDeltas: Reservoir[] = [];
  /** In-flight segments by sequence number (as int32, which V8 keeps unboxed). */
  readonly bySeq = new Map<number, Entry[]>();
  /** In-flight pure ACKs (no sequence space) by acknowledgement number. */
  readonly byAck = new Map<number, Entry[]>();
  /** Bit k: the flow was seen at point k. */
  seenAt = 0;
  /** Highest acknowledgement number this flow carried (acknowledges the reverse flow). */
  maxAck: number | undefined;
  /** Segments that vanished after some point, by sequence number (int32), until the end says lost or not. */
  readonly suspects = new Map<number, Suspect[]>();

  constructor(readonly id: string) {}

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

/** A point's sighting: its timestamp (that file's own clock), frame number and variant. */
const RAW = 0;
const FRAME = 1;
const VARIANT = 2;
const STRIDE = 3;

export class Entry {
  /** STRIDE numbers per point, variant -1 where not seen: one array instead of an object per point. */
  private readonly sights: number[];
  variants: Variant[] = [];
  seen = 0;
  /** The point of the first sighting. */
  firstPoint = 0;
  /** First sighting on the first file's clock, as known when the segment was first seen. */
  time = 0;
  judged = false;
  /** A later copy (same sequence number and length, another IP ID) was sent. */
  resent = false;

  constructor(
    points: number,
    readonly flow: FlowState,
    /** Its list: flow.bySeq, or flow.byAck for a pure ACK. */
    readonly list: Map<number, Entry[]>,
    readonly key: number,
    readonly seq: number,
    readonly ack: number,
    readonly ipId: number,
    readonly payloadLength: number,
    readonly flags: number,
  ) {
    this.sights = new Array<number>(points * STRIDE).fill(-1);
  }

  see(p: number, raw: number, frame: number, variant: number): void {
    const i = p * STRIDE;
    this.sights[i + RAW] = raw;
    this.sights[i + FRAME] = frame;
    this.sights[i + VARIANT] = variant;
  }

  /** The variant seen at point p, or -1. */
  variant(p: number): number {
    return this.sights[p * STRIDE + VARIANT] ?? -1;
  }

  has(p: number): boolean {
    return this.variant(p) >= 0;
  }

  raw(p: number): number {
    return this.sights[p * STRIDE + RAW]!;
  }

  frame(p: number): number {
    return this.sights[p * STRIDE + FRAME]!;
  }
}

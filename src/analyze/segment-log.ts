// The segments of a range of a capture, as a worker decoded and judged them, in a compact binary
// log the main thread replays into its flow table and timeline in capture order: retransmissions,
// acknowledgements and outcomes depend on everything seen before, so they are judged once, in
// order, by the same code as the single-core path (docs/design.md, "analyze on every core").

import type { TunnelHeader } from '../decode/types.js';
import { flowId } from './endpoint.js';
import { tunnelRef } from './flow-table.js';
import type { FrameRef, TunnelRef } from './types.js';

/** Bits of an entry's `bits` word past the verdict (3 bits) and the TCP flags (12 bits). */
export const SEG_DAMAGED_TUNNEL = 1 << 15;
export const SEG_INBOUND = 1 << 16;
export const SEG_IN_TUNNEL = 1 << 17;
/** An unfinished checksum whose outcome is judged: a pending segment. */
export const SEG_UNFINISHED = 1 << 18;
/** A judged bad TCP checksum: a candidate for a blackhole. */
export const SEG_BAD = 1 << 19;
/** A SYN (without ACK) inside a frame whose tunnel checksum is damaged. */
export const SEG_SYN_DAMAGED = 1 << 20;
export const SEG_FLAGS_SHIFT = 3;

/** A flow at a point, carried in one tunnel (or none): what a log entry's `flow` indexes. */
export interface FlowKey {
  protocol: 'tcp' | 'udp';
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  point: string;
  tunnel?: TunnelRef;
  /** The flow id (endpoint.ts), for frame references. */
  id: string;
}

/** A batch of log entries with the flow keys and frame references first used in it. */
export interface SegmentBatch {
  count: number;
  /** Per entry: time (float64), then flow, seq, ack, payload length, bits, ref (32-bit words). */
  buffer: ArrayBuffer;
  keys: FlowKey[];
  refs: FrameRef[];
}

export const ENTRY_BYTES = 32;
const BATCH_ENTRIES = 8192;
const RECENT = 4;

/** Views of one batch's entries. */
export class SegmentEntries {
  readonly time: Float64Array;
  readonly words: Uint32Array;
  constructor(buffer: ArrayBuffer) {
    this.time = new Float64Array(buffer);
    this.words = new Uint32Array(buffer);
  }
}

function sameTunnel(r: TunnelRef | undefined, t: TunnelHeader | undefined): boolean {
  if (r === undefined || t === undefined) return r === t;
  return r.kind === t.kind && r.outerSrc === t.outerSrc && r.outerDst === t.outerDst && r.vni === t.vni;
}

/** Writes a worker's log: flow keys numbered in order of first use, entries in batches handed to `post`. */
export class SegmentLog {
  private readonly keys: FlowKey[] = [];
  private readonly index = new Map<string, number>();
  private readonly recent: number[] = [];
  private keysPosted = 0;
  private refs: FrameRef[] = [];
  private entries = new SegmentEntries(new ArrayBuffer(BATCH_ENTRIES * ENTRY_BYTES));
  private count = 0;
  /** Buffers of batches the reader has replayed and handed back, to fill again. */
  private readonly spare: ArrayBuffer[] = [];

  constructor(private readonly post: (batch: SegmentBatch) => void) {}

  /** The number of a flow at a point in this log, and its id. */
  key(protocol: 'tcp' | 'udp', src: string, srcPort: number, dst: string, dstPort: number, tunnel: TunnelHeader | undefined, point: string): number {
    for (const i of this.recent) {
      const k = this.keys[i]!;
      if (k.srcPort === srcPort && k.dstPort === dstPort && k.src === src && k.dst === dst && k.protocol === protocol && k.point === point && sameTunnel(k.tunnel, tunnel)) return i;
    }
    const id = flowId(protocol, src, srcPort, dst, dstPort);
    const name = tunnel === undefined ? `${id}|${point}` : `${id}|${point}|${tunnel.kind}|${tunnel.outerSrc}|${tunnel.outerDst}|${tunnel.vni ?? ''}`;
    let i = this.index.get(name);
    if (i === undefined) {
      i = this.keys.length;
      const k: FlowKey = { protocol, src, srcPort, dst, dstPort, point, id };
      if (tunnel !== undefined) k.tunnel = tunnelRef(tunnel);
      this.keys.push(k);
      this.index.set(name, i);
    }
    if (this.recent.length === RECENT) this.recent.pop();
    this.recent.unshift(i);
    return i;
  }

  flowId(key: number): string {
    return this.keys[key]!.id;
  }

  write(key: number, time: number, seq: number, ack: number, payloadLength: number, bits: number, ref: FrameRef | undefined): void {
    const n = this.count;
    const e = this.entries;
    e.time[n * 4] = time;
    const w = n * 8 + 2;
    e.words[w] = key;
    e.words[w + 1] = seq;
    e.words[w + 2] = ack;
    e.words[w + 3] = payloadLength;
    e.words[w + 4] = bits;
    if (ref === undefined) e.words[w + 5] = 0;
    else {
      this.refs.push(ref);
      e.words[w + 5] = this.refs.length;
    }
    this.count = n + 1;
    if (this.count === BATCH_ENTRIES) this.flush();
  }

  /** Hands the entries written so far to `post` (transferring their buffer). */
  flush(): void {
    if (this.count === 0 && this.keysPosted === this.keys.length) return;
    const batch: SegmentBatch = { count: this.count, buffer: this.entries.time.buffer as ArrayBuffer, keys: this.keys.slice(this.keysPosted), refs: this.refs };
    this.keysPosted = this.keys.length;
    this.refs = [];
    this.count = 0;
    this.post(batch);
    this.entries = new SegmentEntries(this.spare.pop() ?? new ArrayBuffer(BATCH_ENTRIES * ENTRY_BYTES));
  }

  /** A batch's buffer, replayed and handed back. */
  recycle(buffer: ArrayBuffer): void {
    if (buffer.byteLength === BATCH_ENTRIES * ENTRY_BYTES) this.spare.push(buffer);
  }
}

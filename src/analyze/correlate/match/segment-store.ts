// The in-flight segments as columns of typed arrays in a ring (oldest first sighting at `head`),
// with a chained hash index on (flow, sequence or acknowledgement number): no object, string key
// or list per segment, so the merge allocates next to nothing per frame and the GC stays idle.

import type { FlowState } from './flow.js';
import type { Segment } from './segment.js';

type Column = Int32Array | Float64Array | Int8Array | Uint8Array;

const INITIAL_CAPACITY = 1 << 14;

export class SegmentStore {
  /** Slots in the ring, a power of two: doubles when a segment comes while every slot is taken. */
  capacity = INITIAL_CAPACITY;
  private mask = INITIAL_CAPACITY - 1;
  /** Positions (not slots) of the oldest and one past the newest segment; slot = position & mask. */
  head = 0;
  tail = 0;

  // Per segment.
  flow = new Int32Array(this.capacity);
  seq = new Int32Array(this.capacity);
  ack = new Int32Array(this.capacity);
  ipId = new Int32Array(this.capacity);
  payloadLength = new Int32Array(this.capacity);
  flags = new Int32Array(this.capacity);
  time = new Float64Array(this.capacity);
  firstPoint = new Int8Array(this.capacity);
  seen = new Int8Array(this.capacity);
  judged = new Uint8Array(this.capacity);
  resent = new Uint8Array(this.capacity);
  /** Distinct payloads seen so far (normally 1). */
  variants = new Int8Array(this.capacity);
  /** 1: indexed by sequence number, 0: a pure ACK, indexed by acknowledgement number. */
  bySeq = new Uint8Array(this.capacity);
  private next = new Int32Array(this.capacity);

  // Per segment and point (slot * points + p): the sighting's timestamp, frame and variant (-1: none).
  raw: Float64Array;
  frame: Int32Array;
  variantAt: Int8Array;

  // Per segment and variant (slot * points + v): where the bytes of its first sighting are.
  captured: Int32Array;
  worker: Int32Array;
  /** The worker's number for the chunk. */
  chunk: Int32Array;
  frameOffset: Int32Array;
  frameLength: Int32Array;
  wireLength: Int32Array;
  linkType: Int32Array;
  payloadOffset: Int32Array;

  private buckets = new Int32Array(INITIAL_CAPACITY * 2).fill(-1);
  /** 32 - log2(buckets). */
  private bucketShift = 32 - Math.log2(INITIAL_CAPACITY * 2);

  constructor(readonly points: number) {
    const n = this.capacity * points;
    this.raw = new Float64Array(n);
    this.frame = new Int32Array(n);
    this.variantAt = new Int8Array(n);
    this.captured = new Int32Array(n);
    this.worker = new Int32Array(n);
    this.chunk = new Int32Array(n);
    this.frameOffset = new Int32Array(n);
    this.frameLength = new Int32Array(n);
    this.wireLength = new Int32Array(n);
    this.linkType = new Int32Array(n);
    this.payloadOffset = new Int32Array(n);
  }

  get size(): number {
    return this.tail - this.head;
  }

  slotAt(position: number): number {
    return position & this.mask;
  }

  /** Age rank of an in-flight slot: smaller is older. */
  age(slot: number): number {
    return (slot - this.head) & this.mask;
  }

  private bucket(flow: number, bySeq: number, key: number): number {
    // The product's high bits: its low bits depend on the low bits of the key only (seq steps by the MSS).
    return Math.imul(key ^ Math.imul(flow * 2 + bySeq, 0x9e3779b1), 0x85ebca6b) >>> this.bucketShift;
  }

  /** First slot of the chain that may hold (flow, bySeq, key); walk on with `nextOf`. */
  chain(flow: number, bySeq: number, key: number): number {
    return this.buckets[this.bucket(flow, bySeq, key)]!;
  }

  nextOf(slot: number): number {
    return this.next[slot]!;
  }

  /** A new segment at the tail, indexed, every point unseen; returns its slot. */
  push(flow: number, bySeq: number, seq: number, ack: number): number {
    if (this.size === this.capacity) this.grow();
    const s = this.tail++ & this.mask;
    this.flow[s] = flow;
    this.bySeq[s] = bySeq;
    this.seq[s] = seq;
    this.ack[s] = ack;
    this.seen[s] = 0;
    this.judged[s] = 0;
    this.resent[s] = 0;
    this.variants[s] = 0;
    for (let i = s * this.points, end = i + this.points; i < end; i++) this.variantAt[i] = -1;
    this.link(s);
    return s;
  }

  /** Drops the oldest segment from the ring and the index; returns its slot. */
  shift(): number {
    const s = this.head++ & this.mask;
    const h = this.bucket(this.flow[s]!, this.bySeq[s]!, this.bySeq[s] ? this.seq[s]! : this.ack[s]!);
    let i = this.buckets[h]!;
    if (i === s) this.buckets[h] = this.next[s]!;
    else {
      while (this.next[i] !== s) i = this.next[i]!;
      this.next[i] = this.next[s]!;
    }
    return s;
  }

  private link(s: number): void {
    const h = this.bucket(this.flow[s]!, this.bySeq[s]!, this.bySeq[s] ? this.seq[s]! : this.ack[s]!);
    this.next[s] = this.buckets[h]!;
    this.buckets[h] = s;
  }

  /** Twice the room, segments moved to slots 0..size-1 in order, the index rebuilt. */
  private grow(): void {
    const n = this.size;
    const from = this.head & this.mask;
    const moved = <T extends Column>(a: T, stride: number): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a.subarray(from * stride), 0);
      b.set(a.subarray(0, from * stride), (this.capacity - from) * stride);
      return b;
    };
    const p = this.points;
    this.flow = moved(this.flow, 1);
    this.seq = moved(this.seq, 1);
    this.ack = moved(this.ack, 1);
    this.ipId = moved(this.ipId, 1);
    this.payloadLength = moved(this.payloadLength, 1);
    this.flags = moved(this.flags, 1);
    this.time = moved(this.time, 1);
    this.firstPoint = moved(this.firstPoint, 1);
    this.seen = moved(this.seen, 1);
    this.judged = moved(this.judged, 1);
    this.resent = moved(this.resent, 1);
    this.variants = moved(this.variants, 1);
    this.bySeq = moved(this.bySeq, 1);
    this.next = moved(this.next, 1);
    this.raw = moved(this.raw, p);
    this.frame = moved(this.frame, p);
    this.variantAt = moved(this.variantAt, p);
    this.captured = moved(this.captured, p);
    this.worker = moved(this.worker, p);
    this.chunk = moved(this.chunk, p);
    this.frameOffset = moved(this.frameOffset, p);
    this.frameLength = moved(this.frameLength, p);
    this.wireLength = moved(this.wireLength, p);
    this.linkType = moved(this.linkType, p);
    this.payloadOffset = moved(this.payloadOffset, p);
    this.capacity *= 2;
    this.mask = this.capacity - 1;
    this.head = 0;
    this.tail = n;
    this.buckets = new Int32Array(this.capacity * 2).fill(-1);
    this.bucketShift--;
    for (let s = 0; s < n; s++) this.link(s);
  }
}

/** The segment in one slot, as judging reads it: one reused object, no allocation per segment. */
export class SegmentView implements Segment {
  slot = 0;

  constructor(
    private readonly store: SegmentStore,
    private readonly flows: FlowState[],
  ) {}

  get flow(): FlowState {
    return this.flows[this.store.flow[this.slot]!]!;
  }

  get seq(): number {
    return this.store.seq[this.slot]! >>> 0;
  }

  get ipId(): number {
    return this.store.ipId[this.slot]!;
  }

  get payloadLength(): number {
    return this.store.payloadLength[this.slot]!;
  }

  get flags(): number {
    return this.store.flags[this.slot]!;
  }

  get time(): number {
    return this.store.time[this.slot]!;
  }

  get resent(): boolean {
    return this.store.resent[this.slot] === 1;
  }

  raw(p: number): number {
    return this.store.raw[this.slot * this.store.points + p]!;
  }

  frame(p: number): number {
    return this.store.frame[this.slot * this.store.points + p]!;
  }
}

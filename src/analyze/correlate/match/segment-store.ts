// The in-flight segments as columns of typed arrays in a ring (oldest first sighting at `head`),
// with a chained hash index on (flow, sequence or acknowledgement number): no object, string key
// or list per segment, so the merge allocates next to nothing per frame and the GC stays idle.
// What a lookup compares sits together in one record per segment (`key`): one cache line per
// candidate rather than one per column.

import type { FlowState } from './flow.js';
import type { Segment } from './segment.js';

type Column = Int32Array | Float64Array | Int8Array | Uint8Array;

/** Slots before the first growth; the constructor grows to twice this at once. */
const INITIAL_CAPACITY = 1 << 13;

// Fields of a segment's record in `key` (slot * KEY + field).
export const SEQ = 0;
export const ACK = 1;
export const IP_ID = 2;
export const FLOW = 3;
export const PAYLOAD_LENGTH = 4;
/** 1: indexed by sequence number, 0: a pure ACK, indexed by acknowledgement number. */
export const BY_SEQ = 5;
export const JUDGED = 6;
/** Next slot in the same index chain, -1 at its end. */
export const NEXT = 7;
export const FLAGS = 8;
/** Bit p: point p saw it. */
export const SEEN_AT = 9;
export const KEY = 10;

export class SegmentStore {
  /** Slots in the ring, a power of two: doubles when a segment comes while every slot is taken. */
  capacity = INITIAL_CAPACITY;
  private mask = INITIAL_CAPACITY - 1;
  /** Positions (not slots) of the oldest and one past the newest segment; slot = position & mask. */
  head = 0;
  tail = 0;

  // Per segment.
  key = new Int32Array(this.capacity * KEY);
  time = new Float64Array(this.capacity);
  firstPoint = new Int8Array(this.capacity);
  seen = new Int8Array(this.capacity);
  resent = new Uint8Array(this.capacity);
  /** Distinct payloads seen so far (normally 1). */
  variants = new Int8Array(this.capacity);

  // Per segment and point (slot * points + p): the sighting's timestamp, frame and variant (-1: none).
  raw: Float64Array;
  frame: Int32Array;
  variantAt: Int8Array;

  // Per segment and variant (slot * points + v): where the bytes of its representative sighting are
  // (of the lowest point index among those with the same bytes, so arrival order decides nothing).
  /** The representative's point. */
  variantPoint: Int32Array;
  captured: Int32Array;
  worker: Int32Array;
  /** The worker's number for the chunk. */
  chunk: Int32Array;
  frameOffset: Int32Array;
  frameLength: Int32Array;
  wireLength: Int32Array;
  linkType: Int32Array;
  payloadOffset: Int32Array;
  /** Per segment and variant, two numbers each ((slot * points + v) * 2): its payload's digest. */
  digest: Int32Array;

  private buckets = new Int32Array(INITIAL_CAPACITY * 2).fill(-1);
  /** 32 - log2(buckets). */
  private bucketShift = 32 - Math.log2(INITIAL_CAPACITY * 2);

  constructor(readonly points: number) {
    const n = this.capacity * points;
    this.raw = new Float64Array(n);
    this.frame = new Int32Array(n);
    this.variantAt = new Int8Array(n);
    this.variantPoint = new Int32Array(n);
    this.captured = new Int32Array(n);
    this.worker = new Int32Array(n);
    this.chunk = new Int32Array(n);
    this.frameOffset = new Int32Array(n);
    this.frameLength = new Int32Array(n);
    this.wireLength = new Int32Array(n);
    this.linkType = new Int32Array(n);
    this.payloadOffset = new Int32Array(n);
    this.digest = new Int32Array(n * 2);
    // Every column written twice before any code runs hot: V8 then keeps them as mutable fields, so
    // growing later deoptimizes nothing (a first store after optimizing deoptimizes every reader).
    this.grow();
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

  /**
   * What a segment is indexed by: its sequence number, or for a pure ACK its acknowledgement number
   * mixed with its IP ID (a train of duplicate ACKs shares one acknowledgement number).
   */
  static indexKey(bySeq: number, seq: number, ack: number, ipId: number): number {
    return bySeq ? seq : ack ^ Math.imul(ipId, 0x2545f491);
  }

  /** First slot of the chain that may hold (flow, bySeq, key) (key: `indexKey`); walk on with `nextOf`. */
  chain(flow: number, bySeq: number, key: number): number {
    return this.buckets[this.bucket(flow, bySeq, key)]!;
  }

  nextOf(slot: number): number {
    return this.key[slot * KEY + NEXT]!;
  }

  /** A new segment at the tail, indexed, every point unseen; returns its slot. */
  push(flow: number, bySeq: number, seq: number, ack: number, ipId: number): number {
    if (this.size === this.capacity) this.grow();
    const s = this.tail++ & this.mask;
    const k = this.key;
    const r = s * KEY;
    k[r + FLOW] = flow;
    k[r + BY_SEQ] = bySeq;
    k[r + SEQ] = seq;
    k[r + ACK] = ack;
    k[r + IP_ID] = ipId;
    k[r + JUDGED] = 0;
    k[r + SEEN_AT] = 0;
    this.seen[s] = 0;
    this.resent[s] = 0;
    this.variants[s] = 0;
    for (let i = s * this.points, end = i + this.points; i < end; i++) this.variantAt[i] = -1;
    this.link(s);
    return s;
  }

  /** Drops the oldest segment from the ring and the index; returns its slot. */
  shift(): number {
    const s = this.head++ & this.mask;
    const k = this.key;
    const h = this.bucketOf(s);
    let i = this.buckets[h]!;
    if (i === s) this.buckets[h] = k[s * KEY + NEXT]!;
    else {
      while (k[i * KEY + NEXT] !== s) i = k[i * KEY + NEXT]!;
      k[i * KEY + NEXT] = k[s * KEY + NEXT]!;
    }
    return s;
  }

  private bucketOf(s: number): number {
    const r = s * KEY;
    const k = this.key;
    return this.bucket(k[r + FLOW]!, k[r + BY_SEQ]!, SegmentStore.indexKey(k[r + BY_SEQ]!, k[r + SEQ]!, k[r + ACK]!, k[r + IP_ID]!));
  }

  private link(s: number): void {
    const h = this.bucketOf(s);
    this.key[s * KEY + NEXT] = this.buckets[h]!;
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
    this.key = moved(this.key, KEY);
    this.time = moved(this.time, 1);
    this.firstPoint = moved(this.firstPoint, 1);
    this.seen = moved(this.seen, 1);
    this.resent = moved(this.resent, 1);
    this.variants = moved(this.variants, 1);
    this.raw = moved(this.raw, p);
    this.frame = moved(this.frame, p);
    this.variantAt = moved(this.variantAt, p);
    this.variantPoint = moved(this.variantPoint, p);
    this.captured = moved(this.captured, p);
    this.worker = moved(this.worker, p);
    this.chunk = moved(this.chunk, p);
    this.frameOffset = moved(this.frameOffset, p);
    this.frameLength = moved(this.frameLength, p);
    this.wireLength = moved(this.wireLength, p);
    this.linkType = moved(this.linkType, p);
    this.payloadOffset = moved(this.payloadOffset, p);
    this.digest = moved(this.digest, p * 2);
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
    return this.flows[this.store.key[this.slot * KEY + FLOW]!]!;
  }

  get seq(): number {
    return this.store.key[this.slot * KEY + SEQ]! >>> 0;
  }

  get ipId(): number {
    return this.store.key[this.slot * KEY + IP_ID]!;
  }

  get payloadLength(): number {
    return this.store.key[this.slot * KEY + PAYLOAD_LENGTH]!;
  }

  get flags(): number {
    return this.store.key[this.slot * KEY + FLAGS]!;
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

// The in-flight segments of all points: each sighting finds its segment by fingerprint (or makes
// one), compares its payload in place (in the workers' shared chunks) with the versions seen so
// far, and a segment is judged once every point has it, or once every point missing it has moved
// on past it. Memory is bounded by the segments of the last `windowSeconds`, not by the size of
// the files: their chunks stay pinned until they are judged, nothing else.

import { decodePacket, innermostSegment, sequenceLength, seqAfter, type DecodeOptions } from '../../../decode/index.js';
import type { ReaderState } from '../transport/pacer.js';
import type { SharedChunks } from '../transport/shared-chunks.js';
import * as W from '../transport/wire.js';
import type { Clocks } from './clocks.js';
import { FlowState } from './flow.js';
import type { PointState } from './points.js';
import type { Segment, Variant } from './segment.js';
import * as K from './segment-store.js';
import type { Suspects } from './suspects.js';

export const ABSENT = -1;
/** The point's capture did not run at that time: neither a sighting nor a miss. */
export const UNCOVERED = -2;

export interface TableOptions {
  points: PointState[];
  readers: ReaderState[];
  clocks: Clocks;
  chunks: SharedChunks;
  /** Gets every segment once, when it is judged. */
  judge: Judge;
  /** How long past a segment every point must be before a miss counts. */
  windowSeconds: number;
  /** In-flight segments beyond which the oldest are judged anyway. */
  maxInFlight: number;
  /** For decoding a version again when its bytes are compared. */
  decode: DecodeOptions;
  /** Told of every resent segment. */
  suspects: Suspects;
}

/**
 * Called once per segment with the view (valid during the call only), the state per point (the
 * variant seen, ABSENT or UNCOVERED; reused) and the decoded variants when there are several.
 */
export type Judge = (segment: Segment, states: number[], variants: Variant[]) => void;

const NO_VARIANTS: Variant[] = [];

export class SegmentTable {
  readonly flows = new Map<string, FlowState>();
  private readonly flowList: FlowState[] = [];
  /** Distinct segments followed. */
  count = 0;
  private readonly store: K.SegmentStore;
  private readonly view: K.SegmentView;
  private readonly states: number[];
  private readonly points: PointState[];
  private readonly readers: ReaderState[];
  private readonly clocks: Clocks;
  private readonly chunks: SharedChunks;
  private readonly judge: Judge;

  constructor(private readonly options: TableOptions) {
    this.points = options.points;
    this.readers = options.readers;
    this.clocks = options.clocks;
    this.chunks = options.chunks;
    this.judge = options.judge;
    this.store = new K.SegmentStore(this.points.length);
    this.view = new K.SegmentView(this.store, this.flowList);
    this.states = this.points.map(() => ABSENT);
  }

  /** The flow with this id, linked to its reverse when known. */
  flow(id: string, reverseId: string): FlowState {
    let f = this.flows.get(id);
    if (f === undefined) {
      f = new FlowState(id, this.flowList.length);
      const r = this.flows.get(reverseId);
      if (r !== undefined) {
        f.reverse = r;
        r.reverse = f;
      }
      this.flows.set(id, f);
      this.flowList.push(f);
    }
    return f;
  }

  /** The sighting in this row. */
  observe(row: W.BatchRow, flow: FlowState): void {
    const { rows, base: b } = row;
    const p = rows[b + W.POINT]!;
    const flags = rows[b + W.FLAGS]!;
    const ack = rows[b + W.ACK]!;
    flow.seenAt |= 1 << p;
    if (flags & 0x10 && (Number.isNaN(flow.maxAck) || seqAfter(ack, flow.maxAck))) flow.maxAck = ack >>> 0;
    const reader = this.points[p]!.reader;
    const s = this.segmentFor(flow.index, p, row);
    // Its file's clock.
    const raw = row.times[row.index]!;
    const st = this.store;
    const at = s * st.points + p;
    st.key[s * K.KEY + K.SEEN_AT]! |= 1 << p;
    st.raw[at] = raw;
    st.frame[at] = rows[b + W.FRAME]!;
    st.variantAt[at] = this.variantOf(s, row);
    if (st.seen[s]++ === 0) st.firstPoint[s] = p;
    else this.sampleClocks(s, p, reader);
    if (st.seen[s] === this.points.length) this.finish(s);
  }

  /**
   * A clock sample against the first file's clock where it saw the segment too, whichever file was
   * read first (the workers deliver files in any order); else against the first sighting.
   */
  private sampleClocks(s: number, p: number, reader: number): void {
    const { store: st, clocks, points } = this;
    const base = s * st.points;
    const raw = st.raw[base + p]!;
    let q = st.firstPoint[s]!;
    for (let o = 0; o < points.length; o++) {
      if (o === p || st.variantAt[base + o]! < 0) continue;
      // The other point's reader, read on both branches: the first sample of the first file would otherwise deoptimize the merge.
      const other = points[o]!.reader;
      if (reader === 0) clocks.observe(0, raw, other, st.raw[base + o]!);
      else if (other === 0) q = o;
    }
    if (reader !== 0) clocks.observe(reader, raw, points[q]!.reader, st.raw[base + q]!);
  }

  /** Judges the oldest segments while they can be judged (or all, at the end). */
  sweep(force: boolean): void {
    const st = this.store;
    while (st.size > 0) {
      const s = st.slotAt(st.head);
      if (!force && st.size <= this.options.maxInFlight && !this.ready(s)) break;
      // Called for every segment, judged or not: a call only the rare unjudged ones made would have
      // no type feedback when the merge is optimized, and deoptimize it again and again.
      this.finish(s);
      st.shift();
    }
  }

  /** The in-flight segment with this fingerprint not yet seen at p (duplicates match in order). */
  private segmentFor(flow: number, p: number, row: W.BatchRow): number {
    const { rows, base: b } = row;
    const st = this.store;
    // On the first file's clock.
    const time = row.times[row.index]! - this.clocks.offset(this.points[p]!.reader);
    const seq = rows[b + W.SEQ]!;
    const ack = rows[b + W.ACK]!;
    const ipId = rows[b + W.IP_ID]!;
    const length = rows[b + W.PAYLOAD_LENGTH]!;
    // Pure ACKs all carry the same sequence number: they are told apart by acknowledgement number.
    const bySeq = sequenceLength(length, rows[b + W.FLAGS]!) > 0 ? 1 : 0;
    const key = K.SegmentStore.indexKey(bySeq, seq, ack, ipId);
    let found = -1;
    let foundAge = Infinity;
    const { key: k, variantAt, points } = st;
    // Bit p of SEEN_AT says whether p saw it, while the points fit in its bits.
    const mask = points <= 31;
    /** In-flight segments with this sequence number: other copies of it are looked for below only if there are any. */
    let sameSeq = 0;
    for (let s = st.chain(flow, bySeq, key); s >= 0; s = k[s * K.KEY + K.NEXT]!) {
      const r = s * K.KEY;
      if (k[r + K.SEQ] !== seq) continue;
      sameSeq++;
      if (k[r + K.ACK] !== ack || k[r + K.IP_ID] !== ipId || k[r + K.FLOW] !== flow || k[r + K.BY_SEQ] !== bySeq || k[r + K.PAYLOAD_LENGTH] !== length) continue;
      if (k[r + K.JUDGED] || (mask ? (k[r + K.SEEN_AT]! >>> p) & 1 : variantAt[s * points + p]! >= 0)) continue;
      const age = st.age(s);
      if (age < foundAge) {
        found = s;
        foundAge = age;
      }
    }
    if (found >= 0) return found;
    if (bySeq) {
      // Which copy a file shows first depends on how far each file was read: order them by time.
      let resent = 0;
      // The chain just walked (a segment's index key is its sequence number): it held no copy unless sameSeq.
      for (let s = sameSeq > 0 ? st.chain(flow, 1, seq) : -1; s >= 0; s = k[s * K.KEY + K.NEXT]!) {
        const r = s * K.KEY;
        if (k[r + K.FLOW] !== flow || k[r + K.BY_SEQ] !== 1 || k[r + K.SEQ] !== seq || k[r + K.PAYLOAD_LENGTH] !== length || k[r + K.IP_ID] === ipId) continue;
        if (st.time[s]! <= time) st.resent[s] = 1;
        else resent = 1;
      }
      this.options.suspects.resend(this.flowList[flow]!, seq, length, ipId, time);
      const s = this.add(flow, 1, row, time);
      st.resent[s] = resent;
      return s;
    }
    return this.add(flow, 0, row, time);
  }

  private add(flow: number, bySeq: number, row: W.BatchRow, time: number): number {
    const { rows, base: b } = row;
    const st = this.store;
    const s = st.push(flow, bySeq, rows[b + W.SEQ]!, rows[b + W.ACK]!, rows[b + W.IP_ID]!);
    const r = s * K.KEY;
    st.key[r + K.PAYLOAD_LENGTH] = rows[b + W.PAYLOAD_LENGTH]!;
    st.key[r + K.FLAGS] = rows[b + W.FLAGS]!;
    st.time[s] = time;
    this.count++;
    return s;
  }

  /** Judges the segment unless it was judged already. */
  private finish(s: number): void {
    const st = this.store;
    if (st.key[s * K.KEY + K.JUDGED]) return;
    st.key[s * K.KEY + K.JUDGED] = 1;
    const n = st.variants[s]!;
    const variants = n > 1 ? Array.from({ length: n }, (_, v) => this.decoded(s * st.points + v)) : NO_VARIANTS;
    for (let v = 0; v < n; v++) this.chunks.unref(st.worker[s * st.points + v]!, st.chunk[s * st.points + v]!);
    this.view.slot = s;
    this.judge(this.view, this.statesOf(s), variants);
  }

  /** A variant's bytes, decoded again from its chunk and copied out of it. */
  private decoded(at: number): Variant {
    const st = this.store;
    const data = this.chunks.bytes(st.worker[at]!, st.chunk[at]!).subarray(st.frameOffset[at]!, st.frameOffset[at]! + st.frameLength[at]!);
    const pkt = decodePacket(st.linkType[at]!, data, st.wireLength[at]!, this.options.decode);
    const l4 = innermostSegment(pkt)!;
    const ip = pkt.ip[l4.ipIndex]!;
    // Copied with one memcpy: Buffer.from(a view) copies byte by byte.
    const bytes = Buffer.allocUnsafe(Math.min(data.length, l4.offset + l4.length) - ip.offset);
    data.copy(bytes, 0, ip.offset);
    return { bytes, ip, l4, payloadStart: l4.payloadOffset - ip.offset };
  }

  /** Point by point: the variant seen, ABSENT, or UNCOVERED when the capture was not running. */
  private statesOf(s: number): number[] {
    const st = this.store;
    // NaN (a clock or a capture's times unknown) is outside every range: UNCOVERED.
    const t = this.timeOf(s) ?? NaN;
    const out = this.states;
    for (let p = 0; p < this.points.length; p++) {
      const pt = this.points[p]!;
      const v = st.variantAt[s * st.points + p]!;
      // Worked out for every point, seen or not: a branch taken only by misses (or once a file ended)
      // would have no type feedback when the merge is optimized, and deoptimize it when first taken.
      const off = this.clocks.offset(pt.reader);
      const last = (pt.lastRaw ?? NaN) - off;
      const end = this.readers[pt.reader]!.done ? last : Infinity;
      const covered = t >= (pt.firstRaw ?? NaN) - off && t <= end;
      out[p] = v >= 0 ? v : covered ? ABSENT : UNCOVERED;
    }
    return out;
  }

  /** First sighting on the first file's clock; undefined while a clock involved is unknown. */
  private timeOf(s: number): number | undefined {
    const st = this.store;
    let t = Infinity;
    for (let p = 0; p < this.points.length; p++) {
      if (st.variantAt[s * st.points + p]! < 0) continue;
      const r = this.points[p]!.reader;
      if (!this.clocks.established(r) && !this.readers[r]!.done) return undefined;
      t = Math.min(t, st.raw[s * st.points + p]! - this.clocks.offset(r));
    }
    return t;
  }

  /** Every point without a sighting has read past the segment by the window (or ended). */
  private ready(s: number): boolean {
    const st = this.store;
    const t = this.timeOf(s);
    if (t === undefined) return false;
    for (let p = 0; p < this.points.length; p++) {
      if (st.variantAt[s * st.points + p]! >= 0) continue;
      const r = this.points[p]!.reader;
      const reader = this.readers[r]!;
      if (reader.done) continue;
      if (!this.clocks.established(r)) return false;
      if (reader.time - this.clocks.offset(r) < t + this.options.windowSeconds) return false;
    }
    return true;
  }

  /** Index of the variant whose payload equals this sighting's; a new one (pinning its chunk) when none does. */
  private variantOf(s: number, row: W.BatchRow): number {
    const st = this.store;
    const base = s * st.points;
    const n = st.variants[s]!;
    for (let v = 0; v < n; v++) {
      if (!this.samePrefix(base + v, row)) continue;
      // The same bytes seen at a lower point: it becomes the representative, whichever file's batch came first.
      const at = base + v;
      // Both read for every match: a load only the rare first test's success reached would deoptimize the merge when first taken.
      const lower = row.rows[row.base + W.POINT]! < st.variantPoint[at]!;
      const sameLength = row.rows[row.base + W.CAPTURED] === st.captured[at];
      if (lower && sameLength) {
        const worker = st.worker[at]!;
        const chunk = st.chunk[at]!;
        this.represent(at, row);
        this.chunks.unref(worker, chunk);
      }
      return v;
    }
    st.variants[s] = n + 1;
    this.represent(base + n, row);
    return n;
  }

  /** Makes the row's frame the variant's representative, pinning its chunk. */
  private represent(at: number, row: W.BatchRow): void {
    const { worker: w, rows, base: b } = row;
    const st = this.store;
    st.variantPoint[at] = rows[b + W.POINT]!;
    st.captured[at] = rows[b + W.CAPTURED]!;
    st.worker[at] = w;
    st.chunk[at] = rows[b + W.CHUNK]!;
    st.frameOffset[at] = rows[b + W.FRAME_OFFSET]!;
    st.frameLength[at] = rows[b + W.FRAME_LENGTH]!;
    st.wireLength[at] = rows[b + W.WIRE_LENGTH]!;
    st.linkType[at] = rows[b + W.LINK_TYPE]!;
    st.payloadOffset[at] = rows[b + W.PAYLOAD_OFFSET]!;
    st.digest[at * 2] = rows[b + W.DIGEST]!;
    st.digest[at * 2 + 1] = rows[b + W.DIGEST + 1]!;
    this.chunks.ref(w, st.chunk[at]!);
  }

  /**
   * The payloads agree over the bytes both captures have: by their digests when both have the same
   * bytes (a 2^-64 chance of equal digests for different bytes, see match/payload-digest.ts), else
   * (a snaplen cut one) compared where they lie in the chunks.
   */
  private samePrefix(at: number, row: W.BatchRow): boolean {
    const { worker: w, rows, base: b } = row;
    const st = this.store;
    const captured = rows[b + W.CAPTURED]!;
    if (st.captured[at] === captured) return st.digest[at * 2] === rows[b + W.DIGEST] && st.digest[at * 2 + 1] === rows[b + W.DIGEST + 1];
    const n = Math.min(st.captured[at]!, captured);
    const mine = st.frameOffset[at]! + st.payloadOffset[at]!;
    const theirs = rows[b + W.FRAME_OFFSET]! + rows[b + W.PAYLOAD_OFFSET]!;
    return this.chunks.bytes(st.worker[at]!, st.chunk[at]!).compare(this.chunks.bytes(w, rows[b + W.CHUNK]!), theirs, theirs + n, mine, mine + n) === 0;
  }
}

// The in-flight segments of all points: each sighting finds its segment by fingerprint (or makes
// one), copies the bytes only when they differ from every version seen so far, and a segment is
// judged once every point has it, or once every point missing it has moved on past it. Memory is
// bounded by the segments of the last `windowSeconds`, not by the size of the files.

import type { Clocks } from './clocks.js';
import { Entry, FlowState, type Variant } from './entry.js';
import { flowIdOf, reverseFlowIdOf, sameFlow, sequenceLength, type SegmentView } from './fingerprint.js';
import { Slab } from './slab.js';

export const ABSENT = -1;
/** The point's capture did not run at that time: neither a sighting nor a miss. */
export const UNCOVERED = -2;

export interface PointState {
  name: string;
  input: number;
  interfaceId?: number;
  reader: number;
  packets: number;
  segments: number;
  firstRaw?: number;
  lastRaw?: number;
}

export interface ReaderState {
  /** Timestamp of the last record delivered, own clock; -Infinity before the first. */
  time: number;
  done: boolean;
}

export interface TableOptions {
  /** How long past a segment every point must be before a miss counts. */
  windowSeconds: number;
  /** In-flight segments beyond which the oldest are judged anyway. */
  maxInFlight: number;
}

/** Takes over the entry's variants (the table keeps only the fingerprint until eviction). */
export type Judge = (entry: Entry, states: number[]) => void;

export class SegmentTable {
  readonly flows = new Map<string, FlowState>();
  /** Segments in order of first sighting; evicted slots are cleared so the GC can take them. */
  private readonly queue: (Entry | undefined)[] = [];
  private head = 0;
  /** Distinct segments followed. */
  count = 0;
  private readonly slab = new Slab();
  /** Per point, the last segment and its flow: consecutive frames nearly always share the flow. */
  private readonly lastSeg: (SegmentView | undefined)[] = [];
  private readonly lastFlow: FlowState[] = [];

  constructor(
    private readonly points: PointState[],
    private readonly readers: ReaderState[],
    private readonly clocks: Clocks,
    private readonly options: TableOptions,
    private readonly judge: Judge,
  ) {}

  observe(p: number, raw: number, frame: number, data: Buffer, seg: SegmentView): void {
    const last = this.lastSeg[p];
    const flow = last !== undefined && sameFlow(last, seg) ? this.lastFlow[p]! : this.flow(seg);
    this.lastSeg[p] = seg;
    this.lastFlow[p] = flow;
    flow.seenAt |= 1 << p;
    if (seg.flags & 0x10 && (flow.maxAck === undefined || ((seg.ack - flow.maxAck) | 0) > 0)) flow.maxAck = seg.ack;
    const reader = this.points[p]!.reader;
    const entry = this.entryFor(flow, p, seg, raw - this.clocks.offset(reader));
    entry.see(p, raw, frame, this.variantOf(entry, data, seg));
    if (entry.seen++ === 0) entry.firstPoint = p;
    else {
      const q = entry.firstPoint;
      this.clocks.observe(reader, raw, this.points[q]!.reader, entry.raw(q));
    }
    if (entry.seen === this.points.length) this.finish(entry);
  }

  /** Judges the oldest segments while they can be judged (or all, at the end). */
  sweep(force: boolean): void {
    const q = this.queue;
    while (this.head < q.length) {
      const e = q[this.head]!;
      if (!force && q.length - this.head <= this.options.maxInFlight && !this.ready(e)) break;
      q[this.head++] = undefined;
      if (!e.judged) this.finish(e);
      const list = e.list.get(e.key)!;
      if (list.length === 1) e.list.delete(e.key);
      else list.splice(list.indexOf(e), 1);
    }
    // Drop the evicted prefix now and then instead of shifting on every eviction.
    if (this.head > 65536 && this.head * 2 > q.length) {
      q.splice(0, this.head);
      this.head = 0;
    }
  }

  private flow(seg: SegmentView): FlowState {
    const id = flowIdOf(seg);
    let f = this.flows.get(id);
    if (f === undefined) {
      f = new FlowState(id);
      const r = this.flows.get(reverseFlowIdOf(seg));
      if (r !== undefined) {
        f.reverse = r;
        r.reverse = f;
      }
      this.flows.set(id, f);
    }
    return f;
  }

  /** The in-flight segment with this fingerprint not yet seen at p (duplicates match in order). */
  private entryFor(flow: FlowState, p: number, seg: SegmentView, time: number): Entry {
    // Pure ACKs all carry the same sequence number: they are told apart by acknowledgement number.
    const occupies = sequenceLength(seg.payloadLength, seg.flags) > 0;
    const map = occupies ? flow.bySeq : flow.byAck;
    const key = (occupies ? seg.seq : seg.ack) | 0;
    let list = map.get(key);
    if (list === undefined) {
      list = [];
      map.set(key, list);
    }
    for (const e of list) {
      if (e.ipId === seg.ipId && e.payloadLength === seg.payloadLength && e.seq === seg.seq && e.ack === seg.ack && !e.has(p) && !e.judged) return e;
    }
    const e = new Entry(this.points.length, flow, map, key, seg.seq, seg.ack, seg.ipId, seg.payloadLength, seg.flags);
    e.time = time;
    if (occupies) {
      // Which copy a file shows first depends on how far each file was read: order them by time.
      for (const other of list) {
        if (other.payloadLength !== e.payloadLength || other.ipId === e.ipId) continue;
        if (other.time <= time) other.resent = true;
        else e.resent = true;
      }
      for (const s of flow.suspects.get(seg.seq | 0) ?? []) if (s.payloadLength === e.payloadLength && s.ipId !== e.ipId && s.time <= time) s.resent = true;
    }
    list.push(e);
    this.queue.push(e);
    this.count++;
    return e;
  }

  private finish(e: Entry): void {
    e.judged = true;
    this.judge(e, this.states(e));
  }

  /** Point by point: the variant seen, ABSENT, or UNCOVERED when the capture was not running. */
  private states(e: Entry): number[] {
    const t = this.timeOf(e);
    return this.points.map((pt, p) => {
      if (e.has(p)) return e.variant(p);
      if (pt.firstRaw === undefined || t === undefined) return UNCOVERED;
      const off = this.clocks.offset(pt.reader);
      if (t < pt.firstRaw - off) return UNCOVERED;
      if (this.readers[pt.reader]!.done && t > pt.lastRaw! - off) return UNCOVERED;
      return ABSENT;
    });
  }

  /** First sighting on the first file's clock; undefined while a clock involved is unknown. */
  private timeOf(e: Entry): number | undefined {
    let t = Infinity;
    for (let p = 0; p < this.points.length; p++) {
      if (!e.has(p)) continue;
      const r = this.points[p]!.reader;
      if (!this.clocks.established(r) && !this.readers[r]!.done) return undefined;
      t = Math.min(t, e.raw(p) - this.clocks.offset(r));
    }
    return t;
  }

  /** Every point without a sighting has read past the segment by the window (or ended). */
  private ready(e: Entry): boolean {
    const t = this.timeOf(e);
    if (t === undefined) return false;
    for (let p = 0; p < this.points.length; p++) {
      if (e.has(p)) continue;
      const r = this.points[p]!.reader;
      const reader = this.readers[r]!;
      if (reader.done) continue;
      if (!this.clocks.established(r)) return false;
      if (reader.time - this.clocks.offset(r) < t + this.options.windowSeconds) return false;
    }
    return true;
  }

  /** Index of the variant whose payload equals this frame's, copying the bytes only when new. */
  private variantOf(e: Entry, data: Buffer, seg: SegmentView): number {
    const { ip, l4 } = seg;
    const start = l4.payloadOffset;
    const end = Math.min(data.length, start + seg.payloadLength);
    for (let i = 0; i < e.variants.length; i++) {
      const v = e.variants[i]!;
      const vEnd = Math.min(v.bytes.length, v.payloadStart + (end - start));
      if (data.compare(v.bytes, v.payloadStart, vEnd, start, start + (vEnd - v.payloadStart)) === 0) return i;
    }
    const v: Variant = { bytes: this.slab.copy(data, ip.offset, Math.min(data.length, l4.offset + l4.length)), ip, l4, payloadStart: start - ip.offset };
    e.variants.push(v);
    return e.variants.length - 1;
  }
}

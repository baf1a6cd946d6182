// Reads back the Enhanced Packet Blocks of a batch (the native engine's, or the parent's own for
// the tcpdump and remote paths) as PacketRecords for the live analysis: little-endian, interfaces
// with nanosecond timestamps (if_tsresol 9), laid out as src/capture/batch-framing.ts shows.
// Bounds-checked; a block that does not fit stops the batch, reported as an error.

import { RefilledRecord } from '../pcap/reader-types.js';
import type { Direction, PacketRecord } from '../pcap/types.js';

const EPB = 6;
const EPB_FLAGS = 2;
const DIRECTIONS: readonly Direction[] = ['unknown', 'inbound', 'outbound', 'unknown'];
const TWO32 = 0x1_0000_0000;

/** Timestamps are whole nanoseconds past 2^53: the high word's share is split exactly once per value (it changes every 4.3 s). */
class NanoClock {
  private hi = -1;
  private baseSec = 0;
  private baseNs = 0;

  set(rec: PacketRecord, hi: number, lo: number): void {
    if (hi !== this.hi) {
      const big = BigInt(hi) * BigInt(TWO32);
      this.hi = hi;
      this.baseSec = Number(big / 1_000_000_000n);
      this.baseNs = Number(big % 1_000_000_000n);
    }
    const ns = this.baseNs + lo;
    const carry = Math.floor(ns / 1e9);
    rec.tsSec = this.baseSec + carry;
    rec.tsNsec = ns - carry * 1e9;
  }
}

export class EpbRecords {
  private readonly clock = new NanoClock();
  // Refilled in place: its bytes are named by chunk and dataAt, with no view made per frame.
  private readonly rec = new RefilledRecord();

  /**
   * Calls onRecord for each EPB in buf, numbered from firstFrame; linkTypeOf maps interface ids.
   * The record is reused: valid only until onRecord returns. Returns an error text, or undefined.
   */
  read(buf: Buffer, firstFrame: number, linkTypeOf: (id: number) => number | undefined, onRecord: (rec: PacketRecord) => void): string | undefined {
    const rec = this.rec;
    // A DataView reads a field several times faster than Buffer's readUInt32LE, which counts per frame here.
    const v = new DataView(buf.buffer, buf.byteOffset, buf.length);
    let frame = firstFrame;
    rec.chunk = buf;
    for (let at = 0; at < buf.length; ) {
      if (!fits(v, at, buf.length)) return misfit(v, at);
      const id = v.getUint32(at + 8, true);
      const linkType = linkTypeOf(id);
      if (linkType === undefined) return undeclared(at, id);
      const capLen = v.getUint32(at + 20, true);
      const total = v.getUint32(at + 4, true);
      rec.frame = frame++;
      rec.offset = at;
      rec.interfaceId = id;
      rec.linkType = linkType;
      this.clock.set(rec, v.getUint32(at + 12, true), v.getUint32(at + 16, true));
      rec.capLen = capLen;
      rec.wireLen = v.getUint32(at + 24, true);
      rec.dataAt = at + 28;
      rec.direction = directionOf(v, at + 28 + ((capLen + 3) & ~3), at + total - 4);
      onRecord(rec);
      at += total;
    }
    return undefined;
  }
}

/** Whether the block at `at` is an EPB that lies whole in the batch (`end` bytes: DataView's byteLength is a call), its captured bytes inside it. */
function fits(v: DataView, at: number, end: number): boolean {
  if (at + 32 > end) return false;
  const total = v.getUint32(at + 4, true);
  return v.getUint32(at, true) === EPB && total >= 32 && total % 4 === 0 && at + total <= end && v.getUint32(at + 20, true) <= total - 32;
}

// The error texts are built in functions of their own: inside read's loop TurboFan would turn their numbers into text on every turn.

/** Why fits() refused the block at `at`. */
function misfit(v: DataView, at: number): string {
  if (at + 32 > v.byteLength) return `block at ${at} cut short`;
  const type = v.getUint32(at, true);
  const total = v.getUint32(at + 4, true);
  if (type !== EPB || total < 32 || total % 4 !== 0 || at + total > v.byteLength) return `block at ${at}: type ${type}, ${total} bytes`;
  return `block at ${at} claims ${v.getUint32(at + 20, true)} captured bytes`;
}

function undeclared(at: number, id: number): string {
  return `block at ${at}: undeclared interface ${id}`;
}

/** The direction bits of epb_flags among the options in [p, end); unknown without them. */
function directionOf(v: DataView, p: number, end: number): Direction {
  while (p + 4 <= end) {
    const code = v.getUint16(p, true);
    const len = v.getUint16(p + 2, true);
    if (code === 0 || p + 4 + len > end) break;
    if (code === EPB_FLAGS && len === 4) return DIRECTIONS[v.getUint32(p + 4, true) & 3]!;
    p += 4 + ((len + 3) & ~3);
  }
  return 'unknown';
}

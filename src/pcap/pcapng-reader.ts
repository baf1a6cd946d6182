// pcapng (draft-ietf-opsawg-pcapng): several sections of either byte order, each with its own
// interfaces (link type, if_tsresol, if_tsoffset); Enhanced, Simple and obsolete Packet Blocks;
// Interface Statistics Blocks (the capture tool's drop counters); every other block skipped by its length.
//
//   General block                               Enhanced Packet Block body (type 6)
//   +-------------------------------+           +-------------------------------+
//   | Block Type (4)                |           | Interface ID (4)              |
//   | Block Total Length (4)        |           | Timestamp upper 32 bits (4)   |
//   | Block Body (variable, pad 4)  |           | Timestamp lower 32 bits (4)   |
//   | Block Total Length (4)        |           | Captured Packet Length (4)    |
//   +-------------------------------+           | Original Packet Length (4)    |
//   SHB body: Byte-Order Magic 0x1A2B3C4D (4),  | Packet Data (padded to 4)     |
//   Major (2), Minor (2), Section Length (8),   | Options: epb_flags (2) ...    |
//   options. IDB body: LinkType (2), Reserved   +-------------------------------+
//   (2), SnapLen (4), options (if_name 2, if_description 3, if_tsresol 9, if_tsoffset 14).
//   SPB body: Original Packet Length (4), Packet Data.  Options: code (2), length (2), value (pad 4).
//   epb_flags bits: 0-1 direction (01 inbound, 10 outbound), 2-4 reception type, 5-8 FCS length,
//   9 checksum not ready, 10 checksum valid, 11 TCP segmentation offloaded, 16-31 link errors.

import { InputError } from '../errors.js';
import { MAX_RECORD_BYTES, overSnapLen, RefilledRecord, type RecordSink } from './reader-types.js';
import type { RecordWindow } from './record-window.js';
import type { CaptureInterface, CaptureSummary, Direction, InterfaceStatistics, PacketRecord } from './types.js';

export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB = 1;
const OBSOLETE_PB = 2;
const SPB = 3;
const ISB = 5;
const EPB = 6;
const OPT_END = 0;
const OPT_COMMENT = 1;
const EPB_FLAGS = 2;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const IF_TSOFFSET = 14;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;
const ISB_OSDROP = 7;

interface SectionInterface extends CaptureInterface {
  tsOffsetSec: number;
}

/** `reuse`: the sink gets one record object, refilled for each packet block (ReadOptions.reuseRecord). */
export async function readPcapng(win: RecordWindow, summary: CaptureSummary, sink: RecordSink, reuse = false): Promise<void> {
  const path = win.source.path;
  summary.format = 'pcapng';
  let le = true;
  let section: SectionInterface[] = [];
  let sawSection = false;
  let frame = 0;
  const shared = reuse ? new RefilledRecord() : undefined;
  for (;;) {
    if (win.available < 12 && !(await win.have(12))) {
      if (win.available === 0) return;
      throw new InputError(path, win.offset, `block header is cut short (${win.available} of 12 bytes)`);
    }
    const off = win.offset;
    let b = win.buf;
    let p = win.pos;
    const type = b.readUInt32LE(p);
    if (type === PCAPNG_SHB) {
      const magic = b.readUInt32LE(p + 8);
      if (magic === BYTE_ORDER_MAGIC) le = true;
      else if (b.readUInt32BE(p + 8) === BYTE_ORDER_MAGIC) le = false;
      else throw new InputError(path, off, `section header has a bad byte-order magic 0x${magic.toString(16)}`);
      section = [];
      sawSection = true;
    } else if (!sawSection) {
      throw new InputError(path, off, 'pcapng file does not start with a section header block');
    }
    const blockType = rd32(b, p, le);
    const length = rd32(b, p + 4, le);
    if (length < 12 || length % 4 !== 0) throw new InputError(path, off, `block length ${length} is ${length < 12 ? 'below 12' : 'not a multiple of 4'}`);
    if (length > MAX_RECORD_BYTES) throw new InputError(path, off, `block length ${length} exceeds the ${MAX_RECORD_BYTES}-byte limit of any real block`);
    if (!summary.gzip && off + length > win.source.fileSize) {
      throw new InputError(path, off, `block claims ${length} bytes but the file ends ${win.source.fileSize - off} bytes later`);
    }
    if (win.available < length && !(await win.have(length))) {
      throw new InputError(path, off, `block is cut short: ${length} bytes claimed, ${win.available} present`);
    }
    b = win.buf;
    p = win.pos;
    if (rd32(b, p + length - 4, le) !== length) throw new InputError(path, off + length - 4, `trailing block length ${rd32(b, p + length - 4, le)} differs from ${length}`);
    const bodyEnd = p + length - 4;
    // Packet blocks, the bulk of a file, are read without a closure or object per block (docs/design.md, Performance targets).
    if (blockType === EPB || blockType === OBSOLETE_PB) {
      if (length < 32) failAt(path, off, 'packet block shorter than 32 bytes');
      const obsolete = blockType === OBSOLETE_PB;
      const ifIndex = obsolete ? rd16(b, p + 8, le) : rd32(b, p + 8, le);
      const iface = section[ifIndex] ?? failAt(path, off, `packet block names interface ${ifIndex}, but the section has ${section.length}`);
      const capLen = rd32(b, p + 20, le);
      const wireLen = rd32(b, p + 24, le);
      const dataEnd = p + 28 + capLen;
      if (dataEnd > bodyEnd) failAt(path, off, `packet block claims ${capLen} captured bytes, more than its ${length}-byte block holds`);
      if (iface.snapLen > 0 && capLen > iface.snapLen) overSnapLen(summary, off, capLen, iface.snapLen, iface.linkType, `packet block of interface ${ifIndex}`);
      const flags = epbFlags(path, off, b, p + 28 + pad4(capLen), bodyEnd, le);
      const rec: PacketRecord = shared ?? { frame: 0, offset: 0, interfaceId: 0, linkType: 0, tsSec: 0, tsNsec: 0, capLen: 0, wireLen: 0, data: b, direction: 'unknown' };
      rec.frame = ++frame;
      rec.offset = off;
      rec.interfaceId = iface.id;
      rec.linkType = iface.linkType;
      setTimestamp(rec, rd32(b, p + 12, le), rd32(b, p + 16, le), iface);
      rec.capLen = capLen;
      rec.wireLen = Math.max(wireLen, capLen);
      if (shared !== undefined) {
        shared.chunk = b;
        shared.dataAt = p + 28;
      } else rec.data = b.subarray(p + 28, dataEnd);
      rec.direction = flags < 0 ? 'unknown' : directionOf(flags);
      if (flags >= 0) rec.flags = flags;
      else if (rec.flags !== undefined) delete rec.flags;
      emit(summary, sink, rec);
      win.pos += length;
      continue;
    }
    const u16 = le ? (o: number) => b.readUInt16LE(o) : (o: number) => b.readUInt16BE(o);
    const u32 = le ? (o: number) => b.readUInt32LE(o) : (o: number) => b.readUInt32BE(o);
    const fail = (why: string): never => failAt(path, off, why);
    switch (blockType) {
      case IDB: {
        if (length < 20) fail('interface description block shorter than 20 bytes');
        const iface: SectionInterface = {
          id: summary.interfaces.length,
          linkType: u16(p + 8),
          snapLen: u32(p + 12),
          tsUnitsPerSec: 1e6,
          tsOffsetSec: 0,
        };
        readOptions(b, p + 16, bodyEnd, u16, fail, (code, v) => {
          if (code === IF_NAME) iface.name = v.toString('utf8');
          else if (code === IF_DESCRIPTION) iface.description = v.toString('utf8');
          else if (code === IF_TSRESOL && v.length >= 1) {
            const r = v[0]!;
            const exp = r & 0x7f;
            if ((r & 0x80 ? exp > 53 : exp > 15)) fail(`if_tsresol 0x${r.toString(16)} is beyond any clock`);
            iface.tsUnitsPerSec = r & 0x80 ? 2 ** exp : 10 ** exp;
          } else if (code === IF_TSOFFSET && v.length >= 8) {
            const hi = le ? v.readInt32LE(4) : v.readInt32BE(0);
            const lo = le ? v.readUInt32LE(0) : v.readUInt32BE(4);
            iface.tsOffsetSec = hi * 0x1_0000_0000 + lo;
          }
        });
        section.push(iface);
        const { tsOffsetSec: _omit, ...pub } = iface;
        summary.interfaces.push(pub);
        break;
      }
      case SPB: {
        if (length < 16) fail('simple packet block shorter than 16 bytes');
        const iface = section[0] ?? fail('simple packet block before any interface description');
        const wireLen = u32(p + 8);
        const room = length - 16;
        const capLen = Math.min(wireLen, room, iface.snapLen > 0 ? iface.snapLen : room);
        const rec: PacketRecord = {
          frame: ++frame,
          offset: off,
          interfaceId: iface.id,
          linkType: iface.linkType,
          tsSec: 0,
          tsNsec: 0,
          capLen,
          wireLen: Math.max(wireLen, capLen),
          data: b.subarray(p + 12, p + 12 + capLen),
          direction: 'unknown',
        };
        emit(summary, sink, rec);
        break;
      }
      case ISB: {
        if (length < 24) fail('interface statistics block shorter than 24 bytes');
        const iface = section[u32(p + 8)] ?? fail(`statistics block names interface ${u32(p + 8)}, but the section has ${section.length}`);
        // The last block counts the whole capture: each one replaces the one before.
        const stats: InterfaceStatistics = {};
        readOptions(b, p + 20, bodyEnd, u16, fail, (code, v) => {
          if (code === OPT_COMMENT) {
            (stats.comments ??= []).push(v.toString('utf8'));
            return;
          }
          if (v.length < 8) return;
          const n = le ? Number(v.readBigUInt64LE(0)) : Number(v.readBigUInt64BE(0));
          if (code === ISB_IFRECV) stats.ifrecv = n;
          else if (code === ISB_IFDROP) stats.ifdrop = n;
          else if (code === ISB_OSDROP) stats.osdrop = n;
        });
        summary.interfaces[iface.id]!.stats = stats;
        break;
      }
      default:
        // Name resolution, decryption secrets, custom and unknown blocks: skipped.
        break;
    }
    win.pos += length;
  }
}

function emit(summary: CaptureSummary, sink: RecordSink, rec: PacketRecord): void {
  summary.packets++;
  summary.bytes += rec.capLen;
  sink(rec, summary);
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

function directionOf(flags: number): Direction {
  const d = flags & 0x3;
  return d === 1 ? 'inbound' : d === 2 ? 'outbound' : 'unknown';
}

/** Walks options in [p, end): code (2), length (2), value padded to 4; stops at opt_endofopt (also the remote merge's, src/capture/remote-blocks.ts). */
export function readOptions(
  b: Buffer,
  p: number,
  end: number,
  u16: (o: number) => number,
  fail: (why: string) => never,
  visit: (code: number, value: Buffer) => void,
): void {
  while (p + 4 <= end) {
    const code = u16(p);
    const len = u16(p + 2);
    if (code === OPT_END) return;
    if (p + 4 + len > end) fail(`option ${code} of ${len} bytes runs past its block`);
    visit(code, b.subarray(p + 4, p + 4 + len));
    p += 4 + pad4(len);
  }
}

const TWO32 = 0x1_0000_0000;

/** Sets the record's seconds and nanoseconds from a 64-bit timestamp in the interface's units, exact at any resolution. */
function setTimestamp(rec: PacketRecord, hi: number, lo: number, iface: SectionInterface): void {
  splitTimestamp(hi, lo, iface.tsUnitsPerSec, rec);
  rec.tsSec += iface.tsOffsetSec;
}

/** Units past which `rem * 1e9`, and `units * 65536`, may leave the exact doubles. */
const SMALL_UNITS = Math.floor(Number.MAX_SAFE_INTEGER / 1e9);
const LONG_DIVISION_UNITS = Math.floor(Number.MAX_SAFE_INTEGER / 65536);

/** ⌊a / b⌋ of integers a, b ≤ 2^53 whose quotient times b is exact: corrected where the division rounded across an integer. */
function quotient(a: number, b: number): number {
  const q = Math.floor(a / b);
  const r = a - q * b;
  return r < 0 ? q - 1 : r >= b ? q + 1 : q;
}

/**
 * hi·2^32 + lo units of 1/units s as whole seconds and nanoseconds (rounded down), exactly. Nanosecond
 * clocks since 1970 pass 2^53, so past it the 64 bits are divided 16 at a time (each partial
 * remainder times 2^16 stays below 2^53); BigInt only for clocks finer than that allows.
 */
export function splitTimestamp(hi: number, lo: number, units: number, out: { tsSec: number; tsNsec: number }): void {
  const raw = hi * TWO32 + lo;
  let sec: number;
  let rem: number;
  if (raw <= Number.MAX_SAFE_INTEGER) {
    sec = quotient(raw, units);
    rem = raw - sec * units;
  } else if (units <= LONG_DIVISION_UNITS) {
    sec = 0;
    rem = 0;
    for (let shift = 48; shift >= 0; shift -= 16) {
      const cur = rem * 65536 + (shift >= 32 ? hi >>> (shift - 32) : lo >>> shift) % 65536;
      const q = quotient(cur, units);
      rem = cur - q * units;
      sec = sec * 65536 + q;
    }
  } else {
    const big = (BigInt(hi) << 32n) | BigInt(lo);
    const u = BigInt(units);
    const q = big / u;
    out.tsSec = Number(q);
    out.tsNsec = Number(((big - q * u) * 1_000_000_000n) / u);
    return;
  }
  out.tsSec = sec;
  out.tsNsec = units === 1e9 ? rem : units <= SMALL_UNITS ? quotient(rem * 1e9, units) : Number((BigInt(rem) * 1_000_000_000n) / BigInt(units));
}

function rd16(b: Buffer, o: number, le: boolean): number {
  return le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
}

function rd32(b: Buffer, o: number, le: boolean): number {
  return le ? (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16)) + b[o + 3]! * 0x1000000 : b[o]! * 0x1000000 + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
}

function failAt(path: string, off: number, why: string): never {
  throw new InputError(path, off, why);
}

/** epb_flags among the options in [p, end), or -1 when absent; the same checks as readOptions. */
function epbFlags(path: string, off: number, b: Buffer, p: number, end: number, le: boolean): number {
  let flags = -1;
  while (p + 4 <= end) {
    const code = rd16(b, p, le);
    const len = rd16(b, p + 2, le);
    if (code === OPT_END) break;
    if (p + 4 + len > end) failAt(path, off, `option ${code} of ${len} bytes runs past its block`);
    if (code === EPB_FLAGS && len >= 4) flags = rd32(b, p + 4, le);
    p += 4 + pad4(len);
  }
  return flags;
}

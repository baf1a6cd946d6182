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
import { MAX_RECORD_BYTES, overSnapLen, type RecordSink } from './reader-types.js';
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

export async function readPcapng(win: RecordWindow, summary: CaptureSummary, sink: RecordSink): Promise<void> {
  const path = win.source.path;
  summary.format = 'pcapng';
  let le = true;
  let section: SectionInterface[] = [];
  let sawSection = false;
  let frame = 0;
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
    const u16 = le ? (o: number) => b.readUInt16LE(o) : (o: number) => b.readUInt16BE(o);
    const u32 = le ? (o: number) => b.readUInt32LE(o) : (o: number) => b.readUInt32BE(o);
    const blockType = u32(p);
    const length = u32(p + 4);
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
    if (u32(p + length - 4) !== length) throw new InputError(path, off + length - 4, `trailing block length ${u32(p + length - 4)} differs from ${length}`);
    const bodyEnd = p + length - 4;
    const fail = (why: string): never => {
      throw new InputError(path, off, why);
    };
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
      case EPB:
      case OBSOLETE_PB: {
        if (length < 32) fail('packet block shorter than 32 bytes');
        const obsolete = blockType === OBSOLETE_PB;
        const ifIndex = obsolete ? u16(p + 8) : u32(p + 8);
        const iface = section[ifIndex] ?? fail(`packet block names interface ${ifIndex}, but the section has ${section.length}`);
        const capLen = u32(p + 20);
        const wireLen = u32(p + 24);
        const dataEnd = p + 28 + capLen;
        if (dataEnd > bodyEnd) fail(`packet block claims ${capLen} captured bytes, more than its ${length}-byte block holds`);
        if (iface.snapLen > 0 && capLen > iface.snapLen) overSnapLen(summary, off, capLen, iface.snapLen, iface.linkType, `packet block of interface ${ifIndex}`);
        let flags: number | undefined;
        readOptions(b, p + 28 + pad4(capLen), bodyEnd, u16, fail, (code, v) => {
          if (code === EPB_FLAGS && v.length >= 4) flags = le ? v.readUInt32LE(0) : v.readUInt32BE(0);
        });
        const ts = timestamp(u32(p + 12), u32(p + 16), iface);
        const rec: PacketRecord = {
          frame: ++frame,
          offset: off,
          interfaceId: iface.id,
          linkType: iface.linkType,
          tsSec: ts.sec,
          tsNsec: ts.nsec,
          capLen,
          wireLen: Math.max(wireLen, capLen),
          data: b.subarray(p + 28, dataEnd),
          direction: flags === undefined ? 'unknown' : directionOf(flags),
        };
        if (flags !== undefined) rec.flags = flags;
        emit(summary, sink, rec);
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

/** Walks options in [p, end): code (2), length (2), value padded to 4; stops at opt_endofopt. */
function readOptions(
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

/** Seconds and nanoseconds of a 64-bit timestamp in the interface's units, exact at any resolution. */
function timestamp(hi: number, lo: number, iface: SectionInterface): { sec: number; nsec: number } {
  const units = iface.tsUnitsPerSec;
  const raw = hi * TWO32 + lo;
  if (raw <= Number.MAX_SAFE_INTEGER) {
    const sec = Math.floor(raw / units);
    const frac = raw - sec * units;
    return { sec: sec + iface.tsOffsetSec, nsec: Math.floor((frac * 1e9) / units) };
  }
  // Nanosecond clocks since 1970 pass 2^53: divide exactly in BigInt.
  const big = (BigInt(hi) << 32n) | BigInt(lo);
  const u = BigInt(units);
  const sec = big / u;
  return { sec: Number(sec) + iface.tsOffsetSec, nsec: Number(((big - sec * u) * 1_000_000_000n) / u) };
}

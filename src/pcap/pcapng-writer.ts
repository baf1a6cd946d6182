// Writes pcapng (draft-ietf-opsawg-pcapng) as a stream: one Section Header Block, then Interface
// Description Blocks as interfaces appear, Enhanced Packet Blocks with epb_flags (direction and
// other bits) and Interface Statistics Blocks, each block written whole as soon as it is known.
//
//   General block                               SHB body (type 0x0A0D0D0A)
//   +-------------------------------+           +-------------------------------+
//   | Block Type (4)                |           | Byte-Order Magic 0x1A2B3C4D   |
//   | Block Total Length (4)        |           | Major 1 (2)   | Minor 0 (2)   |
//   | Block Body (variable, pad 4)  |           | Section Length -1 (8)         |
//   | Block Total Length (4)        |           | Options: shb_userappl (4)     |
//   +-------------------------------+           +-------------------------------+
//   IDB body (type 1)                           EPB body (type 6)
//   +-------------------------------+           +-------------------------------+
//   | LinkType (2)  | Reserved (2)  |           | Interface ID (4)              |
//   | SnapLen (4)                   |           | Timestamp upper 32 bits (4)   |
//   | Options: if_name (2),         |           | Timestamp lower 32 bits (4)   |
//   |  if_description (3),          |           | Captured Packet Length (4)    |
//   |  if_tsresol (9)               |           | Original Packet Length (4)    |
//   +-------------------------------+           | Packet Data (padded to 4)     |
//   ISB body (type 5)                           | Options: epb_flags (2)        |
//   +-------------------------------+           +-------------------------------+
//   | Interface ID (4)              |
//   | Timestamp upper/lower (4 + 4) |           Option: | Code (2) | Length (2) | Value (pad 4) |
//   | Options: opt_comment (1),     |           ending with opt_endofopt (code 0, length 0).
//   |  isb_ifrecv (4), isb_ifdrop (5),|
//   |  isb_osdrop (7)               |
//   +-------------------------------+

import { ByteSink, put16, put32, type ByteTarget } from './byte-sink.js';
import type { FrameToWrite } from './pcap-writer.js';
import { PCAPNG_SHB } from './pcapng-reader.js';
import type { Direction } from './types.js';

const IDB = 1;
const ISB = 5;
const EPB = 6;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const EPB_FLAGS = 2;
const ISB_IFRECV = 4;
const ISB_IFDROP = 5;
const ISB_OSDROP = 7;
const DIRECTION_BITS: Record<Direction, number> = { unknown: 0, inbound: 1, outbound: 2 };

export interface PcapngWriterOptions {
  /** Byte order of the section (default little-endian). */
  bigEndian?: boolean;
  /** shb_userappl: the program that wrote the file. */
  application?: string;
}

export interface PcapngInterface {
  linkType: number;
  /** 0 means no limit. */
  snapLen?: number;
  name?: string;
  description?: string;
  /** if_tsresol byte: 9 (nanoseconds, the default), 6 for microseconds, 0x80 | n for 2^-n. */
  tsresol?: number;
}

export interface PcapngPacket extends FrameToWrite {
  direction?: Direction;
  /** Further epb_flags bits (reception type, FCS length, checksum and TSO bits); direction is OR-ed in. */
  flags?: number;
}

/** Counters of an Interface Statistics Block; those left out are not written. */
export interface InterfaceStats {
  tsSec: number;
  tsNsec: number;
  ifrecv?: number;
  ifdrop?: number;
  osdrop?: number;
  /** UTF-8 text, as opt_comment. */
  comment?: string;
}

interface WrittenInterface {
  snapLen: number;
  units: bigint;
}

export class PcapngWriter {
  private readonly sink: ByteSink;
  private readonly be: boolean;
  private readonly interfaces: WrittenInterface[] = [];

  constructor(target: ByteTarget, options: PcapngWriterOptions = {}) {
    this.sink = new ByteSink(target);
    this.be = options.bigEndian ?? false;
    const fixed = Buffer.alloc(16);
    put32(fixed, 0, 0x1a2b3c4d, this.be);
    put16(fixed, 4, 1, this.be);
    put16(fixed, 6, 0, this.be);
    // Section length -1: not known while streaming.
    fixed.fill(0xff, 8, 16);
    const opts = options.application === undefined ? [] : [this.option(SHB_USERAPPL, Buffer.from(options.application, 'utf8'))];
    this.block(PCAPNG_SHB, [fixed, ...this.optionList(opts)]);
  }

  /** Writes an Interface Description Block; returns the interface id packets and stats refer to. */
  addInterface(iface: PcapngInterface): number {
    const tsresol = iface.tsresol ?? 9;
    const fixed = Buffer.alloc(8);
    put16(fixed, 0, iface.linkType, this.be);
    put32(fixed, 4, iface.snapLen ?? 0, this.be);
    const opts: Buffer[] = [];
    if (iface.name !== undefined) opts.push(this.option(IF_NAME, Buffer.from(iface.name, 'utf8')));
    if (iface.description !== undefined) opts.push(this.option(IF_DESCRIPTION, Buffer.from(iface.description, 'utf8')));
    opts.push(this.option(IF_TSRESOL, Buffer.from([tsresol])));
    this.block(IDB, [fixed, ...this.optionList(opts)]);
    const exp = BigInt(tsresol & 0x7f);
    this.interfaces.push({ snapLen: iface.snapLen ?? 0, units: tsresol & 0x80 ? 2n ** exp : 10n ** exp });
    return this.interfaces.length - 1;
  }

  /** Appends an Enhanced Packet Block; false when a stream target wants `drain` before more. */
  writePacket(interfaceId: number, p: PcapngPacket): boolean {
    return this.sink.write(this.packetBlock(interfaceId, p));
  }

  /** Appends blocks built elsewhere for this section's interfaces (the native engine's EPBs), as they are. */
  appendBlocks(blocks: readonly Buffer[]): boolean {
    return this.sink.writeAll(blocks);
  }

  /** The Enhanced Packet Block writePacket writes, in this section's byte order. */
  packetBlock(interfaceId: number, p: PcapngPacket): Buffer {
    const iface = this.iface(interfaceId);
    const capLen = iface.snapLen > 0 ? Math.min(p.data.length, iface.snapLen) : p.data.length;
    const fixed = Buffer.alloc(20);
    put32(fixed, 0, interfaceId, this.be);
    this.timestamp(fixed, 4, iface, p.tsSec, p.tsNsec);
    put32(fixed, 12, capLen, this.be);
    put32(fixed, 16, Math.max(p.wireLen ?? p.data.length, p.data.length), this.be);
    const flags = (p.flags ?? 0) | DIRECTION_BITS[p.direction ?? 'unknown'];
    const opts: Buffer[] = [];
    if (flags !== 0) {
      const v = Buffer.alloc(4);
      put32(v, 0, flags >>> 0, this.be);
      opts.push(this.option(EPB_FLAGS, v));
    }
    return this.blockBytes(EPB, [fixed, padded(p.data.subarray(0, capLen)), ...this.optionList(opts)]);
  }

  /** Appends an Interface Statistics Block with the counters given. */
  writeStats(interfaceId: number, s: InterfaceStats): boolean {
    const iface = this.iface(interfaceId);
    const fixed = Buffer.alloc(12);
    put32(fixed, 0, interfaceId, this.be);
    this.timestamp(fixed, 4, iface, s.tsSec, s.tsNsec);
    const opts: Buffer[] = s.comment === undefined ? [] : [this.option(OPT_COMMENT, Buffer.from(s.comment, 'utf8'))];
    for (const [code, value] of [
      [ISB_IFRECV, s.ifrecv],
      [ISB_IFDROP, s.ifdrop],
      [ISB_OSDROP, s.osdrop],
    ] as const) {
      if (value !== undefined) opts.push(this.option(code, this.u64(BigInt(value))));
    }
    return this.block(ISB, [fixed, ...this.optionList(opts)]);
  }

  close(): Promise<void> {
    return this.sink.end();
  }

  private iface(id: number): WrittenInterface {
    const i = this.interfaces[id];
    if (i === undefined) throw new RangeError(`pcapng writer: no interface ${id} (${this.interfaces.length} added)`);
    return i;
  }

  /** A 64-bit timestamp in the interface's units, exact in BigInt (nanoseconds since 1970 pass 2^53). */
  private timestamp(b: Buffer, o: number, iface: WrittenInterface, sec: number, nsec: number): void {
    const t = BigInt(sec) * iface.units + (BigInt(nsec) * iface.units) / 1_000_000_000n;
    put32(b, o, Number(t >> 32n), this.be);
    put32(b, o + 4, Number(t & 0xffffffffn), this.be);
  }

  private u64(v: bigint): Buffer {
    const b = Buffer.alloc(8);
    if (this.be) b.writeBigUInt64BE(v);
    else b.writeBigUInt64LE(v);
    return b;
  }

  private option(code: number, value: Buffer): Buffer {
    const h = Buffer.alloc(4);
    put16(h, 0, code, this.be);
    put16(h, 2, value.length, this.be);
    return Buffer.concat([h, padded(value)]);
  }

  /** Options followed by opt_endofopt, or nothing when there are none. */
  private optionList(opts: Buffer[]): Buffer[] {
    return opts.length === 0 ? [] : [...opts, Buffer.alloc(4)];
  }

  private block(type: number, body: Buffer[]): boolean {
    return this.sink.write(this.blockBytes(type, body));
  }

  private blockBytes(type: number, body: Buffer[]): Buffer {
    const length = 12 + body.reduce((n, b) => n + b.length, 0);
    const head = Buffer.alloc(8);
    put32(head, 0, type, this.be);
    put32(head, 4, length, this.be);
    const tail = Buffer.alloc(4);
    put32(tail, 0, length, this.be);
    return Buffer.concat([head, ...body, tail]);
  }
}

function padded(b: Buffer): Buffer {
  const pad = (4 - (b.length % 4)) % 4;
  return pad === 0 ? b : Buffer.concat([b, Buffer.alloc(pad)]);
}

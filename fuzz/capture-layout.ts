// Where things are in a pcap or pcapng file, for the mutators that aim at fields: record and block
// offsets, options, packet data. Tolerant: parsing stops quietly at the first thing that does not
// fit (a mutated file), keeping what came before. Formats as src/pcap/pcap-reader.ts and
// src/pcap/pcapng-reader.ts describe them.

const PCAP_MAGICS = [0xa1b2c3d4, 0xa1b23c4d] as const;
export const PCAPNG_SHB = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

export const BLOCK = { IDB: 1, OBSOLETE_PB: 2, SPB: 3, NRB: 4, ISB: 5, EPB: 6, DSB: 0x0a, CUSTOM: 0x00000bad } as const;

export interface PcapRecord {
  off: number;
  capLen: number;
}

export interface PcapLayout {
  format: 'pcap';
  le: boolean;
  snapLen: number;
  linkType: number;
  records: PcapRecord[];
}

export interface BlockOption {
  /** Offset of the option's code field. */
  off: number;
  code: number;
  len: number;
}

export interface PcapngBlock {
  off: number;
  type: number;
  length: number;
  le: boolean;
  /** Interfaces described in this block's section before it. */
  interfacesBefore: number;
  options: BlockOption[];
}

export interface PcapngLayout {
  format: 'pcapng';
  blocks: PcapngBlock[];
}

export type CaptureLayout = PcapLayout | PcapngLayout;

/** A packet's bytes inside the file: the record or block holding it and its data. */
export interface PacketSpot {
  container: PcapRecord | PcapngBlock;
  dataOff: number;
  capLen: number;
  linkType: number;
}

/** n rounded up to a multiple of 4, for any length a 32-bit field can claim. */
export const pad4 = (n: number): number => n + ((4 - (n % 4)) % 4);
const u16 = (b: Buffer, o: number, le: boolean): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
const u32 = (b: Buffer, o: number, le: boolean): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));

export function parseLayout(b: Buffer): CaptureLayout | undefined {
  if (b.length < 4) return undefined;
  if (PCAP_MAGICS.includes(b.readUInt32BE(0) as (typeof PCAP_MAGICS)[number])) return parsePcap(b, false);
  if (PCAP_MAGICS.includes(b.readUInt32LE(0) as (typeof PCAP_MAGICS)[number])) return parsePcap(b, true);
  if (b.readUInt32LE(0) === PCAPNG_SHB) return parsePcapng(b);
  return undefined;
}

function parsePcap(b: Buffer, le: boolean): PcapLayout | undefined {
  if (b.length < 24) return undefined;
  const layout: PcapLayout = { format: 'pcap', le, snapLen: u32(b, 16, le), linkType: u32(b, 20, le) & 0xffff, records: [] };
  for (let off = 24; off + 16 <= b.length; ) {
    const capLen = u32(b, off + 8, le);
    if (off + 16 + capLen > b.length) break;
    layout.records.push({ off, capLen });
    off += 16 + capLen;
  }
  return layout;
}

/** Where a block's options start, or undefined for blocks without options (or too short for any). */
function optionsStart(b: Buffer, blk: { off: number; type: number; length: number; le: boolean }): number | undefined {
  const p = blk.off;
  switch (blk.type) {
    case PCAPNG_SHB:
      return p + 24;
    case BLOCK.IDB:
      return p + 16;
    case BLOCK.ISB:
      return p + 20;
    case BLOCK.EPB:
    case BLOCK.OBSOLETE_PB:
      return blk.length >= 32 ? p + 28 + pad4(u32(b, p + 20, blk.le)) : undefined;
    default:
      return undefined;
  }
}

function parseOptions(b: Buffer, start: number, end: number, le: boolean): BlockOption[] {
  const out: BlockOption[] = [];
  for (let p = start; p + 4 <= end; ) {
    const code = u16(b, p, le);
    const len = u16(b, p + 2, le);
    if (code === 0 || p + 4 + len > end) break;
    out.push({ off: p, code, len });
    p += 4 + pad4(len);
  }
  return out;
}

function parsePcapng(b: Buffer): PcapngLayout {
  const layout: PcapngLayout = { format: 'pcapng', blocks: [] };
  let le = true;
  let interfaces = 0;
  for (let off = 0; off + 12 <= b.length; ) {
    if (b.readUInt32LE(off) === PCAPNG_SHB && off + 12 <= b.length) {
      if (b.readUInt32LE(off + 8) === BYTE_ORDER_MAGIC) le = true;
      else if (b.readUInt32BE(off + 8) === BYTE_ORDER_MAGIC) le = false;
      else break;
      interfaces = 0;
    }
    const type = u32(b, off, le);
    const length = u32(b, off + 4, le);
    if (length < 12 || length % 4 !== 0 || off + length > b.length || u32(b, off + length - 4, le) !== length) break;
    const blk: PcapngBlock = { off, type, length, le, interfacesBefore: interfaces, options: [] };
    const start = optionsStart(b, blk);
    if (start !== undefined && start >= off + 8 && start <= off + length - 4) blk.options = parseOptions(b, start, off + length - 4, le);
    layout.blocks.push(blk);
    if (type === BLOCK.IDB) interfaces++;
    off += length;
  }
  return layout;
}

/** Every packet whose bytes lie inside the file. */
export function packetsOf(b: Buffer, layout: CaptureLayout): PacketSpot[] {
  if (layout.format === 'pcap') return layout.records.map((r) => ({ container: r, dataOff: r.off + 16, capLen: r.capLen, linkType: layout.linkType }));
  const spots: PacketSpot[] = [];
  const linkTypes: number[] = [];
  for (const blk of layout.blocks) {
    if (blk.type === PCAPNG_SHB) linkTypes.length = 0;
    else if (blk.type === BLOCK.IDB && blk.length >= 20) linkTypes.push(u16(b, blk.off + 8, blk.le));
    else if ((blk.type === BLOCK.EPB || blk.type === BLOCK.OBSOLETE_PB) && blk.length >= 32) {
      const capLen = u32(b, blk.off + 20, blk.le);
      const iface = blk.type === BLOCK.EPB ? u32(b, blk.off + 8, blk.le) : u16(b, blk.off + 8, blk.le);
      if (blk.off + 28 + capLen <= blk.off + blk.length - 4) spots.push({ container: blk, dataOff: blk.off + 28, capLen, linkType: linkTypes[iface] ?? 1 });
    } else if (blk.type === BLOCK.SPB && blk.length >= 16) {
      spots.push({ container: blk, dataOff: blk.off + 12, capLen: Math.min(u32(b, blk.off + 8, blk.le), blk.length - 16), linkType: linkTypes[0] ?? 1 });
    }
  }
  return spots;
}

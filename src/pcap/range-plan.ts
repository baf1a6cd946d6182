// Splits one uncompressed capture file into ranges that start on record boundaries, for decoding
// them side by side. Each split point is found near an even share of the file by a chain of
// records whose lengths hop exactly from one to the next; the reader of the range before it
// confirms it (it must end exactly there, docs/design.md "analyze on every core"), so a wrong
// guess costs time, never a wrong result.

import { ReadableFile } from './file-reads.js';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-reader.js';
import { PCAPNG_SHB } from './pcapng-reader.js';
import { MAX_RECORD_BYTES, maxSnapLenFor } from './reader-types.js';

export interface RangePlan {
  /** The bytes each range is read with in front: the pcap file header, or the pcapng blocks before the first packet. */
  head: Buffer;
  /** Interfaces the head describes: a range that ends with more saw a new one, and the next range's head is wrong. */
  headInterfaces: number;
  /** Start of each range, the first 0; each ends where the next starts, the last at the file's end. */
  starts: number[];
  fileSize: number;
}

/** Bytes searched at each split point; a chain of records must fit in them. */
const WINDOW = 1024 * 1024;
/** Records a chain hops before its start is taken for a boundary (fewer when the file ends first). */
const CHAIN = 16;

const IDB = 1;
const EPB = 6;
const SPB = 3;
const OBSOLETE_PB = 2;

type Chain = (b: Buffer, at: number, fileEnd: number) => boolean;

/**
 * Up to `jobs` ranges of at least `minBytes`, or undefined when the file cannot be split (gzip,
 * too small, unknown). The first range is `firstExtra` bytes longer than the others: whoever reads
 * it starts at once, the others' workers start up first.
 */
export async function planRanges(path: string, jobs: number, minBytes: number, firstExtra = 0): Promise<RangePlan | undefined> {
  const fh = await ReadableFile.open(path).catch(() => undefined);
  if (fh === undefined) return undefined;
  try {
    const stat = await fh.stat();
    // A pipe or device is read once, by the single-core path.
    if (!stat.isFile()) return undefined;
    const fileSize = stat.size;
    const parts = Math.min(jobs, Math.floor(fileSize / minBytes));
    if (parts < 2) return undefined;
    const first = Buffer.allocUnsafe(Math.min(WINDOW, fileSize));
    const got = await fh.read(first, 0, first.length, 0);
    const start = first.subarray(0, got);
    const layout = headOf(start);
    if (layout === undefined) return undefined;
    const starts = [0];
    const win = Buffer.allocUnsafe(WINDOW);
    const firstBytes = Math.min((fileSize + (parts - 1) * firstExtra) / parts, fileSize - (parts - 1) * minBytes);
    const rest = (fileSize - firstBytes) / (parts - 1);
    for (let k = 1; k < parts; k++) {
      const from = Math.max(Math.floor(firstBytes + (k - 1) * rest), starts[starts.length - 1]! + 1, layout.head.length);
      const n = await fh.read(win, 0, WINDOW, from);
      const at = findBoundary(win.subarray(0, n), from, fileSize, layout);
      if (at !== undefined) starts.push(at);
    }
    return starts.length < 2 ? undefined : { head: layout.head, headInterfaces: layout.interfaces, starts, fileSize };
  } finally {
    await fh.close();
  }
}

interface Layout {
  head: Buffer;
  interfaces: number;
  /** Boundaries are aligned to this (pcapng blocks to 4 bytes, pcap records to 1). */
  align: number;
  chain: Chain;
}

function headOf(b: Buffer): Layout | undefined {
  if (b.length < 24) return undefined;
  const be = b.readUInt32BE(0);
  const le = b.readUInt32LE(0);
  if (be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS || le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS) {
    const little = le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS;
    const u32 = (o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const fracMax = (little ? le : be) === PCAP_MAGIC_NS ? 1e9 : 1e6;
    const snapLen = u32(16);
    const maxCap = Math.max(snapLen, maxSnapLenFor(u32(20) & 0xffff));
    return { head: Buffer.from(b.subarray(0, 24)), interfaces: 1, align: 1, chain: pcapChain(little, fracMax, maxCap) };
  }
  if (le !== PCAPNG_SHB || b.length < 12) return undefined;
  const little = b.readUInt32LE(8) === 0x1a2b3c4d;
  const u32 = (x: Buffer, o: number): number => (little ? x.readUInt32LE(o) : x.readUInt32BE(o));
  // The head: the section header and interfaces before the first packet (statistics and the rest belong to range 0 alone).
  const blocks: Buffer[] = [];
  let p = 0;
  while (p + 12 <= b.length) {
    const type = u32(b, p);
    const len = u32(b, p + 4);
    if (type === EPB || type === SPB || type === OBSOLETE_PB) {
      return { head: Buffer.concat(blocks), interfaces: blocks.length - 1, align: 4, chain: pcapngChain(little) };
    }
    if (len < 12 || len % 4 !== 0 || p + len > b.length) return undefined;
    if (type === IDB || (p === 0 && type === PCAPNG_SHB)) blocks.push(b.subarray(p, p + len));
    // A second section before any packet: not worth splitting.
    else if (type === PCAPNG_SHB) return undefined;
    p += len;
  }
  return undefined;
}

function pcapChain(little: boolean, fracMax: number, maxCap: number): Chain {
  return (b, at, fileEnd) => {
    const u32 = (o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
    let p = at;
    let prevSec = -1;
    for (let i = 0; i < CHAIN; i++) {
      if (p === fileEnd) return i > 0;
      if (p + 16 > b.length) return false;
      const sec = u32(p);
      const capLen = u32(p + 8);
      const wireLen = u32(p + 12);
      if (u32(p + 4) >= fracMax || capLen > maxCap || capLen > wireLen || wireLen > MAX_RECORD_BYTES) return false;
      if (prevSec >= 0 && Math.abs(sec - prevSec) > 3600) return false;
      prevSec = sec;
      p += 16 + capLen;
    }
    return true;
  };
}

function pcapngChain(little: boolean): Chain {
  return (b, at, fileEnd) => {
    const u32 = (o: number): number => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
    let p = at;
    for (let i = 0; i < CHAIN; i++) {
      if (p === fileEnd) return i > 0;
      if (p + 12 > b.length) return false;
      const type = u32(p);
      const len = u32(p + 4);
      // Packet and statistics blocks only: a section header or interface inside a chain is no place to split.
      if (!(type === EPB || type === SPB || type === OBSOLETE_PB || type === 5) || len < 12 || len % 4 !== 0 || len > MAX_RECORD_BYTES) return false;
      if (p + len > b.length || u32(p + len - 4) !== len) return false;
      p += len;
    }
    return true;
  };
}

/** The first offset in the window (read from file offset `from`) where a chain of records starts. */
function findBoundary(win: Buffer, from: number, fileSize: number, layout: Layout): number | undefined {
  const fileEnd = fileSize - from;
  const skip = (layout.align - (from % layout.align)) % layout.align;
  for (let i = skip; i + 12 <= win.length; i += layout.align) if (layout.chain(win, i, fileEnd)) return from + i;
  return undefined;
}

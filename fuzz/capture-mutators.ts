// Mutations that parse the capture and aim at its fields: record and block lengths at their
// boundaries, header snap length and link type, block types and places, interface ids, options,
// if_tsresol/if_tsoffset and timestamp extremes. Each returns undefined when the file has no such field.

import { BLOCK, PCAPNG_SHB, type CaptureLayout, type PcapLayout, type PcapngBlock, type PcapngLayout } from './capture-layout.js';
import { addOption, put16, put32 } from './capture-edit.js';
import type { Prng } from './prng.js';

export type CaptureMutator = (b: Buffer, layout: CaptureLayout, rng: Prng) => Buffer | undefined;

/** Record and block length values at the edges the readers check. */
const lengthEdges = (snapLen: number, own: number): number[] => [0, 1, snapLen - 1, snapLen, snapLen + 1, 0xffff, 0x40000, 0x7fffffff, 0xffffffff, own - 1, own + 1];
const HEADER_EDGES = [0, 1, 101, 113, 276, 0xffff, 0xffffffff];
const TS_EDGES = [0, 1, 999_999, 1_000_000, 999_999_999, 1_000_000_000, 0x7fffffff, 0x80000000, 0xffffffff];
/** if_tsresol values: 10^0, 10^9, 10^15 (the highest allowed), 10^16, 10^127, 2^0, 2^1, 2^53, 2^54, 2^127. */
const TSRESOL_EDGES = [0, 9, 15, 16, 0x7f, 0x80, 0x81, 0xb5, 0xb6, 0xff];
const TSOFFSET_EDGES = [0n, 1n, -1n, 2n ** 31n, 2n ** 53n, 2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), -(2n ** 40n)];
const KNOWN_BLOCKS = [PCAPNG_SHB, BLOCK.IDB, BLOCK.OBSOLETE_PB, BLOCK.SPB, BLOCK.NRB, BLOCK.ISB, BLOCK.EPB, BLOCK.DSB, BLOCK.CUSTOM, 0x40000bad];
/** Option codes of every block (end, comment, custom) and of IDB, EPB and ISB, each tried in the others. */
const OPTION_CODES = [0, 1, 2, 3, 4, 5, 7, 9, 12, 14, 0x0bac, 0x0bad, 0x4bad, 0xffff];
/** Interface names a terminal or a report should never show raw. */
const HOSTILE_NAMES = ['\x1b[31mred\x1b[0m', 'eth\u202e0txt', 'a\rb\bc\x07', 'x'.repeat(4000), '\u0000', '<script>alert(1)</script>', '\ud800'];

const pcapOnly = (m: (b: Buffer, l: PcapLayout, rng: Prng) => Buffer | undefined): CaptureMutator => (b, l, rng) => (l.format === 'pcap' ? m(b, l, rng) : undefined);
const pcapngOnly = (m: (b: Buffer, l: PcapngLayout, rng: Prng) => Buffer | undefined): CaptureMutator => (b, l, rng) => (l.format === 'pcapng' ? m(b, l, rng) : undefined);

function pickBlock(l: PcapngLayout, rng: Prng, types?: number[]): PcapngBlock | undefined {
  const blocks = types === undefined ? l.blocks : l.blocks.filter((x) => types.includes(x.type));
  return blocks.length === 0 ? undefined : rng.pick(blocks);
}

/** Both 32-bit fields of a record header or an EPB (captured and original length) may be set. */
const pcapRecordLength = pcapOnly((b, l, rng) => {
  if (l.records.length === 0) return undefined;
  const r = rng.pick(l.records);
  const out = Buffer.from(b);
  const v = rng.pick(lengthEdges(l.snapLen, r.capLen));
  const field = rng.below(3);
  if (field !== 1) put32(out, r.off + 8, v, l.le);
  if (field !== 0) put32(out, r.off + 12, rng.chance(0.5) ? v : rng.pick(lengthEdges(l.snapLen, r.capLen)), l.le);
  return out;
});

const pcapHeaderField = pcapOnly((b, l, rng) => {
  const out = Buffer.from(b);
  put32(out, rng.chance(0.5) ? 16 : 20, rng.pick([...HEADER_EDGES, l.snapLen - 1, l.snapLen + 1]), l.le);
  return out;
});

const pcapTimestamp = pcapOnly((b, l, rng) => {
  if (l.records.length === 0) return undefined;
  const out = Buffer.from(b);
  put32(out, rng.pick(l.records).off + rng.pick([0, 4]), rng.pick(TS_EDGES), l.le);
  return out;
});

/** Microseconds read as nanoseconds and the other way round, or every field in the other byte order. */
const pcapMagic = pcapOnly((b, l, rng) => {
  const out = Buffer.from(b);
  const magic = rng.pick([0xa1b2c3d4, 0xa1b23c4d]);
  put32(out, 0, magic, rng.chance(0.5) ? l.le : !l.le);
  return out;
});

const blockType = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng);
  if (blk === undefined) return undefined;
  const out = Buffer.from(b);
  put32(out, blk.off, rng.chance(0.6) ? rng.pick(KNOWN_BLOCKS) : rng.u32(), blk.le);
  return out;
});

/** A block copied or moved elsewhere: packets before their interface, a second section header midway, statistics first. */
const blockPlace = pcapngOnly((b, l, rng) => {
  if (l.blocks.length < 2) return undefined;
  const blk = rng.pick(l.blocks);
  const dest = rng.pick(l.blocks);
  const piece = b.subarray(blk.off, blk.off + blk.length);
  if (rng.chance(0.5)) return Buffer.concat([b.subarray(0, dest.off), piece, b.subarray(dest.off)]);
  const without = Buffer.concat([b.subarray(0, blk.off), b.subarray(blk.off + blk.length)]);
  const at = dest.off > blk.off ? dest.off - blk.length : dest.off;
  return Buffer.concat([without.subarray(0, at), piece, without.subarray(at)]);
});

const blockLength = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng);
  if (blk === undefined) return undefined;
  const out = Buffer.from(b);
  const v = rng.pick([0, 4, 8, 12, 16, 20, 28, 32, blk.length - 4, blk.length + 4, blk.length + rng.between(1, 3), 0x1000000, 0x1000004, 0x7ffffffc, 0xfffffffc, 0xffffffff]);
  const mode = rng.pick(['both', 'leading', 'trailing', 'mismatched'] as const);
  if (mode !== 'trailing') put32(out, blk.off + 4, v, blk.le);
  if (mode === 'both' || mode === 'trailing') put32(out, blk.off + blk.length - 4, v, blk.le);
  if (mode === 'mismatched') put32(out, blk.off + blk.length - 4, blk.length + 4 * rng.between(1, 4), blk.le);
  return out;
});

const interfaceId = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.EPB, BLOCK.ISB, BLOCK.OBSOLETE_PB]);
  if (blk === undefined || blk.length < 16) return undefined;
  const out = Buffer.from(b);
  const v = rng.pick([blk.interfacesBefore, blk.interfacesBefore + 1, 0xffff, 0x80000000, 0xffffffff]);
  if (blk.type === BLOCK.OBSOLETE_PB) put16(out, blk.off + 8, v, blk.le);
  else put32(out, blk.off + 8, v, blk.le);
  return out;
});

/** An option's code or length: known codes in the wrong block, zero, overlong, unaligned. */
const optionField = pcapngOnly((b, l, rng) => {
  const blk = rng.pick([...l.blocks.filter((x) => x.options.length > 0), undefined]);
  if (blk === undefined) return undefined;
  const opt = rng.pick(blk.options);
  const out = Buffer.from(b);
  if (rng.chance(0.5)) put16(out, opt.off, rng.chance(0.8) ? rng.pick(OPTION_CODES) : rng.u32(), blk.le);
  else put16(out, opt.off + 2, rng.pick([0, 1, 2, 3, opt.len - 1, opt.len + 1, opt.len + 4, blk.off + blk.length - opt.off, 0x7fff, 0xffff]), blk.le);
  return out;
});

const tsresol = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.IDB]);
  if (blk === undefined) return undefined;
  const v = rng.pick(TSRESOL_EDGES);
  const have = blk.options.find((o) => o.code === 9 && o.len >= 1);
  if (have === undefined) return addOption(b, blk, 9, Buffer.from([v]));
  const out = Buffer.from(b);
  out[have.off + 4] = v;
  return out;
});

const tsoffset = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.IDB]);
  if (blk === undefined) return undefined;
  const v = Buffer.alloc(8);
  if (blk.le) v.writeBigInt64LE(rng.pick(TSOFFSET_EDGES));
  else v.writeBigInt64BE(rng.pick(TSOFFSET_EDGES));
  return addOption(b, blk, 14, v);
});

const packetTimestamp = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.EPB, BLOCK.OBSOLETE_PB]);
  if (blk === undefined || blk.length < 32) return undefined;
  const out = Buffer.from(b);
  const hi = rng.pick(TS_EDGES);
  put32(out, blk.off + 12, hi, blk.le);
  if (rng.chance(0.5)) put32(out, blk.off + 16, rng.pick(TS_EDGES), blk.le);
  return out;
});

const packetLength = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.EPB, BLOCK.OBSOLETE_PB, BLOCK.SPB]);
  if (blk === undefined || blk.length < 16) return undefined;
  const out = Buffer.from(b);
  const at = blk.type === BLOCK.SPB ? 8 : rng.pick([20, 24]);
  if (blk.off + at + 4 > blk.off + blk.length) return undefined;
  put32(out, blk.off + at, rng.pick(lengthEdges(0x40000, blk.length - 32)), blk.le);
  return out;
});

const interfaceField = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.IDB]);
  if (blk === undefined || blk.length < 20) return undefined;
  const out = Buffer.from(b);
  if (rng.chance(0.5)) put16(out, blk.off + 8, rng.pick(HEADER_EDGES), blk.le);
  else put32(out, blk.off + 12, rng.pick([...HEADER_EDGES, 14, 0x40000]), blk.le);
  return out;
});

const interfaceName = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [BLOCK.IDB]);
  if (blk === undefined) return undefined;
  const name = rng.pick(HOSTILE_NAMES);
  return addOption(b, blk, rng.pick([2, 3]), Buffer.from(name, rng.chance(0.8) ? 'utf8' : 'latin1'));
});

/** The section's byte-order magic in the other order: every field after it reads swapped. */
const byteOrder = pcapngOnly((b, l, rng) => {
  const blk = pickBlock(l, rng, [PCAPNG_SHB]);
  if (blk === undefined) return undefined;
  const out = Buffer.from(b);
  put32(out, blk.off + 8, 0x1a2b3c4d, !blk.le);
  return out;
});

export const CAPTURE_MUTATORS: readonly CaptureMutator[] = [
  pcapRecordLength,
  pcapHeaderField,
  pcapTimestamp,
  pcapMagic,
  blockType,
  blockPlace,
  blockLength,
  interfaceId,
  optionField,
  tsresol,
  tsoffset,
  packetTimestamp,
  packetLength,
  interfaceField,
  interfaceName,
  byteOrder,
];

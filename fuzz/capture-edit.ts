// Rewrites of pieces of a capture whose size changes: a packet's bytes, a block's body, an added
// option. Lengths are kept consistent, so the reader gets past them to what the mutation aims at.

import { BLOCK, pad4, type PacketSpot, type PcapngBlock } from './capture-layout.js';

export function put32(b: Buffer, off: number, v: number, le: boolean): void {
  if (le) b.writeUInt32LE(v >>> 0, off);
  else b.writeUInt32BE(v >>> 0, off);
}

export function put16(b: Buffer, off: number, v: number, le: boolean): void {
  if (le) b.writeUInt16LE(v & 0xffff, off);
  else b.writeUInt16BE(v & 0xffff, off);
}

function splice(b: Buffer, off: number, removed: number, inserted: Buffer): Buffer {
  return Buffer.concat([b.subarray(0, off), inserted, b.subarray(off + removed)]);
}

/** A whole block of `type` around `body` (padded to 4), both total lengths set. */
function makeBlock(type: number, body: Buffer, le: boolean): Buffer {
  const length = 12 + pad4(body.length);
  const out = Buffer.alloc(length);
  put32(out, 0, type, le);
  put32(out, 4, length, le);
  body.copy(out, 8);
  put32(out, length - 4, length, le);
  return out;
}

/** The file with `blk` replaced by a block of the same type around `body`. */
function replaceBlockBody(b: Buffer, blk: PcapngBlock, body: Buffer): Buffer {
  return splice(b, blk.off, blk.length, makeBlock(blk.type, body, blk.le));
}

/** One option: code, length, value padded to 4. */
function makeOption(code: number, value: Buffer, le: boolean): Buffer {
  const out = Buffer.alloc(4 + pad4(value.length));
  put16(out, 0, code, le);
  put16(out, 2, value.length, le);
  value.copy(out, 4);
  return out;
}

/** The file with an option added to `blk` in front of its other options (so end-of-options cannot hide it). */
export function addOption(b: Buffer, blk: PcapngBlock, code: number, value: Buffer): Buffer {
  const first = blk.options[0]?.off ?? blk.off + blk.length - 4;
  const body = Buffer.concat([b.subarray(blk.off + 8, first), makeOption(code, value, blk.le), b.subarray(first, blk.off + blk.length - 4)]);
  return replaceBlockBody(b, blk, body);
}

/** The file with a packet's bytes replaced by `data`, captured and wire lengths both set to its size. */
export function replacePacket(b: Buffer, spot: PacketSpot, data: Buffer): Buffer {
  const c = spot.container;
  if (!('type' in c)) {
    // A pcap record: its 16-byte header, then the data.
    const le = b.readUInt32LE(0) === 0xa1b2c3d4 || b.readUInt32LE(0) === 0xa1b23c4d;
    const head = Buffer.from(b.subarray(c.off, c.off + 16));
    put32(head, 8, data.length, le);
    put32(head, 12, data.length, le);
    return splice(b, c.off, 16 + c.capLen, Buffer.concat([head, data]));
  }
  if (c.type === BLOCK.SPB) {
    const wire = Buffer.alloc(4);
    put32(wire, 0, data.length, c.le);
    return replaceBlockBody(b, c, Buffer.concat([wire, data]));
  }
  const fixed = Buffer.from(b.subarray(c.off + 8, c.off + 28));
  put32(fixed, 12, data.length, c.le);
  put32(fixed, 16, data.length, c.le);
  const options = b.subarray(spot.dataOff + pad4(spot.capLen), c.off + c.length - 4);
  return replaceBlockBody(b, c, Buffer.concat([fixed, data, Buffer.alloc(pad4(data.length) - data.length), options]));
}

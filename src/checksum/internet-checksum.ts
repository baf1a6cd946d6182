// RFC 1071 Internet checksum: the 16-bit one's complement of the one's complement sum.
// Partial sums add as plain numbers and fold at the end, which is what makes the
// pseudo-header (RFC 793 §3.1, RFC 768, RFC 8200 §8.1) cheap to add.

import { inSimdMemory, simdWordSum } from './simd-sum.js';

/**
 * One's complement sum of buf[start, end) as big-endian 16-bit words, an odd tail byte padded
 * with zero, folded to 16 bits (sums of such values stay exact under fold()). Both sums read
 * little-endian words and swap the folded result back, which RFC 1071 §2(B) allows: the sum is
 * byte-order independent.
 */
export function sumWords(buf: Buffer, start: number, end: number): number {
  if (end - start >= SIMD_FROM && inSimdMemory(buf)) return swap16(fold(simdWordSum(buf, start, end)));
  return sumWordsScalar(buf, start, end);
}

/** Regions this long or longer go to the SIMD sum when it can read them: below, its call costs more than it saves. */
const SIMD_FROM = 512;

/** sumWords in plain JavaScript, with 32-bit loads (the fastest V8 has): the reference the SIMD sum is tested against. */
export function sumWordsScalar(buf: Buffer, start: number, end: number): number {
  if (end <= start) return 0;
  const dv = viewOf(buf);
  let acc = 0;
  let acc2 = 0;
  let i = lastOffset + start;
  const stop = lastOffset + end;
  // 16 bytes a turn into two accumulators: a third faster than 4 bytes a turn.
  const last16 = stop - 15;
  for (; i < last16; i += 16) {
    const v0 = dv.getUint32(i, true);
    const v1 = dv.getUint32(i + 4, true);
    const v2 = dv.getUint32(i + 8, true);
    const v3 = dv.getUint32(i + 12, true);
    acc += (v0 & 0xffff) + (v0 >>> 16) + (v1 & 0xffff) + (v1 >>> 16);
    acc2 += (v2 & 0xffff) + (v2 >>> 16) + (v3 & 0xffff) + (v3 >>> 16);
  }
  acc += acc2;
  const last4 = stop - 3;
  for (; i < last4; i += 4) {
    const v = dv.getUint32(i, true);
    acc += (v & 0xffff) + (v >>> 16);
  }
  if (i + 1 < stop) {
    acc += dv.getUint16(i, true);
    i += 2;
  }
  if (i < stop) acc += dv.getUint8(i);
  return swap16(fold(acc));
}

// Frames are views into a few large reader buffers: one DataView per buffer, not per frame. The last
// Buffer is compared first: asking a Buffer for its .buffer and .byteOffset is a call into V8 each time.
let lastBuf: Buffer | undefined;
let lastOffset = 0;
let lastBuffer: ArrayBufferLike | undefined;
let lastView: DataView | undefined;

/** The DataView over buf's whole ArrayBuffer; buf starts at lastOffset in it. */
function viewOf(buf: Buffer): DataView {
  if (buf === lastBuf) return lastView!;
  lastBuf = buf;
  lastOffset = buf.byteOffset;
  const ab = buf.buffer;
  if (ab !== lastBuffer) {
    lastBuffer = ab;
    lastView = new DataView(ab);
  }
  return lastView!;
}

function swap16(v: number): number {
  return ((v & 0xff) << 8) | (v >>> 8);
}

/** Folds any non-negative sum (exact below 2^53) to 16 bits with end-around carry. */
export function fold(sum: number): number {
  let s = sum;
  // Past 32 bits the bit operations below would drop the high bits: divide those down first.
  while (s > 0xffffffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}

/** The checksum to store over a region whose words sum to `sum`. */
export function checksumOf(sum: number): number {
  return ~fold(sum) & 0xffff;
}

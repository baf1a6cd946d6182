// A 64-bit hash of a segment's payload, so that the merge compares two numbers instead of the
// bytes of every sighting: two lanes of four multiply-xorshift chains each (independent chains
// keep the CPU busy, ~3.5 GB/s), every 32-bit word feeding both lanes, so a swap, a compensating
// change or a single flipped bit anywhere changes both halves.

// Frames are views into a few large chunks: one DataView per chunk, not per frame.
let chunk: ArrayBufferLike = new ArrayBuffer(0);
let view: DataView<ArrayBufferLike> = new DataView(chunk);

/** Murmur3's finaliser: every input bit reaches every output bit. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Writes the hash of buf[start, end) as two int32 into out[at], out[at + 1]. */
export function hashPayload(buf: Buffer, start: number, end: number, out: Int32Array, at: number): void {
  if (buf.buffer !== chunk) {
    chunk = buf.buffer;
    view = new DataView(chunk);
  }
  const dv = view;
  let a0 = 0x243f6a88;
  let a1 = 0x85a308d3;
  let a2 = 0x13198a2e;
  let a3 = 0x03707344;
  let b0 = 0x299f31d0;
  let b1 = 0x082efa98;
  let b2 = 0x4c6e8ae9;
  let b3 = 0x38d01377;
  let i = buf.byteOffset + start;
  const stop = buf.byteOffset + end;
  for (const last16 = stop - 15; i < last16; i += 16) {
    const v0 = dv.getInt32(i, true);
    const v1 = dv.getInt32(i + 4, true);
    const v2 = dv.getInt32(i + 8, true);
    const v3 = dv.getInt32(i + 12, true);
    a0 = Math.imul(a0 ^ v0, 0x9e3779b1);
    a0 ^= a0 >>> 15;
    a1 = Math.imul(a1 ^ v1, 0x85ebca77);
    a1 ^= a1 >>> 15;
    a2 = Math.imul(a2 ^ v2, 0xc2b2ae3d);
    a2 ^= a2 >>> 15;
    a3 = Math.imul(a3 ^ v3, 0x27d4eb2f);
    a3 ^= a3 >>> 15;
    b0 = Math.imul(b0 ^ v0, 0x165667b1);
    b0 ^= b0 >>> 13;
    b1 = Math.imul(b1 ^ v1, 0xd3a2646d);
    b1 ^= b1 >>> 13;
    b2 = Math.imul(b2 ^ v2, 0xfd7046c5);
    b2 ^= b2 >>> 13;
    b3 = Math.imul(b3 ^ v3, 0xb55a4f09);
    b3 ^= b3 >>> 13;
  }
  for (; i < stop; i++) {
    const v = dv.getUint8(i);
    a0 = Math.imul(a0 ^ v, 0x9e3779b1);
    a0 ^= a0 >>> 15;
    b0 = Math.imul(b0 ^ v, 0x165667b1);
    b0 ^= b0 >>> 13;
  }
  // Chain by chain, so that words trading places between chains still change the result.
  out[at] = fmix(fmix(fmix(fmix(a0) ^ a1) ^ a2) ^ a3);
  out[at + 1] = fmix(fmix(fmix(fmix(b0) ^ b1) ^ b2) ^ b3);
}

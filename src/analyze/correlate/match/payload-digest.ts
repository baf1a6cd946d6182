// A 64-bit digest of a segment's payload, computed by the decode workers as they read each frame:
// the merge compares two numbers per sighting instead of the payload bytes (docs/design.md, correlate).
//
// Four 32-bit lanes walk the payload 16 bytes at a time (lane i takes bytes 4i..4i+3 of each
// block, little-endian; the last block padded with zeros), each block mixing as
//   a = imul(a ^ word, M[i]); a ^= a >>> 15
// and the lanes fold into two 32-bit halves. Each step is a bijection of the lane for a fixed word
// and of the word for a fixed lane, and each half is a bijection of every lane for the others
// fixed: a change confined to one lane of one block (a flipped bit, any rewrite of 4 aligned bytes,
// two 16-bit words swapped inside one, the blind 0x0707,0x0707 → 0x0708,0x0706 rewrite when aligned)
// changes both halves for certain. Other changes leave the digest equal with a chance about 2^-64
// per comparison, for contents not crafted against these constants: below 10^-7 over 10^12
// comparisons. The length is mixed in, but the merge compares digests of equal lengths only.
//
// The work runs in WebAssembly SIMD (one v128 of four lanes per block) over a copy of the payload
// in the module's memory; `digestReference` is the same function in plain JS, the reference the
// tests hold it to, and the fallback without WebAssembly SIMD (node --jitless).
//
// The module, hand-assembled below from this text (WebAssembly 2.0, fixed-width SIMD):
//
//   (module
//     (memory (export "m") 1)
//     (func (export "digest") (param $at i32) (param $end i32)
//       (local $a v128)
//       (local.set $a (v128.load (i32.const 0)))
//       (block $done
//         (loop $turn
//           (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
//           (local.set $a (v128.xor
//             (local.tee $a (i32x4.mul (v128.xor (local.get $a) (v128.load (local.get $at))) (v128.const i32x4 M0 M1 M2 M3)))
//             (i32x4.shr_u (local.get $a) (i32.const 15))))
//           (local.set $at (i32.add (local.get $at) (i32.const 16)))
//           (br $turn)))
//       (v128.store (i32.const 0) (local.get $a))))
//
// The lanes start at bytes 0..15 (JS writes the seeds there) and end there; the payload is copied
// to byte 16 on, its last block padded with zeros.

const M = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f];
const SEED = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344];

const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];

// prettier-ignore
const BODY = [
  0x01, 0x01, 0x7b,                                           // locals: $a v128
  0x41, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x21, 0x02,             // $a = v128.load 0
  0x02, 0x40, 0x03, 0x40,                                     // block $done, loop $turn
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01,                   //   br_if $done ($at >= $end)
  0x20, 0x02, 0x20, 0x00, 0xfd, 0x00, 0x00, 0x00, 0xfd, 0x51, //   $a ^ v128.load $at
  0xfd, 0x0c, ...M.flatMap(le32), 0xfd, 0xb5, 0x01,           //   i32x4.mul by M
  0x22, 0x02,                                                 //   local.tee $a
  0x20, 0x02, 0x41, 0x0f, 0xfd, 0xad, 0x01, 0xfd, 0x51,       //   ^ ($a >>> 15)
  0x21, 0x02,                                                 //   local.set $a
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00,                   //   $at += 16
  0x0c, 0x00, 0x0b, 0x0b,                                     //   br $turn; end loop; end block
  0x41, 0x00, 0x20, 0x02, 0xfd, 0x0b, 0x00, 0x00,             // v128.store 0 $a
  0x0b,                                                       // end
];

// prettier-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             // \0asm, version 1
  0x01, 0x06, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x00,             // type 0: (i32, i32) -> ()
  0x03, 0x02, 0x01, 0x00,                                     // func 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x01,                               // memory: 1 page to start
  0x07, 0x0e, 0x02, 0x01, 0x6d, 0x02, 0x00,                   // export "m" memory 0,
  0x06, 0x64, 0x69, 0x67, 0x65, 0x73, 0x74, 0x00, 0x00,       //   "digest" func 0
  0x0a, BODY.length + 2, 0x01, BODY.length, ...BODY,          // code: one body (under 128 bytes)
]);

const PAGE = 64 * 1024;

interface Simd {
  memory: WebAssembly.Memory;
  digest: (at: number, end: number) => void;
  bytes: Uint8Array;
  lanes: Int32Array;
}

function instantiate(): Simd | undefined {
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(MODULE)) return undefined;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports as { m: WebAssembly.Memory; digest: (at: number, end: number) => void };
  return { memory: exports.m, digest: exports.digest, bytes: new Uint8Array(exports.m.buffer), lanes: new Int32Array(exports.m.buffer, 0, 4) };
}

const simd = instantiate();

/** Whether payloadDigest runs in WebAssembly SIMD (else in digestReference). */
export const digestInSimd = simd !== undefined;

/** 32 bits of two lanes' worth at once: each lane counts with its own odd weight, so it alone changes the half for certain. */
function fold(a0: number, a1: number, a2: number, a3: number, k1: number, k2: number, k3: number): number {
  let h = (a0 + Math.imul(a1, k1) + Math.imul(a2, k2) + Math.imul(a3, k3)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Writes the two halves of the digest of the four final lanes at out[at], out[at + 1]. */
function finish(a0: number, a1: number, a2: number, a3: number, out: Int32Array, at: number): void {
  out[at] = fold(a0, a1, a2, a3, 0x9e3779b1, 0x85ebca6b, 0xc2b2ae35);
  out[at + 1] = fold(a1, a2, a3, a0, 0x27d4eb2f, 0x165667b1, 0xd3a2646d);
}

/** The digest of bytes[start, end) in plain JS, one byte at a time: the reference. */
export function digestReference(bytes: Uint8Array, start: number, end: number, out: Int32Array, at: number): void {
  const n = end - start;
  const a = SEED.map((s) => s ^ n);
  const byte = (i: number): number => (i < end ? bytes[i]! : 0);
  for (let block = start; block < end; block += 16) {
    for (let lane = 0; lane < 4; lane++) {
      const i = block + lane * 4;
      const word = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
      let x = Math.imul(a[lane]! ^ word, M[lane]!);
      x ^= x >>> 15;
      a[lane] = x;
    }
  }
  finish(a[0]!, a[1]!, a[2]!, a[3]!, out, at);
}

/** The digest of bytes[start, end) at out[at], out[at + 1]: two Int32 columns of a row. */
export function payloadDigest(bytes: Uint8Array, start: number, end: number, out: Int32Array, at: number): void {
  if (simd === undefined) return digestReference(bytes, start, end, out, at);
  const n = Math.max(0, end - start);
  const padded = 16 + ((n + 15) & ~15);
  if (padded > simd.bytes.length) {
    simd.memory.grow(Math.ceil((padded - simd.bytes.length) / PAGE));
    simd.bytes = new Uint8Array(simd.memory.buffer);
    simd.lanes = new Int32Array(simd.memory.buffer, 0, 4);
  }
  const { bytes: mem, lanes } = simd;
  for (let i = 0; i < 4; i++) lanes[i] = SEED[i]! ^ n;
  if (n > 0) mem.set(bytes.subarray(start, end), 16);
  for (let i = 16 + n; i < padded; i++) mem[i] = 0;
  simd.digest(16, padded);
  finish(lanes[0]!, lanes[1]!, lanes[2]!, lanes[3]!, out, at);
}

// A 64-bit digest of a segment's payload, computed by the decode workers as they read each frame:
// the merge compares two numbers per sighting instead of the payload bytes (docs/design.md, correlate).
//
// The payload, padded with zeros to a multiple of 32 bytes, is read in 16-byte blocks: even blocks
// go to four 32-bit lanes a, odd ones to four lanes b (two chains, so one block's multiply need not
// wait for the last's). Lane i takes bytes 4i..4i+3 of each block, little-endian, mixing as
//   a = imul(a ^ word, M[i]); a ^= a >>> 15
// and each pair of lanes folds as a ^ imul(b, K), the four results into two 32-bit halves. Each
// step is a bijection of the lane for a fixed word and of the word for a fixed lane, and so is each
// fold of every lane for the others fixed: a change confined to one lane of one block (a flipped bit, any rewrite of 4 aligned bytes,
// two 16-bit words swapped inside one, the blind 0x0707,0x0707 → 0x0708,0x0706 rewrite when aligned)
// changes both halves for certain. Other changes leave the digest equal with a chance about 2^-64
// per comparison, for contents not crafted against these constants: below 10^-7 over 10^12
// comparisons. The length is mixed in, but the merge compares digests of equal lengths only.
//
// The work runs in WebAssembly SIMD (one v128 for the four lanes of each chain) where the payload lies: the
// worker's chunks are regions of one shared WebAssembly memory (`DigestArena`), which the merge
// maps as it maps any SharedArrayBuffer. `digestReference` is the same function in plain JS, the
// reference the tests hold it to, and the fallback without WebAssembly SIMD (node --jitless).
//
// The module, hand-assembled below from this text (WebAssembly 2.0, fixed-width SIMD, threads):
//
//   (module
//     (import "env" "m" (memory 1 65536 shared))
//     (func (export "digest") (param $at i32) (param $end i32) (param $mask i32)
//       (local $a v128) (local $b v128) (local $m v128)
//       (local.set $a (v128.load (i32.const 0)))
//       (local.set $b (v128.load offset=16 (i32.const 0)))
//       (local.set $m (v128.const i32x4 M0 M1 M2 M3))
//       (block $done
//         (loop $turn
//           (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
//           (local.set $a (v128.xor
//             (local.tee $a (i32x4.mul (v128.xor (local.get $a) (v128.load (local.get $at))) (local.get $m)))
//             (i32x4.shr_u (local.get $a) (i32.const 15))))
//           (local.set $b (v128.xor
//             (local.tee $b (i32x4.mul (v128.xor (local.get $b) (v128.load offset=16 (local.get $at))) (local.get $m)))
//             (i32x4.shr_u (local.get $b) (i32.const 15))))
//           (local.set $at (i32.add (local.get $at) (i32.const 32)))
//           (br $turn)))
//       (block $whole
//         (br_if $whole (i32.eqz (local.get $mask)))
//         the two turns above once more, each block loaded as (v128.and (v128.load $at) (v128.load $mask)))
//       (v128.store (i32.const 0) (local.get $a))
//       (v128.store offset=16 (i32.const 0) (local.get $b)))
//
// Lanes a start at bytes 0..15, b at 16..31 (JS writes the seeds there) and end there. All is read
// in place; the last 1..31 bytes in a pair of blocks masked (32 bytes of 0xff then 32 of 0 at 32..95:
// the mask for r bytes starts at 64 - r), so a region keeps 32 bytes of slack after it.

const M = [0x9e3779b1, 0x85ebca77, 0xc2b2ae3d, 0x27d4eb2f];
const SEED = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0x082efa98, 0xec4e6c89];
/** Lanes b fold into lanes a with this odd weight. */
const K = 0x7feb352d;

const le32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];

/** An unsigned LEB128 of one or two bytes (below 16384). */
const leb = (n: number): number[] => (n < 0x80 ? [n] : [0x80 | (n & 0x7f), n >>> 7]);

/** One chain's turn: lanes in local `l` (3: a, 4: b) mixed with the block at $at + offset (masked: and the mask's). */
// prettier-ignore
const turn = (l: number, offset: number, masked = false): number[] => [
  0x20, l, 0x20, 0x00, 0xfd, 0x00, 0x00, offset,             //   $l, v128.load offset $at
  ...(masked ? [0x20, 0x02, 0xfd, 0x00, 0x00, offset, 0xfd, 0x4e] : []), // & v128.load offset $mask
  0xfd, 0x51,                                                //   ^
  0x20, 0x05, 0xfd, 0xb5, 0x01, 0x22, l,                     //   i32x4.mul by $m, local.tee $l
  0x20, l, 0x41, 0x0f, 0xfd, 0xad, 0x01, 0xfd, 0x51,         //   ^ ($l >>> 15)
  0x21, l,                                                   //   local.set $l
];

// prettier-ignore
const BODY = [
  0x01, 0x03, 0x7b,                                           // locals: $a $b $m v128
  0x41, 0x00, 0xfd, 0x00, 0x00, 0x00, 0x21, 0x03,             // $a = v128.load 0
  0x41, 0x00, 0xfd, 0x00, 0x00, 0x10, 0x21, 0x04,             // $b = v128.load 16
  0xfd, 0x0c, ...M.flatMap(le32), 0x21, 0x05,                 // $m = M
  0x02, 0x40, 0x03, 0x40,                                     // block $done, loop $turn
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01,                   //   br_if $done ($at >= $end)
  ...turn(0x03, 0x00),                                        //   a: the even block
  ...turn(0x04, 0x10),                                        //   b: the odd block
  0x20, 0x00, 0x41, 0x20, 0x6a, 0x21, 0x00,                   //   $at += 32
  0x0c, 0x00, 0x0b, 0x0b,                                     //   br $turn; end loop; end block
  0x02, 0x40, 0x20, 0x02, 0x45, 0x0d, 0x00,                   // block $whole, br_if $whole (!$mask)
  ...turn(0x03, 0x00, true),                                  //   a: the even block, masked
  ...turn(0x04, 0x10, true),                                  //   b: the odd block, masked
  0x0b,                                                       // end block
  0x41, 0x00, 0x20, 0x03, 0xfd, 0x0b, 0x00, 0x00,             // v128.store 0 $a
  0x41, 0x00, 0x20, 0x04, 0xfd, 0x0b, 0x00, 0x10,             // v128.store 16 $b
  0x0b,                                                       // end
];

// prettier-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             // \0asm, version 1
  0x01, 0x07, 0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00,       // type 0: (i32, i32, i32) -> ()
  0x02, 0x0d, 0x01, 0x03, 0x65, 0x6e, 0x76, 0x01, 0x6d,       // import "env" "m":
  0x02, 0x03, 0x01, 0x80, 0x80, 0x04,                         //   memory, shared, 1 to 65536 pages
  0x03, 0x02, 0x01, 0x00,                                     // func 0 has type 0
  0x07, 0x0a, 0x01, 0x06, 0x64, 0x69, 0x67, 0x65, 0x73, 0x74, // export "digest"
  0x00, 0x00,                                                 //   func 0
  0x0a, ...leb(1 + leb(BODY.length).length + BODY.length), 0x01, ...leb(BODY.length), ...BODY, // code: one body
]);

const PAGE = 64 * 1024;
const MAX_PAGES = 65536;
/** Bytes 0..31 hold the lanes, 32..95 the masks; regions start after. */
const MASKS = 32;
const SCRATCH = 96;
/** Bytes readable after a region: the masked last pair of blocks reads up to 31 past the payload. */
const SLACK = 32;

/**
 * One shared WebAssembly memory that hands out regions (the chunks a worker reads into) and
 * digests bytes in place in them. Regions are never given back: the pool reuses them.
 */
export class DigestArena {
  private bytes: Uint8Array;
  private lanes: Int32Array;
  private top = SCRATCH;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly run: (at: number, end: number, mask: number) => void,
  ) {
    this.bytes = new Uint8Array(memory.buffer);
    this.bytes.fill(0xff, MASKS, MASKS + 32);
    this.lanes = new Int32Array(memory.buffer, 0, 8);
  }

  /** An arena, or undefined without WebAssembly SIMD and shared memory (the caller digests with digestReference). */
  static create(): DigestArena | undefined {
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(MODULE)) return undefined;
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: 1, maximum: MAX_PAGES, shared: true });
    } catch (e) {
      // No address space to reserve (a ulimit -v): the plain path does the work.
      if (e instanceof RangeError) return undefined;
      throw e;
    }
    const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE), { env: { m: memory } }).exports as { digest: (at: number, end: number, mask: number) => void };
    return new DigestArena(memory, exports.digest);
  }

  /** A new region of n bytes (16-byte aligned) in the shared memory, growing it as needed; undefined when it cannot grow. */
  alloc(n: number): Buffer | undefined {
    const start = this.top;
    const end = start + n;
    if (end + SLACK > this.bytes.length) {
      try {
        this.memory.grow(Math.ceil((end + SLACK - this.bytes.length) / PAGE));
      } catch (e) {
        if (e instanceof RangeError) return undefined;
        throw e;
      }
      this.bytes = new Uint8Array(this.memory.buffer);
      this.lanes = new Int32Array(this.memory.buffer, 0, 8);
    }
    this.top = (end + 15) & ~15;
    return Buffer.from(this.memory.buffer, start, n);
  }

  /** The digest of the n bytes at `address` of the memory (a region's byteOffset on), at out[at], out[at + 1]. */
  digest(address: number, n: number, out: Int32Array, at: number): void {
    if (n === 0) {
      out[at] = EMPTY[0]!;
      out[at + 1] = EMPTY[1]!;
      return;
    }
    const lanes = this.lanes;
    for (let i = 0; i < 8; i++) lanes[i] = SEED[i]! ^ n;
    const whole = n & ~31;
    this.run(address, address + whole, whole < n ? MASKS + 32 - (n - whole) : 0);
    finish(lanes, out, at);
  }
}

/** 32 bits of the four folded lanes: each counts with its own odd weight, so it alone changes the half for certain. */
function half(c0: number, c1: number, c2: number, c3: number, k1: number, k2: number, k3: number): number {
  let h = (c0 + Math.imul(c1, k1) + Math.imul(c2, k2) + Math.imul(c3, k3)) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Writes the two halves of the digest of the final lanes (a0..a3, b0..b3) at out[at], out[at + 1]. */
function finish(lanes: ArrayLike<number>, out: Int32Array, at: number): void {
  const c0 = lanes[0]! ^ Math.imul(lanes[4]!, K);
  const c1 = lanes[1]! ^ Math.imul(lanes[5]!, K);
  const c2 = lanes[2]! ^ Math.imul(lanes[6]!, K);
  const c3 = lanes[3]! ^ Math.imul(lanes[7]!, K);
  out[at] = half(c0, c1, c2, c3, 0x9e3779b1, 0x85ebca6b, 0xc2b2ae35);
  out[at + 1] = half(c1, c2, c3, c0, 0x27d4eb2f, 0x165667b1, 0xd3a2646d);
}

/** The digest of bytes[start, end) in plain JS, one byte at a time: the reference. */
export function digestReference(bytes: Uint8Array, start: number, end: number, out: Int32Array, at: number): void {
  const n = end - start;
  const lanes = SEED.map((s) => s ^ n);
  const byte = (i: number): number => (i < end ? bytes[i]! : 0);
  for (let block = 0; block < ((n + 31) & ~31) / 16; block++) {
    for (let lane = 0; lane < 4; lane++) {
      const i = start + block * 16 + lane * 4;
      const word = byte(i) | (byte(i + 1) << 8) | (byte(i + 2) << 16) | (byte(i + 3) << 24);
      const l = (block & 1) * 4 + lane;
      let x = Math.imul(lanes[l]! ^ word, M[lane]!);
      x ^= x >>> 15;
      lanes[l] = x;
    }
  }
  finish(lanes, out, at);
}

/** The digest of no bytes (every pure ACK's payload), worked out once. */
const EMPTY = new Int32Array(2);
digestReference(new Uint8Array(0), 0, 0, EMPTY, 0);

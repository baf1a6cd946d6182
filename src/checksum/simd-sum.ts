// The word sum of internet-checksum.ts with WebAssembly SIMD: each turn loads 16 bytes and adds
// their eight little-endian 16-bit words pairwise into four 32-bit lanes. It sums bytes where they
// lie in the module's memory — the reader's chunks, when analyze puts them there — since copying
// a segment into it costs as much as the plain loop saves; elsewhere the plain loop, the
// reference, does the work.
//
// The module, hand-assembled below from this text (WebAssembly 2.0, fixed-width SIMD):
//
//   (module
//     (memory (export "m") 0)
//     (func (export "sum") (param $at i32) (param $end i32) (result f64)
//       (local $acc v128)
//       (block $done
//         (loop $turn
//           (br_if $done (i32.ge_u (local.get $at) (local.get $end)))
//           (local.set $acc (i32x4.add (local.get $acc) (i32x4.extadd_pairwise_i16x8_u (v128.load (local.get $at)))))
//           (local.set $at (i32.add (local.get $at) (i32.const 16)))
//           (br $turn)))
//       (f64.convert_i64_u (i64.add (i64.add (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $acc)))
//                                             (i64.extend_i32_u (i32x4.extract_lane 1 (local.get $acc))))
//                                    (i64.add (i64.extend_i32_u (i32x4.extract_lane 2 (local.get $acc)))
//                                             (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $acc))))))))
//
// `end - at` is a multiple of 16. A lane gains at most 2 × 0xffff a turn, so a call may sum 32768
// turns (512 KiB) before a lane could wrap; CHUNK keeps each call to half that.

// prettier-ignore
const BODY = [
  0x01, 0x01, 0x7b,                                           // locals: $acc v128
  0x02, 0x40, 0x03, 0x40,                                     // block $done, loop $turn
  0x20, 0x00, 0x20, 0x01, 0x4f, 0x0d, 0x01,                   //   br_if $done ($at >= $end)
  0x20, 0x02, 0x20, 0x00, 0xfd, 0x00, 0x00, 0x00,             //   $acc, v128.load $at
  0xfd, 0x7f, 0xfd, 0xae, 0x01, 0x21, 0x02,                   //   extadd_pairwise_i16x8_u, i32x4.add, set $acc
  0x20, 0x00, 0x41, 0x10, 0x6a, 0x21, 0x00,                   //   $at += 16
  0x0c, 0x00, 0x0b, 0x0b,                                     //   br $turn; end loop; end block
  0x20, 0x02, 0xfd, 0x1b, 0x00, 0xad,                         // lane 0 as i64
  0x20, 0x02, 0xfd, 0x1b, 0x01, 0xad, 0x7c,                   // + lane 1
  0x20, 0x02, 0xfd, 0x1b, 0x02, 0xad, 0x7c,                   // + lane 2
  0x20, 0x02, 0xfd, 0x1b, 0x03, 0xad, 0x7c,                   // + lane 3
  0xba, 0x0b,                                                 // f64.convert_i64_u; end
];

function leb128(n: number): number[] {
  const out: number[] = [];
  for (let v = n; ; v >>>= 7) {
    if (v < 0x80) return [...out, v];
    out.push(0x80 | (v & 0x7f));
  }
}

// prettier-ignore
const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,             // \0asm, version 1
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7c,       // type 0: (i32, i32) -> f64
  0x03, 0x02, 0x01, 0x00,                                     // func 0 has type 0
  0x05, 0x03, 0x01, 0x00, 0x00,                               // memory: 0 pages to start
  0x07, 0x0b, 0x02, 0x01, 0x6d, 0x02, 0x00, 0x03, 0x73, 0x75, 0x6d, 0x00, 0x00, // export "m" memory 0, "sum" func 0
  0x0a, ...leb128(BODY.length + leb128(BODY.length).length + 1), 0x01, ...leb128(BODY.length), ...BODY,
]);

/** Bytes summed per call: 256 KiB, a multiple of 16. */
const CHUNK = 256 * 1024;
const PAGE = 64 * 1024;

interface SimdSum {
  memory: WebAssembly.Memory;
  sum: (at: number, end: number) => number;
  /** The buffers handed out so far, all in `memory`. */
  buffers: Buffer[];
}

function instantiate(): SimdSum | undefined {
  // Without WebAssembly (node --jitless) or its SIMD, the plain loop does all the work.
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(MODULE)) return undefined;
  const exports = new WebAssembly.Instance(new WebAssembly.Module(MODULE)).exports as { m: WebAssembly.Memory; sum: (at: number, end: number) => number };
  return { memory: exports.m, sum: exports.sum, buffers: [] };
}

const simd = instantiate();

/**
 * `count` buffers of `bytes` in the module's memory, where simdWordSum reads them; undefined
 * without SIMD. Later calls get the same buffers while they are large enough; a larger demand
 * grows the memory, which makes the buffers handed out before unusable: callers ask again for
 * each file, once they are done with the previous one.
 */
export function simdBuffers(count: number, bytes: number): Buffer[] | undefined {
  if (simd === undefined) return undefined;
  const have = simd.buffers;
  if (have.length >= count && have[0]!.length >= bytes) return have.slice(0, count);
  const size = Math.ceil(bytes / 16) * 16;
  const needed = Math.ceil((count * size) / PAGE) - simd.memory.buffer.byteLength / PAGE;
  if (needed > 0) simd.memory.grow(needed);
  simd.buffers = Array.from({ length: count }, (_, i) => Buffer.from(simd.memory.buffer, i * size, size));
  return simd.buffers.slice();
}

/** Whether simdWordSum can sum regions of buf: it lies in the module's memory. */
export function inSimdMemory(buf: Buffer): boolean {
  return simd !== undefined && buf.buffer === simd.memory.buffer;
}

/**
 * Unfolded sum of buf[start, end) as little-endian 16-bit words (an odd tail byte padded with
 * zero), exact below 2^53: what the plain loop of internet-checksum.ts adds up before it folds.
 * buf lies in the module's memory (inSimdMemory).
 */
export function simdWordSum(buf: Buffer, start: number, end: number): number {
  const sum = simd!.sum;
  const at = buf.byteOffset + start;
  const whole = at + ((end - start) & ~15);
  let total = 0;
  for (let s = at; s < whole; s += CHUNK) total += sum(s, Math.min(whole, s + CHUNK));
  // The last 0 to 15 bytes, which no 16-byte load may read past.
  let i = start + (whole - at);
  for (; i + 1 < end; i += 2) total += buf[i]! | (buf[i + 1]! << 8);
  if (i < end) total += buf[i]!;
  return total;
}

let leased = false;

/**
 * A chunkBuffer for one capture reader that puts its chunks where the SIMD sum reads them: two
 * buffers in turn, as the reader alternates its own. Undefined without SIMD, or while another
 * reader holds them (two readers at once would overwrite each other's chunks); `release` when done.
 */
export function leaseSimdChunks(): { chunkBuffer: (bytes: number) => Buffer; release: () => void } | undefined {
  if (simd === undefined || leased) return undefined;
  leased = true;
  let turn = 0;
  return { chunkBuffer: (bytes) => simdBuffers(2, bytes)![turn++ & 1]!, release: () => (leased = false) };
}

// The payload digest: the WebAssembly SIMD routine, in place in its shared memory, gives the plain
// JS reference's digest for any length and alignment, whatever bytes follow the payload; and every alteration correlate's tests and the lab's injectors make
// changes it, wherever in the payload it falls.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { DigestArena, digestReference } from '../../../../src/analyze/correlate/transport/payload-digest.js';

/** Deterministic bytes: a SHA-256 chain. */
function bytesOf(n: number, seed: string): Buffer {
  const out = Buffer.alloc(n + 32);
  let h = createHash('sha256').update(seed).digest();
  for (let i = 0; i < n; i += 32) {
    h.copy(out, i);
    h = createHash('sha256').update(h).digest();
  }
  return out.subarray(0, n);
}

const arena = DigestArena.create()!;
/** A region of the arena, grown as needed: bytes are digested where they lie in it. */
let region = arena.alloc(1 << 17)!;

/** The SIMD digest of b[start, end), copied into the arena at `start` (its alignment kept), noise after it. */
function simdDigest(b: Uint8Array, start: number, end: number, out: Int32Array): void {
  if (region.length < end + 32) region = arena.alloc(end + 32)!;
  region.set(b.subarray(0, end));
  region.fill(0xa5, end, end + 32);
  arena.digest(region.byteOffset + start, end - start, out, 0);
}

const digestOf = (b: Uint8Array, start = 0, end = b.length): [number, number] => {
  const out = new Int32Array(2);
  simdDigest(b, start, end, out);
  return [out[0]!, out[1]!];
};

/** The payload of correlate's test transfer and of the lab's frames over 1000 bytes. */
const PAYLOAD = 1398;

/** Each alteration applied at every offset it fits: every result must have another digest than the original. */
function assertEveryChangeSeen(original: Buffer, alter: (b: Buffer, at: number) => void, offsets: Iterable<number>, bothHalves: boolean): number {
  const [lo, hi] = digestOf(original);
  let checked = 0;
  for (const at of offsets) {
    const b = Buffer.from(original);
    alter(b, at);
    if (b.equals(original)) continue;
    const [l, h] = digestOf(b);
    if (bothHalves) assert.ok(l !== lo && h !== hi, `offset ${at}: both halves change`);
    else assert.ok(l !== lo || h !== hi, `offset ${at}: digest changes`);
    checked++;
  }
  return checked;
}

const range = (from: number, to: number, step = 1): number[] => Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => from + i * step);

describe('payload digest', () => {
  it('runs in WebAssembly SIMD on this Node', () => {
    assert.ok(arena instanceof DigestArena);
  });

  it('equals the JS reference for every length 0..300 and longer ones, at every alignment', () => {
    const data = bytesOf(70_000, 'lengths');
    const mine = new Int32Array(2);
    const ref = new Int32Array(2);
    const cases: [number, number][] = [];
    for (let n = 0; n <= 300; n++) cases.push([n % 16, n % 16 + n]);
    for (const n of [1398, 1448, 8948, 65_535]) for (const a of [0, 1, 7, 15]) cases.push([a, a + n]);
    for (const [start, end] of cases) {
      simdDigest(data, start, end, mine);
      digestReference(data, start, end, ref, 0);
      assert.deepEqual([...mine], [...ref], `bytes ${start}..${end}`);
    }
  });

  it('reads a region to its last byte in place, the newest region at the end of the memory too', () => {
    const own = DigestArena.create()!;
    const mine = new Int32Array(2);
    const ref = new Int32Array(2);
    for (const n of [1, 31, 33, 1398, 65_535 + 16]) {
      const last = own.alloc(n)!;
      last.set(bytesOf(n, `end ${n}`));
      own.digest(last.byteOffset, n, mine, 0);
      digestReference(last, 0, n, ref, 0);
      assert.deepEqual([...mine], [...ref], `${n} bytes`);
    }
  });

  it('depends on the bytes in range only, and differs between lengths of the same bytes', () => {
    const data = bytesOf(200, 'range');
    const other = Buffer.from(data);
    other[9] ^= 0xff;
    other[100] ^= 0xff;
    assert.deepEqual(digestOf(data, 10, 100), digestOf(other, 10, 100));
    const zeros = Buffer.alloc(64);
    const seen = new Set(range(0, 65).map((n) => digestOf(zeros, 0, n).join()));
    assert.equal(seen.size, 65, 'zero payloads of lengths 0..64 all differ (the padding does not hide the length)');
  });

  it('changes with every flipped bit and every 2-byte rewrite (0xdead, as the corrupt injector), in both halves', () => {
    const p = bytesOf(PAYLOAD, 'flip');
    assert.equal(assertEveryChangeSeen(p, (b, bit) => void (b[bit >> 3]! ^= 1 << (bit & 7)), range(0, PAYLOAD * 8), true), PAYLOAD * 8);
    // A 2-byte rewrite at an even offset stays in one 32-bit lane: certain, both halves.
    assert.ok(assertEveryChangeSeen(p, (b, at) => b.writeUInt16BE(0xdead, at), range(0, PAYLOAD - 1, 2), true) > 690);
    assert.ok(assertEveryChangeSeen(p, (b, at) => b.writeUInt16BE(0xdead, at), range(1, PAYLOAD - 1, 2), false) > 690);
  });

  it('changes with the blind rewrite 0x0707,0x0707 → 0x0708,0x0706 at every offset of a 0x07 stream', () => {
    const sevens = Buffer.alloc(PAYLOAD, 0x07);
    const blind = (b: Buffer, at: number): void => {
      b.writeUInt16BE(0x0708, at);
      b.writeUInt16BE(0x0706, at + 2);
    };
    assert.equal(assertEveryChangeSeen(sevens, blind, range(0, PAYLOAD - 3), false), PAYLOAD - 3);
    // The lab injector's place: UDP byte 500 is TCP payload byte 418 (see src/lab/injectors.ts).
    assert.equal(assertEveryChangeSeen(sevens, blind, [418], true), 1);
  });

  it('changes with two 16-bit words swapped, next to each other or apart, and with a block zeroed', () => {
    const p = bytesOf(PAYLOAD, 'swap');
    const swap = (gap: number) => (b: Buffer, at: number): void => {
      const w = b.readUInt16BE(at);
      b.writeUInt16BE(b.readUInt16BE(at + gap), at);
      b.writeUInt16BE(w, at + gap);
    };
    for (const gap of [2, 4, 16, 40, 64, 1000]) assert.ok(assertEveryChangeSeen(p, swap(gap), range(0, PAYLOAD - gap - 1), false) > PAYLOAD - gap - 10, `gap ${gap}`);
    assert.equal(assertEveryChangeSeen(p, (b, at) => void b.fill(0, at, at + 32), range(0, PAYLOAD - 32), false), PAYLOAD - 32);
  });
});

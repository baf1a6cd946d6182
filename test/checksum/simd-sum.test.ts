// The SIMD word sum against the plain-JS one (the reference) and against RFC 1071 done byte by
// byte, on random bytes at every alignment and odd length, in the memory the SIMD sum reads in place.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fold, sumWords } from '../../src/checksum/index.js';
import { sumWordsScalar } from '../../src/checksum/internet-checksum.js';
import { inSimdMemory, leaseSimdChunks, simdBuffers, simdWordSum } from '../../src/checksum/simd-sum.js';
import { Prng } from '../../fuzz/prng.js';

/** RFC 1071 the slow obvious way: big-endian words, odd byte padded with zero, end-around carry. */
function byteSum(b: Buffer, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i += 2) {
    s += (b[i]! << 8) | (i + 1 < end ? b[i + 1]! : 0);
    s = (s & 0xffff) + (s >>> 16);
  }
  return s;
}

/** simdWordSum's little-endian unfolded sum, folded and swapped as sumWords returns it. */
const simdFolded = (b: Buffer, start: number, end: number): number => {
  const v = fold(simdWordSum(b, start, end));
  return ((v & 0xff) << 8) | (v >>> 8);
};

describe('SIMD word sum', () => {
  const buffers = simdBuffers(2, 600_000);

  it('is there in this Node (WebAssembly SIMD), and its buffers are where it reads', () => {
    assert.ok(buffers !== undefined);
    assert.ok(buffers.every(inSimdMemory));
    assert.equal(inSimdMemory(Buffer.alloc(64)), false);
  });

  it('sums as the plain loop and RFC 1071 byte by byte, at every offset and length', () => {
    const b = buffers![1]!;
    const rng = new Prng(1071);
    for (let i = 0; i < b.length; i += 4) b.writeUInt32LE(rng.u32(), i);
    // Runs of 0xff words make the lanes and the fold carry most.
    b.fill(0xff, 1000, 70_000);
    const cases: [number, number][] = [];
    for (let len = 0; len <= 80; len++) for (let start = 0; start < 17; start++) cases.push([start, start + len]);
    for (let i = 0; i < 300; i++) {
      const start = rng.u32() % 4096;
      cases.push([start, start + (rng.u32() % 9000)]);
    }
    // Longer than one call of the module (256 KiB), and mostly 0xff.
    cases.push([3, 555_557], [1000, 69_999], [0, b.length]);
    for (const [start, end] of cases) {
      const want = byteSum(b, start, end);
      assert.equal(sumWordsScalar(b, start, end), want, `plain ${start}..${end}`);
      assert.equal(simdFolded(b, start, end), want, `simd ${start}..${end}`);
      assert.equal(sumWords(b, start, end), want, `sumWords ${start}..${end}`);
      assert.equal(sumWords(Buffer.from(b.subarray(start, end)), 0, end - start), want, `copied ${start}..${end}`);
    }
  });

  it('lends the capture reader two buffers in turn, to one reader at a time', () => {
    const lease = leaseSimdChunks()!;
    assert.equal(leaseSimdChunks(), undefined);
    const [a, b, c] = [lease.chunkBuffer(1000), lease.chunkBuffer(1000), lease.chunkBuffer(1000)];
    assert.notEqual(a, b);
    assert.equal(a, c);
    assert.ok(a.length >= 1000 && inSimdMemory(a));
    lease.release();
    const again = leaseSimdChunks();
    assert.ok(again !== undefined);
    again.release();
  });
});

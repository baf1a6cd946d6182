// The decode worker's chunk pool: chunks are regions of one shared memory, each view found in its
// chunk at its offset there, payloads digested in place as the JS reference digests them, and
// released chunks given out again.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { ChunkPool } from '../../../../src/analyze/correlate/transport/chunk-pool.js';
import { DigestArena, digestReference } from '../../../../src/analyze/correlate/transport/payload-digest.js';

describe('ChunkPool', () => {
  it('finds each view in its chunk and digests it where it lies, as the reference does', () => {
    const pool = new ChunkPool();
    const taken = [pool.take(4096), pool.take(10_000), pool.take(333)];
    const fresh = pool.takeNew();
    assert.deepEqual(fresh.map(([c, , , length]) => [c, length]), [[0, 4096], [1, 10_000], [2, 333]]);
    for (const { chunk, buffer } of taken) {
      createHash('sha512').update(`chunk ${chunk}`).digest().copy(buffer, 0);
      for (let i = 64; i < buffer.length; i++) buffer[i] = (i * 7 + chunk) & 0xff;
      const [, memory, offset, length] = fresh[chunk]!;
      assert.ok(Buffer.from(memory, offset, length).equals(buffer), 'the merge maps the same bytes');
      for (const [from, n] of [[0, buffer.length], [17, 100], [buffer.length - 5, 5], [3, 0]] as const) {
        const view = buffer.subarray(from, from + n + 1);
        assert.equal(pool.chunkOf(view), chunk);
        assert.equal(view.byteOffset - pool.startOf(chunk), from);
        const mine = new Int32Array(2);
        const ref = new Int32Array(2);
        pool.digest(chunk, from, n, mine, 0);
        digestReference(buffer, from, from + n, ref, 0);
        assert.deepEqual([...mine], [...ref], `chunk ${chunk}, ${n} bytes at ${from}`);
      }
    }
    assert.equal(pool.chunkOf(Buffer.alloc(10)), -1, 'a view outside the pool');
    pool.release(1);
    assert.equal(pool.take(5000).chunk, 1, 'a released chunk large enough is given out again');
    assert.deepEqual(pool.takeNew(), []);
  });

  it('an arena past its 4 GiB gives no region (the pool then makes a chunk of its own)', () => {
    assert.equal(DigestArena.create()!.alloc(2 ** 32), undefined);
  });
});

// The fuzzer's generator: a (seed, stream) pair always gives the same numbers, other pairs others.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Prng } from '../../fuzz/prng.js';

const draw = (rng: Prng, n: number): number[] => Array.from({ length: n }, () => rng.u32());

describe('Prng', () => {
  it('repeats its sequence for the same seed and stream', () => {
    assert.deepEqual(draw(new Prng(7, 3), 100), draw(new Prng(7, 3), 100));
  });

  it('gives another sequence for a neighbouring seed or stream', () => {
    const base = draw(new Prng(7, 3), 20);
    assert.notDeepEqual(draw(new Prng(8, 3), 20), base);
    assert.notDeepEqual(draw(new Prng(7, 4), 20), base);
  });

  it('keeps below() and between() in range and reaches every value', () => {
    const rng = new Prng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const v = rng.below(6);
      assert.ok(Number.isInteger(v) && v >= 0 && v < 6, String(v));
      seen.add(v);
      const w = rng.between(-2, 2);
      assert.ok(w >= -2 && w <= 2, String(w));
    }
    assert.equal(seen.size, 6);
  });
});

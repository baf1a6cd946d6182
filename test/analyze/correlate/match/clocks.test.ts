// Clock offsets learnt from segments seen by two files: a known offset in synthetic matches comes
// back within the jitter, with its sign; no matches, or too few, give no estimate.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Clocks } from '../../../../src/analyze/correlate/match/clocks.js';

/** Transit times between 100 and 300 µs, the same sequence every run. */
function transits(n: number): number[] {
  let x = 12345;
  return Array.from({ length: n }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return 100e-6 + (x % 200_000) * 1e-9;
  });
}

const T0 = 1_800_000_000;
/** Tolerance: the transit's spread, well below the offsets tested. */
const TOLERANCE = 300e-6;

describe('Clocks', () => {
  it('without matches: no estimate, offset 0, not established (the first file is its own reference)', () => {
    const clocks = new Clocks(3);
    for (const r of [1, 2]) {
      assert.equal(clocks.offset(r), 0);
      assert.equal(clocks.samples(r), 0);
      assert.equal(clocks.established(r), false);
    }
    assert.equal(clocks.established(0), true);
    assert.equal(clocks.offset(0), 0);
  });

  it('a file whose clock runs 0.25 s ahead: estimated within the transit time, positive', () => {
    const clocks = new Clocks(2);
    const delays = transits(1000);
    // The segment leaves point 0 (file 0) and reaches point 1 (file 1) a transit later, on a clock 0.25 s ahead.
    delays.forEach((d, k) => clocks.observe(1, T0 + k * 1e-3 + d + 0.25, 0, T0 + k * 1e-3));
    assert.equal(clocks.samples(1), 1000);
    assert.ok(clocks.established(1));
    assert.ok(Math.abs(clocks.offset(1) - 0.25) < TOLERANCE, `offset ${clocks.offset(1)}`);
  });

  it("a file whose clock runs 0.4 s behind, sampled from the first file's side: negative", () => {
    const clocks = new Clocks(2);
    transits(500).forEach((d, k) => clocks.observe(0, T0 + k * 1e-3, 1, T0 + k * 1e-3 + d - 0.4));
    assert.ok(Math.abs(clocks.offset(1) + 0.4) < TOLERANCE, `offset ${clocks.offset(1)}`);
  });

  it('a few matches are not trusted: the offset stays 0 until enough came, then it is right at once', () => {
    const clocks = new Clocks(2);
    let n = 0;
    for (const d of transits(100)) {
      clocks.observe(1, T0 + n * 1e-3 + d + 2, 0, T0 + n * 1e-3);
      n++;
      if (clocks.established(1)) break;
      assert.equal(clocks.offset(1), 0, `after ${n} matches`);
    }
    assert.ok(n > 1 && n < 100, `established after ${n} matches`);
    assert.ok(Math.abs(clocks.offset(1) - 2) < TOLERANCE);
  });

  it('a file matched only against another non-reference file: no sample until that one is established, then chained', () => {
    const clocks = new Clocks(3);
    const delays = transits(200);
    // File 2 is 1 s ahead of file 0; file 1 is 0.25 s ahead of file 0.
    delays.forEach((d, k) => clocks.observe(2, T0 + k * 1e-3 + 1 + d, 1, T0 + k * 1e-3 + 0.25));
    assert.equal(clocks.samples(2), 0, 'file 1 has no offset yet');
    delays.forEach((d, k) => clocks.observe(1, T0 + k * 1e-3 + d + 0.25, 0, T0 + k * 1e-3));
    delays.forEach((d, k) => clocks.observe(2, T0 + k * 1e-3 + 1 + d, 1, T0 + k * 1e-3 + 0.25));
    assert.equal(clocks.samples(2), 200);
    // File 1's estimate carries one transit, the chained one a second: twice the tolerance.
    assert.ok(Math.abs(clocks.offset(2) - 1) < 2 * TOLERANCE, `offset ${clocks.offset(2)}`);
  });
});

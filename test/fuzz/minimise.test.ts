// The minimiser on synthetic predicates: it keeps only what the failure needs, puts back the
// original bytes the failure does not need, removes whole pieces, and stops at its deadline.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimise, rangesReducer } from '../../fuzz/minimise.js';
import { Prng } from '../../fuzz/prng.js';

/** "Fails" when 0xAA comes somewhere before 0xBB. */
const aaThenBb = async (b: Buffer): Promise<boolean> => {
  const a = b.indexOf(0xaa);
  return a >= 0 && b.indexOf(0xbb, a + 1) > a;
};

/** Random bytes with no 0xAA or 0xBB in them. */
function filler(n: number, seed: number): Buffer {
  const b = new Prng(seed).bytes(n);
  for (let i = 0; i < n; i++) if (b[i] === 0xaa || b[i] === 0xbb) b[i] = 0;
  return b;
}

const later = (): number => Date.now() + 30_000;

describe('minimise', () => {
  it('cuts an input down to the two bytes the predicate needs', async () => {
    const input = filler(3000, 1);
    input[700] = 0xaa;
    input[2100] = 0xbb;
    let tests = 0;
    const out = await minimise(input, async (b) => (tests++, aaThenBb(b)), { deadline: later() });
    assert.deepEqual([...out], [0xaa, 0xbb]);
    assert.ok(tests < 3000, `${tests} tests`);
  });

  it('puts back the original bytes the predicate does not need before cutting', async () => {
    const original = filler(512, 2);
    const mutated = Buffer.from(original);
    for (const at of [10, 50, 300, 400, 500]) mutated[at] = 0xaa;
    const seen: Buffer[] = [];
    const needs300 = async (b: Buffer): Promise<boolean> => (seen.push(b), b.length === 512 ? b[300] === 0xaa : b.includes(0xaa));
    const out = await minimise(mutated, needs300, { deadline: later(), original });
    assert.deepEqual([...out], [0xaa]);
    // The first stage alone: the original with only position 300 changed was tried and held.
    const restored = Buffer.from(original);
    restored[300] = 0xaa;
    assert.ok(seen.some((b) => b.equals(restored)));
  });

  it('leaves out whole pieces first', async () => {
    const input = Buffer.concat([Buffer.from('HDR'), Buffer.from('one'), Buffer.from('two'), Buffer.from('xAx'), Buffer.from('end')]);
    const pieces = rangesReducer(() => [[3, 6], [6, 9], [9, 12], [12, 15]]);
    const seen: string[] = [];
    const out = await minimise(input, async (b) => (seen.push(b.toString()), b.includes('A')), { deadline: later(), reducers: [pieces] });
    assert.equal(out.toString(), 'A');
    assert.ok(seen.includes('HDRxAx'), seen.join(','));
  });

  it('returns its input untouched once the deadline has passed', async () => {
    const input = filler(100, 3);
    input[5] = 0xaa;
    input[6] = 0xbb;
    assert.deepEqual(await minimise(input, aaThenBb, { deadline: Date.now() - 1 }), input);
  });

  it('tests candidates in parallel and still takes the first that holds', async () => {
    const input = filler(2000, 4);
    input[100] = 0xaa;
    input[1900] = 0xbb;
    const one = await minimise(input, aaThenBb, { deadline: later(), parallel: 1 });
    const four = await minimise(input, aaThenBb, { deadline: later(), parallel: 4 });
    assert.deepEqual(four, one);
  });
});

// The engines' appended batches, reported on separate pipes in any order, come out in file order:
// checked against every permutation of a few reports, the order they lie in the file.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppendOrder, type Appended } from '../../src/capture/append-order.js';

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

describe('AppendOrder', () => {
  // Four batches of different sizes back to back after a 100-byte header.
  const sizes = [1024, 36, 4096, 512];
  const batches: Appended[] = [];
  for (let at = 100, i = 0; i < sizes.length; at += sizes[i]!, i++) batches.push({ at, bytes: sizes[i]!, packets: i + 1, captured: 0 });

  it('passes batches on in file order whatever order their reports come in', () => {
    for (const arrival of permutations(batches)) {
      const seen: number[] = [];
      const order = new AppendOrder(100, (a) => seen.push(a.at));
      for (const a of arrival) order.add(a);
      assert.deepEqual(seen, batches.map((b) => b.at), `arrival ${arrival.map((a) => a.at).join(',')}`);
      assert.equal(order.pending, 0);
    }
  });

  it('holds a batch that follows a gap', () => {
    const seen: number[] = [];
    const order = new AppendOrder(100, (a) => seen.push(a.at));
    order.add(batches[2]!);
    order.add(batches[3]!);
    assert.deepEqual(seen, []);
    assert.equal(order.pending, 2);
    order.add(batches[0]!);
    assert.deepEqual(seen, [100]);
    assert.equal(order.pending, 2);
  });
});

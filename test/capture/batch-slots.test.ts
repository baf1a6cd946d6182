// The shared slots the parent reads batches into for the analysis worker: the most recently given
// back is taken first, none is handed out twice, and a batch with no slot gets none.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BatchSlots, SLOT_BYTES, slotViews } from '../../src/capture/batch-slots.js';

test('slots are taken last given back first, each once, and none beyond the pool or for a batch larger than a slot', () => {
  const s = new BatchSlots(3);
  const taken = [s.take(10), s.take(SLOT_BYTES), s.take(1)].map((t) => t?.slot);
  assert.deepEqual(taken, [0, 1, 2]);
  assert.equal(s.take(1), undefined, 'every slot taken');
  s.give(1);
  assert.equal(s.take(SLOT_BYTES + 1), undefined, 'larger than a slot');
  assert.equal(s.take(1)?.slot, 1);
});

test('what the parent writes into a slot the worker reads in its own views of the same memory', () => {
  const s = new BatchSlots(2);
  const t = s.take(4)!;
  t.buf.write('cafe', 'hex');
  const worker = slotViews(s.shared);
  assert.equal(worker.length, 2);
  assert.equal(worker[t.slot]!.subarray(0, 2).toString('hex'), 'cafe');
});

// Shedding: a worker that keeps up gets every batch; one that lags past the bound loses whole
// batches, counted, until it catches up.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShedGate } from '../../src/capture/shed-gate.js';

test('batches pass while the queue stays under the bound, are shed past it, and pass again once it drains', () => {
  const g = new ShedGate(100);
  assert.equal(g.admit(60, 6), true);
  assert.equal(g.admit(40, 4), true, 'exactly at the bound');
  assert.equal(g.admit(1, 1), false);
  assert.equal(g.admit(50, 5), false);
  assert.deepEqual([g.queuedBytes, g.shedPackets, g.shedBatches], [100, 6, 2]);
  g.settle(60);
  assert.equal(g.admit(50, 5), true);
  assert.equal(g.admit(20, 2), false);
  g.settle(40);
  g.settle(50);
  assert.deepEqual([g.queuedBytes, g.shedPackets, g.shedBatches], [0, 8, 3]);
});

test('an idle worker takes a batch larger than the bound: nothing is shed while it keeps up', () => {
  const g = new ShedGate(100);
  assert.equal(g.admit(500, 50), true);
  g.settle(500);
  assert.equal(g.admit(500, 50), true);
  assert.equal(g.shedPackets, 0);
});

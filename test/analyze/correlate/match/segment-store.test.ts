// The segment store's ring: it doubles when a segment comes while every slot is taken, keeps every
// in-flight segment's columns and index entry across the move, and never grows while the in-flight
// segments fit.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FlowState } from '../../../../src/analyze/correlate/match/flow.js';
import { ACK, FLOW, IP_ID, KEY, SEQ, SegmentStore, SegmentView } from '../../../../src/analyze/correlate/match/segment-store.js';

const POINTS = 3;
const FLOWS = 5;

/** Writes segment number i's values into a new slot: every column derived from i. */
function pushNumbered(st: SegmentStore, i: number): number {
  const s = st.push(i % FLOWS, 1, i * 1460, i, i & 0xffff);
  st.time[s] = i / 1000;
  for (let p = 0; p < POINTS; p++) {
    st.raw[s * POINTS + p] = i + p / 10;
    st.frame[s * POINTS + p] = i * POINTS + p;
  }
  st.variantAt[s * POINTS + 1] = 0;
  st.chunk[s * POINTS] = i % 7;
  return s;
}

/** Segment numbers from head to tail, read back from the columns; fails where a column disagrees. */
function numbersInOrder(st: SegmentStore): number[] {
  const out: number[] = [];
  for (let pos = st.head; pos < st.tail; pos++) {
    const s = st.slotAt(pos);
    const i = st.key[s * KEY + ACK]!;
    assert.equal(st.key[s * KEY + FLOW], i % FLOWS);
    assert.equal(st.key[s * KEY + SEQ], (i * 1460) | 0);
    assert.equal(st.key[s * KEY + IP_ID], i & 0xffff);
    assert.equal(st.time[s], i / 1000);
    for (let p = 0; p < POINTS; p++) {
      assert.equal(st.raw[s * POINTS + p], i + p / 10);
      assert.equal(st.frame[s * POINTS + p], i * POINTS + p);
    }
    assert.deepEqual([...st.variantAt.subarray(s * POINTS, s * POINTS + POINTS)], [-1, 0, -1]);
    assert.equal(st.chunk[s * POINTS], i % 7);
    out.push(i);
  }
  return out;
}

/** The slot the index finds for segment i, or -1. */
function lookUp(st: SegmentStore, i: number): number {
  for (let s = st.chain(i % FLOWS, 1, i * 1460); s >= 0; s = st.nextOf(s)) if (st.key[s * KEY + ACK] === i && st.key[s * KEY + FLOW] === i % FLOWS) return s;
  return -1;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

describe('SegmentStore growth', () => {
  it('doubles when full, keeping every segment, in order, with its columns and its index entry', () => {
    const st = new SegmentStore(POINTS);
    const capacity = st.capacity;
    // Take a quarter off the front and refill: the ring wraps, so growing has to unwrap it.
    const quarter = capacity / 4;
    for (let i = 0; i < capacity; i++) pushNumbered(st, i);
    for (let k = 0; k < quarter; k++) st.shift();
    for (let i = capacity; i < capacity + quarter; i++) pushNumbered(st, i);
    assert.equal(st.size, capacity);
    assert.equal(st.capacity, capacity, 'full, not grown yet');

    pushNumbered(st, capacity + quarter);
    assert.equal(st.capacity, capacity * 2);
    assert.equal(st.size, capacity + 1);
    assert.deepEqual(numbersInOrder(st), range(quarter, capacity + quarter + 1));
    for (let pos = st.head; pos < st.tail; pos++) {
      const s = st.slotAt(pos);
      assert.equal(lookUp(st, st.key[s * KEY + ACK]!), s);
    }
    // Age still ranks by first sighting after the move.
    assert.ok(st.age(st.slotAt(st.head)) < st.age(st.slotAt(st.tail - 1)));
  });

  it('never grows while the in-flight segments fit, however many pass through', () => {
    const st = new SegmentStore(POINTS);
    const capacity = st.capacity;
    const inFlight = capacity - 1;
    let next = 0;
    for (; next < inFlight; next++) pushNumbered(st, next);
    for (let k = 0; k < capacity * 5; k++, next++) {
      st.shift();
      pushNumbered(st, next);
    }
    assert.equal(st.capacity, capacity);
    assert.deepEqual(numbersInOrder(st), range(next - inFlight, next));
  });

  it('drops a shifted segment from the index, and the view reads the slot it is pointed at', () => {
    const st = new SegmentStore(POINTS);
    for (let i = 0; i < 3; i++) pushNumbered(st, i);
    assert.equal(lookUp(st, 0), st.slotAt(st.head));
    st.shift();
    assert.equal(lookUp(st, 0), -1);
    assert.equal(lookUp(st, 1), st.slotAt(st.head));
    const flows = Array.from({ length: FLOWS }, (_, f) => new FlowState(`flow ${f}`, f));
    const view = new SegmentView(st, flows);
    view.slot = lookUp(st, 2);
    assert.equal(view.flow.id, 'flow 2');
    assert.equal(view.seq, 2 * 1460);
    assert.equal(view.raw(2), 2.2);
    assert.equal(view.frame(1), 2 * POINTS + 1);
  });
});

// The pacer's contract: a file may read on unless it is ahead of a file still reading by more than
// the lead (clock offsets corrected); a waiting file resumes at the `wake` after the slow one caught
// up, not before, and not while the merge's queue still holds it. Driven by promises, never timers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pacer, type ReaderState } from '../../../../src/analyze/correlate/transport/pacer.js';

const LEAD = 0.1;

/** Lets every settled promise's reactions run: one turn of the event loop, no timer. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function readersAt(...times: number[]): ReaderState[] {
  return times.map((time) => ({ time, done: false }));
}

/** Starts waitTurn(r) and reports whether it has settled. */
function waiting(pacer: Pacer, r: number, held: () => boolean = () => false): { settled: () => boolean; done: Promise<void> } {
  let settled = false;
  const done = pacer.waitTurn(r, held).then(() => void (settled = true));
  return { settled: () => settled, done };
}

describe('Pacer', () => {
  it('a file may run ahead of the slowest by the lead, no more', () => {
    const readers = readersAt(10, 10);
    const pacer = new Pacer(readers, [0, 0], LEAD);
    readers[0]!.time = 10 + LEAD / 2;
    assert.equal(pacer.mayRead(0), true);
    readers[0]!.time = 10 + LEAD * 2;
    assert.equal(pacer.mayRead(0), false);
    assert.equal(pacer.mayRead(1), true, 'the slow one always may');
  });

  it("compares on the first file's clock: a file whose clock is ahead by its offset is not ahead", () => {
    const readers = readersAt(10, 15);
    const offsets = [0, 5];
    const pacer = new Pacer(readers, offsets, LEAD);
    assert.equal(pacer.mayRead(1), true);
    offsets[1] = 0;
    assert.equal(pacer.mayRead(1), false, 'the same times without the offset: 5 s ahead');
  });

  it('a file that ended holds nobody back', () => {
    const readers = readersAt(10, 0);
    const pacer = new Pacer(readers, [0, 0], LEAD);
    assert.equal(pacer.mayRead(0), false);
    readers[1]!.done = true;
    assert.equal(pacer.mayRead(0), true);
  });

  it('a file free to read does not wait', async () => {
    const pacer = new Pacer(readersAt(10, 10), [0, 0], LEAD);
    const w = waiting(pacer, 0);
    await settle();
    assert.equal(w.settled(), true);
  });

  it('a file ahead waits until the slow one catches up and the pacer is woken', async () => {
    const readers = readersAt(20, 10);
    const pacer = new Pacer(readers, [0, 0], LEAD);
    const w = waiting(pacer, 0);
    await settle();
    assert.equal(w.settled(), false);
    pacer.wake();
    await settle();
    assert.equal(w.settled(), false, 'woken with nothing changed: waits on');
    readers[1]!.time = 19.95;
    await settle();
    assert.equal(w.settled(), false, 'caught up but not woken: nobody told it');
    pacer.wake();
    await w.done;
    assert.equal(w.settled(), true);
  });

  it("a file the merge's queue holds waits though the pacing allows it, until the queue lets go", async () => {
    let full = true;
    const pacer = new Pacer(readersAt(10, 10), [0, 0], LEAD);
    const w = waiting(pacer, 0, () => full);
    await settle();
    assert.equal(w.settled(), false);
    full = false;
    pacer.wake();
    await w.done;
    assert.equal(w.settled(), true);
  });

  it('one wake lets every waiting file check again', async () => {
    const readers = readersAt(20, 20 + LEAD / 2, 10);
    const pacer = new Pacer(readers, [0, 0, 0], LEAD);
    const a = waiting(pacer, 0);
    const b = waiting(pacer, 1);
    await settle();
    assert.deepEqual([a.settled(), b.settled()], [false, false]);
    readers[2]!.done = true;
    pacer.wake();
    await Promise.all([a.done, b.done]);
  });
});

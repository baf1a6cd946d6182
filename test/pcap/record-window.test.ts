// The record window's read ahead: its failure reaches the reader through have(), never as an
// unhandled rejection, and a window closed with a read ahead pending waits it out quietly.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChunkSource } from '../../src/pcap/chunk-source.js';
import { RecordWindow } from '../../src/pcap/record-window.js';

/** A source serving `first` once, then failing every read with `failure` (at once, or only when closed). */
function failingSource(first: Buffer, failure: Error, onlyWhenClosed: boolean): ChunkSource & { closed: boolean } {
  let served = false;
  let rejectPending: ((e: Error) => void) | undefined;
  const source = {
    path: 'fake',
    gzip: false,
    fileSize: Number.POSITIVE_INFINITY,
    closed: false,
    consumed: () => (served ? first.length : 0),
    readInto(buf: Buffer, at: number): Promise<number> {
      if (!served) {
        served = true;
        return Promise.resolve(first.copy(buf, at));
      }
      if (!onlyWhenClosed) return Promise.reject(failure);
      return new Promise<number>((_, reject) => (rejectPending = reject));
    },
    async close() {
      source.closed = true;
      rejectPending?.(failure);
    },
  };
  return source;
}

/** Runs body and returns the rejections nobody handled meanwhile (checked after a full turn of the event loop). */
async function unhandledDuring(body: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = [];
  const listener = (e: unknown): void => void seen.push(e);
  process.on('unhandledRejection', listener);
  try {
    await body();
    await new Promise((r) => setImmediate(r));
  } finally {
    process.off('unhandledRejection', listener);
  }
  return seen;
}

describe('record window read ahead', () => {
  it('a read ahead failing while the reader is away reaches the next have(), not unhandledRejection', async () => {
    const failure = new Error('disk on fire');
    const win = new RecordWindow(failingSource(Buffer.alloc(8, 1), failure, false));
    let thrown: unknown;
    const unhandled = await unhandledDuring(async () => {
      assert.equal(await win.have(8), true);
      // The read ahead has failed by now; the reader is busy elsewhere for a turn of the loop.
      await new Promise((r) => setImmediate(r));
      thrown = await win.have(16).catch((e: unknown) => e);
    });
    assert.deepEqual(unhandled, []);
    assert.equal(thrown, failure);
  });

  it('closing with a read ahead pending closes the source and swallows what the read does after', async () => {
    const source = failingSource(Buffer.alloc(8, 1), new Error('Premature close'), true);
    const win = new RecordWindow(source);
    const unhandled = await unhandledDuring(async () => {
      assert.equal(await win.have(4), true);
      await win.close();
    });
    assert.deepEqual(unhandled, []);
    assert.equal(source.closed, true);
  });
});

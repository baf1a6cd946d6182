// ReadableFile: a close waits out the read in flight before the descriptor goes, and a worker
// terminated at any moment while it opens, reads and closes files leaves the process running (with
// fs/promises, Node 20 aborted the process when the termination met a FileHandle's close).

import assert from 'node:assert/strict';
import { fstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { ReadableFile } from '../../src/pcap/file-reads.js';
import { scratchDir } from '../support.js';

const dir = scratchDir();
const BYTES = Buffer.alloc(256 * 1024, 7);

describe('ReadableFile', () => {
  it('close waits for the read in flight, then closes the descriptor once', async () => {
    const path = join(dir, 'plain.bin');
    writeFileSync(path, BYTES);
    const f = await ReadableFile.open(path);
    assert.equal((await f.stat()).size, BYTES.length);
    const buf = Buffer.alloc(BYTES.length);
    const read = f.read(buf, 0, buf.length, 0);
    const closed = f.close();
    assert.equal(f.close(), closed);
    assert.equal(await read, BYTES.length);
    assert.deepEqual(buf, BYTES);
    await closed;
    assert.throws(() => fstatSync(f.fd), { code: 'EBADF' });
  });

  it('a worker terminated while it opens, reads and closes files does not take the process down', async () => {
    const path = join(dir, 'loop.bin');
    writeFileSync(path, BYTES);
    const module = new URL('../../src/pcap/file-reads.js', import.meta.url).href;
    // The worker reads the file over and over; it says so after its first round, then is terminated at once.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.module).then(async ({ ReadableFile }) => {
        const buf = Buffer.alloc(64 * 1024);
        for (let n = 0; ; n++) {
          const f = await ReadableFile.open(workerData.path);
          await f.read(buf, 0, buf.length, 0);
          await f.close();
          if (n === 0) parentPort.postMessage('reading');
        }
      });`;
    for (let i = 0; i < 40; i++) {
      const w = new Worker(code, { eval: true, workerData: { module, path } });
      await new Promise((r) => w.once('message', r));
      // A different moment of the worker's loop each time.
      for (let k = i % 8; k > 0; k--) await new Promise((r) => setImmediate(r));
      assert.equal(await w.terminate(), 1);
    }
  });
});

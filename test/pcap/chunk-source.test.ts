// Chunk sources closed under a pending read: the reader stopped asking, so the read finds the end
// (0 bytes) instead of an error nobody is left to handle.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { openChunkSource, readableSource } from '../../src/pcap/chunk-source.js';
import { scratchDir } from '../support.js';

const dir = scratchDir();
const BYTES = Buffer.alloc(64 * 1024, 7);

describe('chunk source closed early', () => {
  it('gzip: a read pending when the source closes ends with 0 bytes, not "Premature close"', async () => {
    const path = join(dir, 'pending.gz');
    writeFileSync(path, gzipSync(BYTES));
    const source = await openChunkSource(path);
    assert.equal(source.gzip, true);
    // Nothing can have been inflated yet: the read is still waiting on the file when close() comes.
    const read = source.readInto(Buffer.alloc(BYTES.length), 0);
    await source.close();
    assert.equal(await read, 0);
    assert.equal(await source.readInto(Buffer.alloc(16), 0), 0);
  });

  it('plain file: the read in flight completes, a read after close finds the end', async () => {
    const path = join(dir, 'plain.bin');
    writeFileSync(path, BYTES);
    const source = await openChunkSource(path);
    const read = source.readInto(Buffer.alloc(BYTES.length), 0);
    await source.close();
    assert.equal(await read, BYTES.length);
    assert.equal(await source.readInto(Buffer.alloc(16), 0), 0);
  });

  it('live stream: a read waiting for data ends when the source closes', async () => {
    const stream = new PassThrough();
    const source = readableSource('live', stream);
    const read = source.readInto(Buffer.alloc(16), 0);
    await source.close();
    assert.equal(await read, 0);
    assert.equal(stream.destroyed, true);
  });
});

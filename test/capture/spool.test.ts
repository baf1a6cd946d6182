// The spool between the engines and a slow reader of stdout: every byte reaches the reader once, in
// file order, however slowly it reads; nothing is left in the temporary directory; a reader that
// goes away fails the finish with its error.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { createReadStream, openSync, readdirSync, writeSync, closeSync, constants } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fdSink, Spool, type Sink } from '../../src/capture/spool.js';
import { scratchDir } from '../support.js';

/** A reader taking each chunk after `delayMs`, keeping what it got. */
function slowReader(delayMs: number): { out: Sink; got: Buffer[] } {
  const got: Buffer[] = [];
  const out: Sink = async (c) => {
    got.push(Buffer.from(c));
    await new Promise((r) => setTimeout(r, delayMs));
  };
  return { out, got };
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('spool', () => {
  it('streams what other writers appended, in order, to a reader slower than the writers, and leaves no file', async () => {
    const dir = scratchDir();
    const { out, got } = slowReader(5);
    const spool = Spool.open({}, out, dir);
    assert.deepEqual(readdirSync(dir), [], 'the file is deleted as soon as it is made');
    // Two "engines" append through the path they are given, as the native engine does (O_APPEND).
    const a = openSync(spool.path, constants.O_WRONLY | constants.O_APPEND);
    const b = openSync(spool.path, constants.O_WRONLY | constants.O_APPEND);
    const sent: Buffer[] = [];
    let end = 0;
    for (let i = 0; i < 40; i++) {
      // 40 batches of up to 300 KB: more than one read chunk (1 MiB) in all, some larger than the reader's pace.
      const batch = randomBytes(1 + ((i * 7919) % 300_000));
      end += writeSync(i % 2 === 0 ? a : b, batch);
      sent.push(batch);
      spool.advance(end);
    }
    assert.ok(spool.behind > 0, 'the reader is behind the writers');
    closeSync(a);
    closeSync(b);
    await spool.finish(end);
    const all = Buffer.concat(sent);
    assert.equal(Buffer.concat(got).length, all.length);
    assert.equal(sha(Buffer.concat(got)), sha(all));
    assert.equal(spool.behind, 0);
  });

  it('sends nothing past what was announced until finish names the end', async () => {
    const dir = scratchDir();
    const { out, got } = slowReader(0);
    const spool = Spool.open({}, out, dir);
    const w = openSync(spool.path, constants.O_WRONLY | constants.O_APPEND);
    writeSync(w, Buffer.from('header'));
    spool.advance(6);
    // A batch being written is in the file but not yet announced.
    writeSync(w, Buffer.from('partial'));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(Buffer.concat(got).toString(), 'header');
    closeSync(w);
    await spool.finish(13);
    assert.equal(Buffer.concat(got).toString(), 'headerpartial');
  });

  it('a reader gone away (EPIPE) is told through onBroken and ends the stream; another failure fails the finish', async () => {
    const broken: string[] = [];
    const spool = Spool.open({ onBroken: (e) => broken.push(e.message) }, () => Promise.reject(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })), scratchDir());
    const w = openSync(spool.path, constants.O_WRONLY | constants.O_APPEND);
    writeSync(w, Buffer.alloc(4096, 1));
    closeSync(w);
    await spool.finish(4096);
    assert.deepEqual(broken, ['write EPIPE']);

    const failing = Spool.open({ onBroken: (e) => broken.push(e.message) }, () => Promise.reject(Object.assign(new Error('write EIO'), { code: 'EIO' })), scratchDir());
    const v = openSync(failing.path, constants.O_WRONLY | constants.O_APPEND);
    writeSync(v, Buffer.alloc(16, 1));
    closeSync(v);
    await assert.rejects(failing.finish(16), /EIO/);
    assert.deepEqual(broken, ['write EPIPE', 'write EIO']);
  });

  it('tells the writers to pause past the limit of bytes waiting, and to go on once under half of it', async () => {
    const { out, got } = slowReader(1);
    const calls: boolean[] = [];
    const spool = Spool.open({ limitBytes: 100_000, onFull: (full) => calls.push(full) }, out, scratchDir());
    const w = openSync(spool.path, constants.O_WRONLY | constants.O_APPEND);
    let end = 0;
    for (let i = 0; i < 3; i++) {
      end += writeSync(w, randomBytes(40_000));
      spool.advance(end);
    }
    // 120,000 bytes waiting: past the limit once, however many more come.
    assert.deepEqual(calls, [true]);
    end += writeSync(w, randomBytes(40_000));
    spool.advance(end);
    assert.deepEqual(calls, [true]);
    closeSync(w);
    await spool.finish(end);
    assert.deepEqual(calls, [true, false]);
    assert.equal(spool.pauses, 1);
    assert.equal(Buffer.concat(got).length, end);
  });

  it('writes to a full non-blocking pipe as its reader makes room, every byte in order', async () => {
    const fifo = join(scratchDir(), 'pipe');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const got: Buffer[] = [];
    const reader = createReadStream(fifo, { highWaterMark: 4096 });
    reader.on('data', (c) => got.push(c as Buffer));
    const ended = new Promise<void>((r) => reader.once('end', () => r()));
    // Read-write so the open does not wait for a reader; non-blocking as Node leaves a stdout pipe.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const data = randomBytes(4 * 1024 * 1024);
    await fdSink(fd)(data);
    closeSync(fd);
    await ended;
    assert.equal(sha(Buffer.concat(got)), sha(data));
  });
});

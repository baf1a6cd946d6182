// A Writable over a file descriptor that gathers writes and hands them to the kernel in one
// blocking write per batch (at 1 MiB or when the event loop turns): the capture child's stdout.
// Blocking is the point: while the parent lags, the child stops draining libpcap's ring and the
// kernel counts what it drops, instead of the child queueing frames without bound.

import { writeSync, writevSync } from 'node:fs';
import { Writable } from 'node:stream';

const BATCH_BYTES = 1024 * 1024;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** writev of the whole batch (no gathering copy), then plain writes for whatever a short write left. */
function writeAll(fd: number, bufs: Buffer[], size: number): void {
  let done = retrying(() => writevSync(fd, bufs));
  if (done === size) return;
  for (const b of bufs) {
    if (done >= b.length) {
      done -= b.length;
      continue;
    }
    for (let at = done; at < b.length; ) at += retrying(() => writeSync(fd, b, at));
    done = 0;
  }
}

function retrying(write: () => number): number {
  for (;;) {
    try {
      return write();
    } catch (e) {
      // A non-blocking descriptor that is full: wait a millisecond rather than spin.
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

export function fdBatcher(fd: number): Writable {
  let batch: Buffer[] = [];
  let size = 0;
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (size === 0) return;
    const bufs = batch;
    const n = size;
    batch = [];
    size = 0;
    writeAll(fd, bufs, n);
  };
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      batch.push(chunk);
      size += chunk.length;
      try {
        if (size >= BATCH_BYTES) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
    final(callback) {
      try {
        flush();
        callback();
      } catch (e) {
        callback(e as Error);
      }
    },
  });
}

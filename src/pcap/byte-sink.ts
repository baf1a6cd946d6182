// Where the capture writers put their bytes: a Writable stream (which may apply backpressure) or
// a file descriptor written synchronously, so live capture can hand either one over.

import { writeSync, writevSync } from 'node:fs';
import type { Writable } from 'node:stream';

export type ByteTarget = Writable | number;

/** Stores a 16-bit field in the byte order the file declared. */
export function put16(b: Buffer, o: number, v: number, bigEndian: boolean): void {
  if (bigEndian) b.writeUInt16BE(v, o);
  else b.writeUInt16LE(v, o);
}

/** Stores a 32-bit field in the byte order the file declared. */
export function put32(b: Buffer, o: number, v: number, bigEndian: boolean): void {
  if (bigEndian) b.writeUInt32BE(v, o);
  else b.writeUInt32LE(v, o);
}

export class ByteSink {
  /** Bytes written so far: the offset the next block lands at. */
  written = 0;

  constructor(private readonly target: ByteTarget) {}

  /** Writes buf; false when a stream asks the caller to wait for `drain` before writing more. */
  write(buf: Buffer): boolean {
    this.written += buf.length;
    if (typeof this.target === 'number') {
      for (let at = 0; at < buf.length; ) at += writeSync(this.target, buf, at);
      return true;
    }
    return this.target.write(buf);
  }

  /** Writes bufs in order: one writev to a descriptor (plain writes finish a short one); false as write() says. */
  writeAll(bufs: readonly Buffer[]): boolean {
    if (typeof this.target !== 'number') {
      let ok = true;
      for (const b of bufs) ok = this.write(b);
      return ok;
    }
    let done = writevSync(this.target, bufs as Buffer[]);
    for (const b of bufs) {
      this.written += b.length;
      if (done >= b.length) done -= b.length;
      else {
        for (let at = done; at < b.length; ) at += writeSync(this.target, b, at);
        done = 0;
      }
    }
    return true;
  }

  /** Ends a stream once everything queued is flushed; a file descriptor stays open (its owner closes it). */
  async end(): Promise<void> {
    const t = this.target;
    if (typeof t === 'number') return;
    await new Promise<void>((resolve, reject) => {
      t.once('error', reject);
      t.end(() => resolve());
    });
  }
}

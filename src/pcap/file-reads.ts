// The capture readers' file calls, through fs's callback API rather than fs/promises: on Node 20 a
// worker terminated while a FileHandle closes aborts the whole process (FileHandle::ClosePromise
// asserts once the isolate is terminating), and analyze's and correlate's workers are terminated on
// their error paths. A callback that would land after termination is simply never called.

import { close, fstat, open, read, type Stats } from 'node:fs';

function openForReading(path: string): Promise<number> {
  return new Promise((resolve, reject) => open(path, 'r', (e, fd) => (e ? reject(e) : resolve(fd))));
}

function statOf(fd: number): Promise<Stats> {
  return new Promise((resolve, reject) => fstat(fd, (e, s) => (e ? reject(e) : resolve(s))));
}

/** Reads up to `length` bytes at file offset `position` into buf from `at`; resolves to how many. */
export function readAt(fd: number, buf: Uint8Array, at: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buf, at, length, position, (e, n) => (e ? reject(e) : resolve(n))));
}

function closeFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => close(fd, (e) => (e ? reject(e) : resolve())));
}

/**
 * A file open for reading whose close waits out the read in flight: the descriptor's number must
 * not be reused by another open while the thread pool still reads from it.
 */
export class ReadableFile {
  private inFlight: Promise<number> | undefined;
  private closing: Promise<void> | undefined;

  private constructor(readonly fd: number) {}

  static async open(path: string): Promise<ReadableFile> {
    return new ReadableFile(await openForReading(path));
  }

  stat(): Promise<Stats> {
    return statOf(this.fd);
  }

  read(buf: Uint8Array, at: number, length: number, position: number): Promise<number> {
    const r = readAt(this.fd, buf, at, length, position);
    this.inFlight = r;
    return r;
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.inFlight?.catch(() => undefined);
      await closeFile(this.fd);
    })();
    return this.closing;
  }
}

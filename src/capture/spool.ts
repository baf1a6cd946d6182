// `capture -w - --spool` (docs/capture.md, "A slow reader"): a reader slower than the capture (a
// remote capture's ssh stream) must not stall the engines, or their kernel rings overflow. The
// frames go to a temporary file instead, deleted as soon as it is made (so no run, however it ends,
// leaves it behind), and are streamed from it to stdout as fast as the reader takes them.

import { closeSync, constants, openSync, read, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Bytes read from the file and written to stdout at once. */
const CHUNK = 1024 * 1024;

export class Spool {
  /** Where the engines open the deleted file: its descriptor in this process, a path that still reaches it. */
  readonly path: string;
  /** Bytes known complete from the start of the file (every earlier write has landed). */
  private complete = 0;
  private sent = 0;
  private pumping: Promise<void> | undefined;
  private failure: Error | undefined;

  private constructor(
    readonly fd: number,
    private readonly out: NodeJS.WritableStream,
  ) {
    this.path = `/proc/${process.pid}/fd/${fd}`;
  }

  /** A new, already deleted file in dir ($TMPDIR, else /tmp), streamed to out. */
  static open(out: NodeJS.WritableStream = process.stdout, dir = tmpdir()): Spool {
    const path = join(dir, `ovsforensics-spool-${process.pid}-${randomBytes(4).toString('hex')}.pcapng`);
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND, 0o600);
    unlinkSync(path);
    return new Spool(fd, out);
  }

  /** Every byte before `to` is in the file: stream up to there. */
  advance(to: number): void {
    if (to <= this.complete) return;
    this.complete = to;
    this.kick();
  }

  private kick(): Promise<void> {
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  /** Bytes in the file not yet taken by the reader. */
  get behind(): number {
    return this.complete - this.sent;
  }

  /** Streams everything up to `end` (the file's final size), then closes the file; rejects when the reader went away. */
  async finish(end: number): Promise<void> {
    this.advance(end);
    try {
      // A pump that was just ending when the last bytes came may have left them: go on until all are sent.
      while (this.sent < this.complete && this.failure === undefined) await this.kick();
      if (this.failure !== undefined) throw this.failure;
    } finally {
      closeSync(this.fd);
    }
  }

  private async pump(): Promise<void> {
    while (this.sent < this.complete && this.failure === undefined) {
      // A buffer of its own per chunk: a stream may hold it after write() returns.
      const buf = Buffer.allocUnsafeSlow(Math.min(CHUNK, this.complete - this.sent));
      try {
        const n = await new Promise<number>((res, rej) => read(this.fd, buf, 0, buf.length, this.sent, (e, got) => (e ? rej(e) : res(got))));
        if (n === 0) throw new Error(`spool: ${this.complete - this.sent} bytes announced are not in the file`);
        await new Promise<void>((res, rej) => this.out.write(buf.subarray(0, n), (e) => (e ? rej(e) : res())));
        this.sent += n;
      } catch (e) {
        // Mostly the reader gone (EPIPE): the capture stops on its own (session-end.ts); nothing more to send.
        this.failure = e as Error;
      }
    }
  }
}

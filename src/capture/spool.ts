// `capture -w - --spool` (docs/capture.md, "A slow reader"): a reader slower than the capture (a
// remote capture's ssh stream) must not stall the engines, or their kernel rings overflow. The
// frames go to a temporary file instead, deleted as soon as it is made (so no run, however it ends,
// leaves it behind), and are streamed from it to stdout as fast as the reader takes them. Past a limit
// of bytes waiting, the writers are told to pause (the engines then leave frames to the kernel,
// which counts what it drops) until half of it has gone.

import { closeSync, constants, openSync, unlinkSync, write } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readAt } from '../pcap/file-reads.js';

/** Bytes read from the file and written to stdout at once. */
const CHUNK = 1024 * 1024;
/** A full non-blocking pipe is tried again after this long. */
const RETRY_MS = 2;

/** Where the spool's bytes go: resolves once all of the chunk is written. */
export type Sink = (chunk: Buffer) => Promise<void>;

/**
 * Writes to a descriptor on libuv's threads, never on the event loop: Node writes to a stdout pipe
 * synchronously, which would freeze the capture while the reader does not read. Node makes stdout
 * non-blocking once anything touches it; it is made blocking again (a thread waits, not a timer),
 * and where that is refused a full pipe (EAGAIN) is tried again shortly; partial writes go on.
 */
export function fdSink(fd: number): Sink {
  if (fd === 1) (process.stdout as unknown as { _handle?: { setBlocking?: (blocking: boolean) => number } })._handle?.setBlocking?.(true);
  return async (chunk) => {
    for (let at = 0; at < chunk.length; ) {
      const n = await new Promise<number>((res, rej) =>
        write(fd, chunk, at, chunk.length - at, null, (e, written) => (e?.code === 'EAGAIN' ? setTimeout(() => res(0), RETRY_MS) : e ? rej(e) : res(written))),
      );
      at += n;
    }
  };
}

export interface SpoolOptions {
  /** Bytes waiting for the reader beyond which `onFull(true)` is called; `onFull(false)` once under half. */
  limitBytes?: number;
  onFull?: (full: boolean) => void;
  /** The sink failed (the reader went away): nothing more will be sent. */
  onBroken?: (e: Error) => void;
}

export class Spool {
  /** Where the engines open the deleted file: its descriptor in this process, a path that still reaches it. */
  readonly path: string;
  /** Bytes known complete from the start of the file (every earlier write has landed). */
  private complete = 0;
  private sent = 0;
  private pumping: Promise<void> | undefined;
  private failure: Error | undefined;
  private full = false;
  /** Times the limit was reached. */
  pauses = 0;

  private constructor(
    readonly fd: number,
    private readonly out: Sink,
    private readonly o: SpoolOptions,
  ) {
    this.path = `/proc/${process.pid}/fd/${fd}`;
  }

  /** A new, already deleted file in dir ($TMPDIR, else /tmp), streamed to out (stdout by default). */
  static open(o: SpoolOptions = {}, out: Sink = fdSink(1), dir = tmpdir()): Spool {
    const path = join(dir, `ovsforensics-spool-${process.pid}-${randomBytes(4).toString('hex')}.pcapng`);
    const fd = openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND, 0o600);
    unlinkSync(path);
    return new Spool(fd, out, o);
  }

  /** Every byte before `to` is in the file: stream up to there. */
  advance(to: number): void {
    if (to <= this.complete) return;
    this.complete = to;
    this.flow();
    this.kick();
  }

  private flow(): void {
    const limit = this.o.limitBytes;
    if (limit === undefined) return;
    const full = this.full ? this.behind > limit / 2 : this.behind > limit;
    if (full === this.full) return;
    this.full = full;
    if (full) this.pauses++;
    this.o.onFull?.(full);
  }

  private kick(): Promise<void> {
    this.pumping ??= this.pump().finally(() => (this.pumping = undefined));
    return this.pumping;
  }

  /** Bytes in the file not yet taken by the reader. */
  get behind(): number {
    return this.complete - this.sent;
  }

  /**
   * Streams everything up to `end` (the file's final size), then closes the file. A reader that went
   * away (EPIPE, told through onBroken) ends the stream there; any other failure rejects.
   */
  async finish(end: number): Promise<void> {
    this.advance(end);
    try {
      // A pump that was just ending when the last bytes came may have left them: go on until all are sent.
      while (this.sent < this.complete && this.failure === undefined) await this.kick();
      if (this.failure !== undefined && (this.failure as NodeJS.ErrnoException).code !== 'EPIPE') throw this.failure;
    } finally {
      closeSync(this.fd);
    }
  }

  private async pump(): Promise<void> {
    // One buffer: the sink has written a chunk before the next is read.
    const buf = Buffer.allocUnsafeSlow(CHUNK);
    while (this.sent < this.complete && this.failure === undefined) {
      try {
        const want = Math.min(CHUNK, this.complete - this.sent);
        const n = await readAt(this.fd, buf, 0, want, this.sent);
        if (n === 0) throw new Error(`spool: ${this.complete - this.sent} bytes announced are not in the file`);
        await this.out(buf.subarray(0, n));
        this.sent += n;
        this.flow();
      } catch (e) {
        // Mostly the reader gone (EPIPE): nothing more to send, and the capture is told.
        this.failure = e as Error;
        this.o.onBroken?.(this.failure);
      }
    }
  }
}

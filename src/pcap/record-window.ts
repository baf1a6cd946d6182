// A sliding window over a ChunkSource for record readers: `have(n)` guarantees n contiguous bytes
// at `pos`. Two buffers alternate: while records of one are decoded, the next chunk is already
// being read (libuv's thread pool) into the other, behind a free prefix where the unread tail of
// the current one is copied when they meet — so the bulk of the file is never copied in memory.

import { CHUNK_SIZE, type ChunkSource } from './chunk-source.js';

/** Room kept before each chunk for the tail of the previous one: larger than any usual record. */
export const READ_PREFIX = 1024 * 1024;
const PREFIX = READ_PREFIX;

export class RecordWindow {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Offset in the uncompressed stream of buf[0]. */
  base = 0;
  private eof = false;
  private readonly spare: Buffer[] = [];
  private turn = 0;
  private ahead: Promise<number> | undefined;
  /** The buffer `ahead` reads into. */
  private next: Buffer = this.buf;

  /**
   * `beforeRefill` may hold the reader back (a merge of several files pacing them by time);
   * `chunkBuffer` gives each chunk a buffer of its own (of at least `bytes`) instead of two alternating.
   */
  constructor(
    readonly source: ChunkSource,
    private readonly beforeRefill?: () => Promise<void> | undefined,
    private readonly chunkBuffer?: (bytes: number) => Buffer,
  ) {
    this.base = source.startOffset ?? 0;
  }

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Stream offset of the byte at pos. */
  get offset(): number {
    return this.base + this.pos;
  }

  private prefetch(): void {
    const size = PREFIX + CHUNK_SIZE;
    this.next = this.chunkBuffer?.(size) ?? (this.spare[this.turn & 1] ??= Buffer.allocUnsafe(size));
    this.ahead = this.source.readInto(this.next.subarray(0, size), PREFIX);
    // Its failure is thrown where have() awaits it; until then (or if the reader stops first) it is not unhandled.
    this.ahead.catch(() => undefined);
  }

  /** Closes the source and waits out the read ahead: its bytes or failure concern no one once the reader stopped. */
  async close(): Promise<void> {
    this.eof = true;
    await this.source.close();
    await this.ahead?.catch(() => undefined);
    this.ahead = undefined;
  }

  /**
   * True when n bytes are available at pos. Callers bound n before asking (never by an untrusted
   * length alone), since the window grows to hold n bytes.
   */
  async have(n: number): Promise<boolean> {
    if (this.buf.length - this.pos >= n) return true;
    if (this.eof) return false;
    await this.beforeRefill?.();
    const tail = this.buf.length - this.pos;
    if (this.ahead === undefined) this.prefetch();
    const next = this.next;
    const got = await this.ahead!;
    this.ahead = undefined;
    let start: number;
    let end: number;
    let target: Buffer;
    if (tail <= PREFIX && tail + got >= n) {
      start = PREFIX - tail;
      end = PREFIX + got;
      this.buf.copy(next, start, this.pos);
      target = next;
    } else {
      // A record larger than the prefix or a chunk: gather it in a buffer of its own.
      target = Buffer.allocUnsafe(Math.max(n, tail + got));
      this.buf.copy(target, 0, this.pos);
      next.copy(target, tail, PREFIX, PREFIX + got);
      start = 0;
      end = tail + got;
      while (end < n) {
        const more = await this.source.readInto(target.subarray(0, n), end);
        if (more === 0) break;
        end += more;
      }
    }
    if (got === 0) this.eof = true;
    this.base += this.pos;
    this.buf = target.subarray(start, end);
    this.pos = 0;
    this.turn++;
    if (!this.eof) this.prefetch();
    return end - start >= n;
  }
}

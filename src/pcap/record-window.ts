// A sliding window over a ChunkSource for record readers: `have(n)` guarantees n contiguous bytes
// at `pos`. A refill moves only the unread tail to the front of a fresh buffer and reads the
// stream straight after it; two buffers alternate, so memory stays at two windows.

import { CHUNK_SIZE, type ChunkSource } from './chunk-source.js';

export class RecordWindow {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  /** Offset in the uncompressed stream of buf[0]. */
  base = 0;
  private eof = false;
  /** Two buffers used in turn: records are views valid only until the reader moves on. */
  private readonly spare: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private turn = 0;

  constructor(readonly source: ChunkSource) {}

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Stream offset of the byte at pos. */
  get offset(): number {
    return this.base + this.pos;
  }

  /**
   * True when n bytes are available at pos. Callers bound n before asking (never by an untrusted
   * length alone), since the window grows to hold n bytes.
   */
  async have(n: number): Promise<boolean> {
    if (this.buf.length - this.pos >= n) return true;
    if (this.eof) return false;
    const tail = this.buf.length - this.pos;
    const size = Math.max(CHUNK_SIZE, n);
    const i = this.turn++ & 1;
    if (this.spare[i]!.length < size) this.spare[i] = Buffer.allocUnsafe(size);
    const next = this.spare[i]!;
    this.buf.copy(next, 0, this.pos);
    let filled = tail;
    // Fill the whole buffer when possible: fewer refills, fewer tails to move.
    while (filled < next.length) {
      const got = await this.source.readInto(next, filled);
      if (got === 0) {
        this.eof = true;
        break;
      }
      filled += got;
    }
    this.base += this.pos;
    this.buf = next.subarray(0, filled);
    this.pos = 0;
    return filled >= n;
  }
}

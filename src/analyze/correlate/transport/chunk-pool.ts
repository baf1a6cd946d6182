// The decode worker's read buffers: shared memory the merge reads segment bytes from in place, so
// nothing is copied or transferred per segment. A chunk is read into again only once the merge
// released it (no in-flight segment points into it): memory follows in-flight segments. Chunks are
// regions of one shared WebAssembly memory, where the payload digest reads them in place
// (payload-digest.ts); without WebAssembly SIMD, or past the memory's 4 GiB, each is a
// SharedArrayBuffer of its own, digested by the plain JS reference.

import { DigestArena, digestReference } from './payload-digest.js';

/** A chunk as the merge maps it: [chunk number, the memory it lies in, its offset there, its length]. */
export type NewChunk = [number, SharedArrayBuffer, number, number];

export class ChunkPool {
  /** By chunk number. */
  private readonly buffers: Buffer[] = [];
  private readonly free: number[] = [];
  private readonly arena = DigestArena.create();
  /** By chunk number: the chunk lies in the arena. */
  private readonly inArena: boolean[] = [];
  /** Chunks created since the last `takeNew`, for the merge to map. */
  private fresh: NewChunk[] = [];
  // Consecutive frames share a chunk: remember the last lookup, and where that chunk lies.
  private lastChunk = -1;
  private lastMemory: ArrayBufferLike | undefined;
  private lastStart = 0;
  private lastEnd = 0;

  /** A released chunk of at least `bytes`, or a new one. */
  take(bytes: number): { chunk: number; buffer: Buffer } {
    const reuse = this.free.findIndex((c) => this.buffers[c]!.length >= bytes);
    if (reuse >= 0) {
      const chunk = this.free.splice(reuse, 1)[0]!;
      return { chunk, buffer: this.buffers[chunk]! };
    }
    const region = this.arena?.alloc(bytes);
    const buffer = region ?? Buffer.from(new SharedArrayBuffer(bytes));
    const chunk = this.buffers.length;
    this.buffers.push(buffer);
    this.inArena.push(region !== undefined);
    this.fresh.push([chunk, buffer.buffer as SharedArrayBuffer, buffer.byteOffset, buffer.length]);
    return { chunk, buffer };
  }

  /** The number of the chunk holding this view, or -1 when it lies outside the pool (a record too large for a chunk). */
  chunkOf(data: Buffer): number {
    const at = data.byteOffset;
    if (at >= this.lastStart && at < this.lastEnd && data.buffer === this.lastMemory) return this.lastChunk;
    this.lastChunk = this.buffers.findIndex((b) => data.buffer === b.buffer && at >= b.byteOffset && at < b.byteOffset + b.length);
    const b = this.buffers[this.lastChunk];
    this.lastMemory = b?.buffer;
    this.lastStart = b?.byteOffset ?? 0;
    this.lastEnd = b === undefined ? 0 : b.byteOffset + b.length;
    return this.lastChunk;
  }

  /** Where the chunk starts in its memory: a view's byteOffset less this is its offset in the chunk. */
  startOf(chunk: number): number {
    return this.buffers[chunk]!.byteOffset;
  }

  /** A chunk of its own for one record outside the pool; returns its number. */
  adopt(data: Buffer): number {
    const { chunk, buffer } = this.take(data.length);
    data.copy(buffer);
    return chunk;
  }

  /** The payload digest of the n bytes at `offset` of a chunk, at out[at], out[at + 1]. */
  digest(chunk: number, offset: number, n: number, out: Int32Array, at: number): void {
    const b = this.buffers[chunk]!;
    if (this.inArena[chunk]) this.arena!.digest(b.byteOffset + offset, n, out, at);
    else digestReference(b, offset, offset + n, out, at);
  }

  release(chunk: number): void {
    this.free.push(chunk);
  }

  takeNew(): NewChunk[] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }
}

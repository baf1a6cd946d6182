// The decode worker's read buffers: shared memory the merge reads segment bytes from in place, so
// nothing is copied or transferred per segment. A chunk is read into again only once the merge
// released it (no in-flight segment points into it): memory follows in-flight segments.

export class ChunkPool {
  /** By chunk number. */
  private readonly buffers: Buffer[] = [];
  private readonly free: number[] = [];
  private readonly numbers = new Map<ArrayBufferLike, number>();
  /** Chunks created since the last `takeNew`, for the merge to map. */
  private fresh: [number, SharedArrayBuffer][] = [];
  // Consecutive frames share a chunk: remember the last lookup.
  private lastMemory: ArrayBufferLike | undefined;
  private lastChunk = -1;

  /** A released chunk of at least `bytes`, or a new one. */
  take(bytes: number): { chunk: number; buffer: Buffer } {
    const reuse = this.free.findIndex((c) => this.buffers[c]!.length >= bytes);
    if (reuse >= 0) {
      const chunk = this.free.splice(reuse, 1)[0]!;
      return { chunk, buffer: this.buffers[chunk]! };
    }
    const memory = new SharedArrayBuffer(bytes);
    const chunk = this.buffers.length;
    const buffer = Buffer.from(memory);
    this.buffers.push(buffer);
    this.numbers.set(memory, chunk);
    this.fresh.push([chunk, memory]);
    return { chunk, buffer };
  }

  /** The number of the chunk holding this view, or -1 when it lies outside the pool (a record too large for a chunk). */
  chunkOf(data: Buffer): number {
    if (data.buffer !== this.lastMemory) {
      this.lastMemory = data.buffer;
      this.lastChunk = this.numbers.get(data.buffer) ?? -1;
    }
    return this.lastChunk;
  }

  /** A chunk of its own for one record outside the pool; returns its number. */
  adopt(data: Buffer): number {
    const { chunk, buffer } = this.take(data.length);
    data.copy(buffer);
    return chunk;
  }

  release(chunk: number): void {
    this.free.push(chunk);
  }

  takeNew(): [number, SharedArrayBuffer][] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }
}

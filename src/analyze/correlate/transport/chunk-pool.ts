// The decode worker's read buffers: shared memory the merge reads segment bytes from in place, so
// nothing is copied or transferred per segment. A chunk is read into again only once the merge
// released it (no in-flight segment points into it): memory follows in-flight segments.

export class ChunkPool {
  private readonly buffers: Buffer[] = [];
  private readonly free: number[] = [];
  private readonly slots = new Map<ArrayBufferLike, number>();
  /** Slots created since the last `takeNew`, for the merge to map. */
  private fresh: [number, SharedArrayBuffer][] = [];
  // Consecutive frames share a chunk: remember the last lookup.
  private lastMemory: ArrayBufferLike | undefined;
  private lastSlot = -1;

  /** A released chunk of at least `bytes`, or a new one. */
  take(bytes: number): { slot: number; buffer: Buffer } {
    const reuse = this.free.findIndex((s) => this.buffers[s]!.length >= bytes);
    if (reuse >= 0) {
      const slot = this.free.splice(reuse, 1)[0]!;
      return { slot, buffer: this.buffers[slot]! };
    }
    const memory = new SharedArrayBuffer(bytes);
    const slot = this.buffers.length;
    const buffer = Buffer.from(memory);
    this.buffers.push(buffer);
    this.slots.set(memory, slot);
    this.fresh.push([slot, memory]);
    return { slot, buffer };
  }

  /** The slot holding this view, or -1 when it lies outside the pool (a record too large for a chunk). */
  slotOf(data: Buffer): number {
    if (data.buffer !== this.lastMemory) {
      this.lastMemory = data.buffer;
      this.lastSlot = this.slots.get(data.buffer) ?? -1;
    }
    return this.lastSlot;
  }

  /** A chunk of its own for one record outside the pool; returns its slot. */
  adopt(data: Buffer): number {
    const { slot, buffer } = this.take(data.length);
    data.copy(buffer);
    return slot;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  takeNew(): [number, SharedArrayBuffer][] {
    const f = this.fresh;
    this.fresh = [];
    return f;
  }
}

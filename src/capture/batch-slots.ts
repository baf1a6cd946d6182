// Where the parent puts each batch it hands to the analysis worker: slots of one SharedArrayBuffer
// both threads see, taken by the parent and given back when the worker answers that batch. A
// batch read into a slot needs no buffer of its own per batch (fresh pages to fault in, freed by
// the worker's GC); one larger than a slot, or sent while every slot is taken, gets its own buffer.

/** One engine batch at most (batch-framing.ts MAX_BATCH_BYTES). */
export const SLOT_BYTES = 1024 * 1024;

/** The slots as one thread's Buffers: slot i is views[i]. */
export function slotViews(shared: SharedArrayBuffer): Buffer[] {
  return Array.from({ length: shared.byteLength / SLOT_BYTES }, (_, i) => Buffer.from(shared, i * SLOT_BYTES, SLOT_BYTES));
}

export class BatchSlots {
  readonly shared: SharedArrayBuffer;
  private readonly views: Buffer[];
  /** Free slots, the most recently given back last: taken first, so the same few stay in the caches. */
  private readonly free: number[];

  constructor(count: number) {
    // The pages of a slot never used are never touched: a large pool costs only what the worker's lag fills.
    this.shared = new SharedArrayBuffer(count * SLOT_BYTES);
    this.views = slotViews(this.shared);
    this.free = this.views.map((_, i) => count - 1 - i);
  }

  /** A free slot for `bytes`, or undefined (too large, or none free). */
  take(bytes: number): { slot: number; buf: Buffer } | undefined {
    if (bytes > SLOT_BYTES || this.free.length === 0) return undefined;
    const slot = this.free.pop()!;
    return { slot, buf: this.views[slot]! };
  }

  give(slot: number): void {
    this.free.push(slot);
  }
}

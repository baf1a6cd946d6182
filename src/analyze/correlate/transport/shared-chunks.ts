// The merge's side of the workers' chunks: reads segment bytes in place, counts the in-flight
// segments that may still need each chunk, and gives a chunk back to its worker once it is sealed
// (no later row points into it) and no segment needs it.

export class SharedChunks {
  /** Per worker, per chunk number. */
  private readonly views: Buffer[][] = [];
  private readonly refs: number[][] = [];
  private readonly sealed: boolean[][] = [];
  private readonly freed: number[][] = [];

  constructor(workers: number) {
    for (let w = 0; w < workers; w++) {
      this.views.push([]);
      this.refs.push([]);
      this.sealed.push([]);
      this.freed.push([]);
    }
  }

  add(w: number, chunk: number, memory: SharedArrayBuffer, offset: number, length: number): void {
    this.views[w]![chunk] = Buffer.from(memory, offset, length);
    this.refs[w]![chunk] = 0;
    this.sealed[w]![chunk] = false;
  }

  bytes(w: number, chunk: number): Buffer {
    return this.views[w]![chunk]!;
  }

  ref(w: number, chunk: number): void {
    this.refs[w]![chunk]!++;
  }

  unref(w: number, chunk: number): void {
    this.refs[w]![chunk]!--;
    this.releaseIfFree(w, chunk);
  }

  seal(w: number, chunk: number): void {
    this.sealed[w]![chunk] = true;
    this.releaseIfFree(w, chunk);
  }

  /** Per worker, the chunks given back and not yet sent (the caller empties what it sends). */
  released(): number[][] {
    return this.freed;
  }

  /**
   * Called on every unref and seal, free or not: a call only the rare last unref made would have no
   * type feedback when the merge is optimized, and deoptimize it.
   */
  private releaseIfFree(w: number, chunk: number): void {
    if (this.refs[w]![chunk] !== 0 || !this.sealed[w]![chunk]) return;
    this.sealed[w]![chunk] = false;
    this.freed[w]!.push(chunk);
  }
}

// The merge's side of the workers' chunks: reads segment bytes in place, counts the in-flight
// segments that may still need each chunk, and gives a chunk back to its worker once it is sealed
// (no later row points into it) and no segment needs it.

export class SharedChunks {
  /** Per worker, per slot. */
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

  add(w: number, slot: number, memory: SharedArrayBuffer): void {
    this.views[w]![slot] = Buffer.from(memory);
    this.refs[w]![slot] = 0;
    this.sealed[w]![slot] = false;
  }

  chunk(w: number, slot: number): Buffer {
    return this.views[w]![slot]!;
  }

  ref(w: number, slot: number): void {
    this.refs[w]![slot]!++;
  }

  unref(w: number, slot: number): void {
    if (--this.refs[w]![slot]! === 0 && this.sealed[w]![slot]) this.release(w, slot);
  }

  seal(w: number, slot: number): void {
    this.sealed[w]![slot] = true;
    if (this.refs[w]![slot] === 0) this.release(w, slot);
  }

  /** Per worker, the slots given back and not yet sent (the caller empties what it sends). */
  released(): number[][] {
    return this.freed;
  }

  private release(w: number, slot: number): void {
    this.sealed[w]![slot] = false;
    this.freed[w]!.push(slot);
  }
}

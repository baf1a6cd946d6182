// The native engines' appended batches (native/ovsf-capture.c writing the output file itself) in
// file order: each engine says where its batch landed, the reports of several engines come on
// separate pipes in any order, and frames are numbered by their place in the file, so a batch is
// passed on only once every byte before it has been accounted for.

export interface Appended {
  /** File offset of the batch's first block. */
  at: number;
  bytes: number;
  packets: number;
  captured: number;
}

export class AppendOrder<T extends Appended> {
  private readonly waiting = new Map<number, T>();

  /** next: the offset the first batch starts at (the end of the parent's own blocks). */
  constructor(
    private next: number,
    private readonly onInOrder: (a: T) => void,
  ) {}

  add(a: T): void {
    this.waiting.set(a.at, a);
    for (let b = this.waiting.get(this.next); b !== undefined; b = this.waiting.get(this.next)) {
      this.waiting.delete(b.at);
      this.next = b.at + b.bytes;
      this.onInOrder(b);
    }
  }

  /** Batches still waiting for an earlier one (none once every engine has exited cleanly). */
  get pending(): number {
    return this.waiting.size;
  }
}

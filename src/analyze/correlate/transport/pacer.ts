// Keeps the capture files in step by time: a reader may run ahead of the slowest one (clock
// offsets corrected) by the lead at most, so segments in flight between points stay a few chunks'
// worth whatever the files' sizes. A decode worker applies it to its own files as they are read.

/** How far one file has been read: what pacing and matching go by. */
export interface ReaderState {
  /** Timestamp of the last record delivered, own clock; -Infinity before the first. */
  time: number;
  done: boolean;
}

/**
 * A reader before its first record. `done` is stored twice: V8 then keeps it a mutable field, so a
 * file's end deoptimizes none of the optimized code that reads it (it would while it is constant).
 */
export function unstarted(): ReaderState {
  const reader: ReaderState = { time: -Infinity, done: true };
  reader.done = false;
  return reader;
}

export class Pacer {
  /** Per waiting reader, what lets it check again. */
  private readonly waiting = new Map<number, () => void>();

  constructor(
    private readonly readers: ReaderState[],
    /** Seconds to subtract from reader r's timestamps to put them on the first file's clock. */
    private readonly offsets: number[],
    private readonly leadSeconds: number,
  ) {}

  /** Reader r is not ahead of any reader still reading by more than the lead. */
  mayRead(r: number): boolean {
    const own = this.readers[r]!.time - this.offsets[r]!;
    for (let s = 0; s < this.readers.length; s++) {
      const reader = this.readers[s]!;
      if (s !== r && !reader.done && reader.time - this.offsets[s]! + this.leadSeconds < own) return false;
    }
    return true;
  }

  /** Settles once reader r may read and `held` (checked only then) no longer holds it; checks again at each `wake`. */
  async waitTurn(r: number, held: () => boolean): Promise<void> {
    while (!this.mayRead(r) || held()) await new Promise<void>((resolve) => this.waiting.set(r, resolve));
  }

  /** Progress or news moved a reader, an offset or the queue: every waiting reader checks again. */
  wake(): void {
    for (const [r, resume] of [...this.waiting]) {
      this.waiting.delete(r);
      resume();
    }
  }
}

// Keeps the capture files in step by time: a reader may run ahead of the slowest one (clock
// offsets corrected) by the lead at most, so segments in flight between points stay a few chunks'
// worth whatever the files' sizes. A decode worker applies it to its own files as they are read.

import type { ReaderState } from '../match/segment-table.js';

export class Pacer {
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
}

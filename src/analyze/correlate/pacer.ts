// Keeps the capture files in step by time: a reader may run ahead of the slowest one (clock
// offsets corrected) by the lead at most, so segments in flight between points stay a few chunks'
// worth whatever the files' sizes. The workers get this as a horizon per reader.

import type { Clocks } from './clocks.js';
import type { ReaderState } from './segment-table.js';

export class Pacer {
  constructor(
    private readonly readers: ReaderState[],
    private readonly clocks: Clocks,
    private readonly leadSeconds: number,
  ) {}

  /** The time on reader r's own clock up to which it may read on (-Infinity: wait for the others). */
  horizon(r: number): number {
    let slowest = Infinity;
    for (let s = 0; s < this.readers.length; s++) {
      const reader = this.readers[s]!;
      if (s !== r && !reader.done) slowest = Math.min(slowest, reader.time - this.clocks.offset(s));
    }
    return slowest + this.leadSeconds + this.clocks.offset(r);
  }
}

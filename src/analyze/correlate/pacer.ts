// Keeps the capture files in step by time: a reader that is ahead of the slowest one (clock
// offsets corrected) by more than the lead waits before its next chunk, so segments in flight
// between points stay a few chunks' worth whatever the files' sizes.

import type { Clocks } from './clocks.js';
import type { ReaderState } from './segment-table.js';

export class Pacer {
  private readonly waiting = new Map<number, () => void>();

  constructor(
    private readonly readers: ReaderState[],
    private readonly clocks: Clocks,
    private readonly leadSeconds: number,
  ) {}

  /** Resolves once reader r may read its next chunk. */
  async hold(r: number): Promise<void> {
    while (!this.mayRead(r)) await new Promise<void>((resolve) => this.waiting.set(r, resolve));
  }

  /** Lets go every waiting reader that is no longer ahead (call after any reader moved or ended). */
  wake(): void {
    for (const [r, resolve] of [...this.waiting]) {
      if (!this.mayRead(r)) continue;
      this.waiting.delete(r);
      resolve();
    }
  }

  private mayRead(r: number): boolean {
    const own = this.time(r);
    for (let s = 0; s < this.readers.length; s++) {
      if (s !== r && !this.readers[s]!.done && this.time(s) + this.leadSeconds < own) return false;
    }
    return true;
  }

  private time(r: number): number {
    return this.readers[r]!.time - this.clocks.offset(r);
  }
}

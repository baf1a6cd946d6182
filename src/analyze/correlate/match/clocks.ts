// Clock offsets of the capture files against the first one, learned from segments seen in both:
// the merge paces readers and judges missing segments on these corrected times, never on the
// absolute timestamps of hosts whose clocks disagree.

import { Reservoir } from './reservoir.js';

/** Matches needed before an offset is trusted. */
const ESTABLISHED = 8;
/** Past the first doublings, the median is refreshed this often (a sort of 512 numbers). */
const REFRESH = 65536;

class ReaderClock {
  readonly samples = new Reservoir();
  offset = 0;

  get established(): boolean {
    return this.samples.count >= ESTABLISHED;
  }

  add(delta: number): void {
    this.samples.add(delta);
    const n = this.samples.count;
    if (n >= ESTABLISHED && ((n & (n - 1)) === 0 || n % REFRESH === 0)) this.offset = this.samples.median()!;
  }
}

export class Clocks {
  private readonly clocks: ReaderClock[] = [];

  constructor(readers: number) {
    for (let i = 0; i < readers; i++) this.clocks.push(new ReaderClock());
  }

  /** Seconds to subtract from reader r's timestamps to put them on reader 0's clock. */
  offset(r: number): number {
    return this.clocks[r]!.offset;
  }

  samples(r: number): number {
    return r === 0 ? 0 : this.clocks[r]!.samples.count;
  }

  established(r: number): boolean {
    return r === 0 || this.clocks[r]!.established;
  }

  /** One segment seen by reader a at time ta and by reader b at tb. */
  observe(a: number, ta: number, b: number, tb: number): void {
    if (a === b) return;
    if (b === 0) this.clocks[a]!.add(ta - tb);
    else if (a === 0) this.clocks[b]!.add(tb - ta);
    else if (this.established(b)) this.clocks[a]!.add(ta - tb + this.offset(b));
    else if (this.established(a)) this.clocks[b]!.add(tb - ta + this.offset(a));
  }
}

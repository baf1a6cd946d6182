// Verdict counts over time in at most MAX_BUCKETS buckets: when a capture runs longer, buckets
// double in width and merge, so memory stays bounded whatever the duration.

import type { Verdict } from '../checksum/types.js';
import { countVerdict, emptyCounts, type TimelineBucket, type VerdictCounts } from './types.js';

const MAX_BUCKETS = 600;

export class Timeline {
  private width = 1;
  private origin: number | undefined;
  private readonly buckets = new Map<number, VerdictCounts>();
  /**
   * The bucket the last segment went to and the seconds past the origin it spans, [lastFrom,
   * lastTo): consecutive segments nearly always share one, and a division and a Map lookup per
   * segment showed in profiles. The origin is whole and the width a power of two, so the span holds
   * exactly the times the division would put in that bucket.
   */
  private lastFrom = 0;
  private lastTo = 0;
  private last: VerdictCounts | undefined;

  add(time: number, verdict: Verdict): void {
    if (this.origin === undefined) this.origin = Math.floor(time);
    // Packets earlier than the first one (several inputs, clock offsets) move the origin back.
    if (time < this.origin) this.rebase(Math.floor(time));
    const since = time - this.origin;
    if (since >= this.lastFrom && since < this.lastTo) {
      countVerdict(this.last!, verdict);
      return;
    }
    let idx = Math.floor(since / this.width);
    while (idx >= MAX_BUCKETS) {
      this.widen();
      idx = Math.floor(since / this.width);
    }
    let b = this.buckets.get(idx);
    if (b === undefined) {
      b = emptyCounts();
      this.buckets.set(idx, b);
    }
    this.lastFrom = idx * this.width;
    this.lastTo = this.lastFrom + this.width;
    this.last = b;
    countVerdict(b, verdict);
  }

  private merge(entries: [number, VerdictCounts][]): void {
    this.buckets.clear();
    this.lastFrom = 0;
    this.lastTo = 0;
    this.last = undefined;
    for (const [idx, counts] of entries) {
      const cur = this.buckets.get(idx);
      if (cur === undefined) this.buckets.set(idx, counts);
      else for (const k of Object.keys(counts) as Verdict[]) cur[k] += counts[k];
    }
  }

  private widen(): void {
    this.width *= 2;
    this.merge([...this.buckets].map(([i, c]) => [Math.floor(i / 2), c]));
  }

  private rebase(newOrigin: number): void {
    const shift = this.origin! - newOrigin;
    const oldWidth = this.width;
    this.origin = newOrigin;
    let maxIdx = 0;
    const moved = [...this.buckets].map(([i, c]): [number, VerdictCounts] => {
      const idx = Math.floor((i * oldWidth + shift) / this.width);
      maxIdx = Math.max(maxIdx, idx);
      return [idx, c];
    });
    this.merge(moved);
    while (maxIdx >= MAX_BUCKETS) {
      this.widen();
      maxIdx = Math.floor(maxIdx / 2);
    }
  }

  snapshot(): TimelineBucket[] {
    if (this.origin === undefined) return [];
    return [...this.buckets]
      .sort((a, b) => a[0] - b[0])
      .map(([i, segments]) => ({ start: this.origin! + i * this.width, seconds: this.width, segments }));
  }
}

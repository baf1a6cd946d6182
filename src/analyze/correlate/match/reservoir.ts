// A fixed-size uniform sample of a stream of numbers (reservoir sampling, Vitter's algorithm R)
// and its median: time differences between points over millions of segments in constant memory.

const SIZE = 512;

export class Reservoir {
  count = 0;
  private readonly sample: number[] = [];
  // A fixed-seed generator: the same captures give the same report.
  private state = 0x2545f491;

  add(v: number): void {
    this.count++;
    if (this.sample.length < SIZE) {
      this.sample.push(v);
      return;
    }
    this.state = (Math.imul(this.state, 1103515245) + 12345) >>> 0;
    const j = this.state % this.count;
    if (j < SIZE) this.sample[j] = v;
  }

  median(): number | undefined {
    if (this.sample.length === 0) return undefined;
    const s = [...this.sample].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }
}

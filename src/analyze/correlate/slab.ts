// Copies of segment bytes carved out of 1 MiB slabs: one allocation per thousand segments instead
// of one each (per-copy Buffers cost more in allocation and GC than the copying itself).

const SLAB_SIZE = 1024 * 1024;

export class Slab {
  private buf = Buffer.allocUnsafe(0);
  private used = 0;

  /** A copy of data[start, end) that outlives the reader's buffer. */
  copy(data: Buffer, start: number, end: number): Buffer {
    const n = end - start;
    if (this.used + n > this.buf.length) {
      this.buf = Buffer.allocUnsafeSlow(Math.max(SLAB_SIZE, n));
      this.used = 0;
    }
    const out = this.buf.subarray(this.used, this.used + n);
    data.copy(out, 0, start, end);
    this.used += n;
    return out;
  }
}

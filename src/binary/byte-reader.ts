// A cursor over a Buffer: every read is bounds-checked against an explicit end, and byte ranges
// come back as subarray views so decoding never copies packet data.

export class OutOfBounds extends Error {
  constructor(
    readonly at: number,
    readonly wanted: number,
    readonly end: number,
  ) {
    super(`needs ${wanted} bytes at ${at}, only ${Math.max(0, end - at)} left`);
  }
}

export class ByteReader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
    readonly end = buf.length,
    public littleEndian = false,
  ) {
    if (end > buf.length || pos > end) throw new OutOfBounds(pos, 0, Math.min(end, buf.length));
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  has(n: number): boolean {
    return n >= 0 && this.pos + n <= this.end;
  }

  need(n: number): void {
    if (!this.has(n)) throw new OutOfBounds(this.pos, n, this.end);
  }

  u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  u16(): number {
    this.need(2);
    const v = this.littleEndian ? this.buf.readUInt16LE(this.pos) : this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.littleEndian ? this.buf.readUInt32LE(this.pos) : this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** An unsigned 64-bit value as a double (exact below 2^53, which covers every timestamp here). */
  u64(): number {
    const a = this.u32();
    const b = this.u32();
    return this.littleEndian ? b * 0x1_0000_0000 + a : a * 0x1_0000_0000 + b;
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** A view of the next n bytes; advances past them. */
  view(n: number): Buffer {
    this.need(n);
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** A reader limited to the next n bytes; this reader advances past them. */
  sub(n: number): ByteReader {
    this.need(n);
    const r = new ByteReader(this.buf, this.pos, this.pos + n, this.littleEndian);
    this.pos += n;
    return r;
  }
}

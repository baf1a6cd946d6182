// Capture-file fields and pcapng blocks spelled out by hand for reader tests, in either byte order.

/** Field writers for one byte order; block(...) frames a pcapng block with both length fields. */
export function fields(be: boolean) {
  const u16 = (v: number): Buffer => {
    const b = Buffer.alloc(2);
    if (be) b.writeUInt16BE(v);
    else b.writeUInt16LE(v);
    return b;
  };
  const u32 = (v: number): Buffer => {
    const b = Buffer.alloc(4);
    if (be) b.writeUInt32BE(v >>> 0);
    else b.writeUInt32LE(v >>> 0);
    return b;
  };
  const pad = (b: Buffer): Buffer => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const option = (code: number, value: Buffer): Buffer => Buffer.concat([u16(code), u16(value.length), pad(value)]);
  const end = Buffer.alloc(4);
  /** Block Type, Block Total Length, body (padded), Block Total Length. */
  const block = (type: number, ...body: Buffer[]): Buffer => {
    const b = pad(Buffer.concat(body));
    return Buffer.concat([u32(type), u32(12 + b.length), b, u32(12 + b.length)]);
  };
  const shb = (): Buffer => block(0x0a0d0d0a, u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff));
  const idb = (linkType: number, snapLen: number, opts: Buffer[]): Buffer => block(1, u16(linkType), u16(0), u32(snapLen), ...opts, opts.length > 0 ? end : Buffer.alloc(0));
  const epb = (ifId: number, hi: number, lo: number, data: Buffer, wire: number, opts: Buffer[] = []): Buffer =>
    block(6, u32(ifId), u32(hi), u32(lo), u32(data.length), u32(wire), pad(data), ...opts, opts.length > 0 ? end : Buffer.alloc(0));
  return { u16, u32, option, block, shb, idb, epb };
}

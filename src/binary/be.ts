// Unchecked big-endian loads for decoder hot paths: callers have already bounds-checked the
// header (Buffer's own readUInt16BE validates its arguments on every call, which shows in profiles).

export function be16(b: Buffer, o: number): number {
  return (b[o]! << 8) | b[o + 1]!;
}

export function be32(b: Buffer, o: number): number {
  return ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
}

export function le32(b: Buffer, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

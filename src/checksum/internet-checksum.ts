// RFC 1071 Internet checksum: the 16-bit one's complement of the one's complement sum.
// Sums are kept unfolded while they are built and folded once, which is what makes the
// pseudo-header (RFC 793 §3.1, RFC 768, RFC 8200 §8.1) cheap to add.

/**
 * One's complement sum of buf[start, end) as big-endian 16-bit words, an odd tail byte padded
 * with zero. High and low bytes accumulate separately so the loop stays in small integers for
 * any packet up to 8 MB.
 */
export function sumWords(buf: Buffer, start: number, end: number): number {
  let hi = 0;
  let lo = 0;
  const last = end - 1;
  let i = start;
  for (; i < last; i += 2) {
    hi += buf[i]!;
    lo += buf[i + 1]!;
  }
  if (i === last) hi += buf[i]!;
  return hi * 256 + lo;
}

/** Folds any non-negative sum (exact below 2^53) to 16 bits with end-around carry. */
export function fold(sum: number): number {
  let s = sum;
  while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  return s;
}

/** The checksum to store over a region whose words sum to `sum`. */
export function checksumOf(sum: number): number {
  return ~fold(sum) & 0xffff;
}

/** A stored checksum over data is right when the sum including it folds to all ones. */
export function verifies(sumIncludingField: number): boolean {
  return fold(sumIncludingField) === 0xffff;
}

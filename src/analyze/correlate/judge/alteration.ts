// Names the damage between two copies of one payload: which bytes changed and in what pattern
// (bit flip, byte, word swap, compensating words, block overwritten or zeroed, splice), and
// whether the change leaves the one's complement sum — hence every TCP/UDP checksum — unchanged.

import { sumWords } from '../../../checksum/index.js';
import type { Alteration } from '../types.js';

/** A damaged tail this long (or longer) reaching the payload's end is taken for another packet's bytes. */
const SPLICE_MIN = 16;
const HEX_VALUE_MAX = 16;

const hex = (b: Buffer): string => b.toString('hex');

/** 0x0000 and 0xffff are the same number in one's complement arithmetic. */
function sameSum(a: number, b: number): boolean {
  return a % 0xffff === b % 0xffff;
}

/** The bytes repeat with period 1 or 2 (a constant like 0x00 or 0xdead written over a block). */
function repeating(b: Buffer): Buffer | undefined {
  for (const period of [1, 2]) {
    if (b.length < period) continue;
    let ok = true;
    for (let i = period; i < b.length && ok; i++) ok = b[i] === b[i - period];
    if (ok) return b.subarray(0, period);
  }
  return undefined;
}

/** undefined when the payloads are equal over their common length. */
export function describeAlteration(before: Buffer, after: Buffer): Alteration | undefined {
  const n = Math.min(before.length, after.length);
  const diffs: number[] = [];
  for (let i = 0; i < n; i++) if (before[i] !== after[i]) diffs.push(i);
  if (diffs.length === 0) return undefined;
  const first = diffs[0]!;
  const last = diffs[diffs.length - 1]!;
  const span = last - first + 1;
  const base = { changedBytes: diffs.length, checksumNeutral: sameSum(sumWords(before, 0, n), sumWords(after, 0, n)) };
  // Read whatever the count: a load only single-byte changes reached would deoptimize this when first taken.
  const x = before[first]! ^ after[first]!;
  if (diffs.length === 1) {
    return { kind: (x & (x - 1)) === 0 ? 'bit-flip' : 'byte', offset: first, length: 1, value: hex(after.subarray(first, first + 1)), ...base };
  }
  // Checksums add 16-bit words from the payload start (TCP and UDP headers are whole words).
  const words = [...new Set(diffs.map((d) => d >> 1))];
  if (words.length === 2 && words[1]! * 2 + 2 <= n) {
    const [w0, w1] = [words[0]! * 2, words[1]! * 2];
    const swapped = before.readUInt16BE(w0) === after.readUInt16BE(w1) && before.readUInt16BE(w1) === after.readUInt16BE(w0);
    if (swapped || base.checksumNeutral) {
      return { kind: swapped ? 'word-swap' : 'compensating-words', offset: w0, length: w1 - w0 + 2, value: `${hex(after.subarray(w0, w0 + 2))}..${hex(after.subarray(w1, w1 + 2))}`, ...base };
    }
  }
  const region = after.subarray(first, last + 1);
  const dense = diffs.length * 2 >= span;
  const constant = dense ? repeating(region) : undefined;
  if (constant !== undefined) {
    const zero = constant.every((b) => b === 0);
    return { kind: zero ? 'zeroed' : 'block-overwrite', offset: first, length: span, value: hex(constant), ...base };
  }
  if (span >= SPLICE_MIN && dense && (last >= n - 4 || first <= 3)) return { kind: 'splice', offset: first, length: span, ...base };
  const a: Alteration = { kind: 'bytes', offset: first, length: span, ...base };
  if (span <= HEX_VALUE_MAX) a.value = hex(region);
  return a;
}

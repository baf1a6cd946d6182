// Mutations that know nothing of the format: bit flips, overwritten, inserted and deleted bytes,
// truncation. Each returns a new buffer and leaves its input alone.

import type { Prng } from './prng.js';

type ByteMutator = (b: Buffer, rng: Prng) => Buffer;

/** Integers at the edges of signed and unsigned fields of 8 to 32 bits. */
const EDGE_U32 = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff] as const;

function flipBits(b: Buffer, rng: Prng): Buffer {
  const out = Buffer.from(b);
  if (out.length === 0) return out;
  for (let n = rng.between(1, 8); n > 0; n--) out[rng.below(out.length)]! ^= 1 << rng.below(8);
  return out;
}

function overwriteBytes(b: Buffer, rng: Prng): Buffer {
  const out = Buffer.from(b);
  if (out.length === 0) return out;
  const at = rng.below(out.length);
  if (rng.chance(0.5) && at + 4 <= out.length) {
    const v = rng.pick(EDGE_U32);
    if (rng.chance(0.5)) out.writeUInt32LE(v, at);
    else out.writeUInt32BE(v, at);
    return out;
  }
  const n = Math.min(out.length - at, rng.between(1, 8));
  for (let i = 0; i < n; i++) out[at + i] = rng.pick([0x00, 0xff, 0x7f, 0x80, rng.u32() & 0xff]);
  return out;
}

function truncate(b: Buffer, rng: Prng): Buffer {
  if (b.length === 0) return b;
  // Half the time only the last few bytes go: a capture cut inside its last record.
  const keep = rng.chance(0.5) ? Math.max(0, b.length - rng.between(1, 64)) : rng.below(b.length);
  return Buffer.from(b.subarray(0, keep));
}

function insertBytes(b: Buffer, rng: Prng): Buffer {
  const at = rng.below(b.length + 1);
  const n = rng.between(1, 64);
  // Either fresh bytes or a copy of a stretch of the file (repeats look like plausible structure).
  const from = rng.below(Math.max(1, b.length));
  const piece = rng.chance(0.5) || b.length === 0 ? rng.bytes(n) : b.subarray(from, Math.min(b.length, from + n));
  return Buffer.concat([b.subarray(0, at), piece, b.subarray(at)]);
}

function deleteBytes(b: Buffer, rng: Prng): Buffer {
  if (b.length === 0) return b;
  const at = rng.below(b.length);
  const n = Math.min(b.length - at, rng.between(1, 64));
  return Buffer.concat([b.subarray(0, at), b.subarray(at + n)]);
}

const BYTE_MUTATORS: readonly ByteMutator[] = [flipBits, overwriteBytes, truncate, insertBytes, deleteBytes];

/** One to three byte mutations in a row. */
export function mutateBytes(b: Buffer, rng: Prng): Buffer {
  let out = b;
  for (let n = rng.between(1, 3); n > 0; n--) out = rng.pick(BYTE_MUTATORS)(out, rng);
  return out;
}

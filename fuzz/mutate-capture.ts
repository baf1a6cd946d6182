// One mutated capture from a seed: a few mutations in a row, each chosen among the byte-level,
// field-aware and in-frame kinds. A gzip seed has either its compressed bytes damaged or its
// capture mutated and compressed again.

import { gunzipSync, gzipSync } from 'node:zlib';
import { mutateBytes } from './byte-mutators.js';
import { parseLayout } from './capture-layout.js';
import { CAPTURE_MUTATORS } from './capture-mutators.js';
import { FRAME_MUTATORS } from './frame-mutators.js';
import type { Prng } from './prng.js';

const isGzip = (b: Buffer): boolean => b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;

export function mutateCapture(seed: Buffer, rng: Prng): Buffer {
  if (isGzip(seed)) {
    if (rng.chance(0.4)) return mutateBytes(seed, rng);
    return gzipSync(mutateCapture(gunzipSync(seed), rng));
  }
  let b = seed;
  for (let n = rng.between(1, 3); n > 0; n--) {
    const layout = parseLayout(b);
    const roll = rng.below(10);
    const aimed = layout === undefined || roll < 2 ? undefined : rng.pick(roll < 6 ? CAPTURE_MUTATORS : FRAME_MUTATORS)(b, layout, rng);
    b = aimed ?? mutateBytes(b, rng);
  }
  return b;
}

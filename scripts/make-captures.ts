// Writes the sample captures into captures/ (run from the repository root: npm run captures).
// Fixed timestamps and filler bytes: running it again produces the same bytes.

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sampleCaptures, writeSynthCapture } from './synth/captures.js';

const dir = 'captures';
await mkdir(dir, { recursive: true });
for (const c of sampleCaptures()) {
  const path = join(dir, c.file);
  await writeSynthCapture(c, createWriteStream(path));
  process.stdout.write(`${path}: ${c.frames.length} frames\n`);
}

// The live analysis' CPU per frame without a capture: a pcapng that `capture` wrote (little-endian,
// nanosecond timestamps) replayed through BatchAnalysis, the analysis worker's own code, in the
// engines' batches of at most 1 MiB, each first copied into one reused buffer as the parent reads a
// batch into a shared slot. `node dist/bench/live-replay.js FILE [ROUNDS]` prints, per round, the
// process's CPU (every thread, the JIT's included) per frame: the first round carries the warm-up,
// later ones are the steady cost. Record a flood once with `capture --no-analysis` to have a file.

import { readFileSync } from 'node:fs';
import { BatchAnalysis } from '../src/capture/batch-analysis.js';
import { SLOT_BYTES } from '../src/capture/batch-slots.js';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;

interface Batch {
  start: number;
  end: number;
  packets: number;
}

/** The file's runs of EPBs cut into batches of at most SLOT_BYTES; its interfaces declared to `analysis`. */
function batchesOf(file: Buffer, analysis: BatchAnalysis): Batch[] {
  const batches: Batch[] = [];
  let b: Batch | undefined;
  let interfaces = 0;
  for (let at = 0; at + 12 <= file.length; ) {
    const type = file.readUInt32LE(at);
    const total = file.readUInt32LE(at + 4);
    if (total < 12 || at + total > file.length) throw new Error(`block at ${at}: ${total} bytes`);
    if (type === SHB && file.readUInt32LE(at + 8) !== 0x1a2b3c4d) throw new Error('not a little-endian pcapng');
    if (type === IDB) analysis.addInterface(interfaces, file.readUInt16LE(at + 8), `if${interfaces++}`);
    if (type === EPB && b !== undefined && at + total - b.start <= SLOT_BYTES) {
      b.end = at + total;
      b.packets++;
    } else {
      if (b !== undefined) batches.push(b);
      b = type === EPB ? { start: at, end: at + total, packets: 1 } : undefined;
    }
    at += total;
  }
  if (b !== undefined) batches.push(b);
  return batches;
}

const [path, rounds = '3'] = process.argv.slice(2);
if (path === undefined) throw new Error('usage: live-replay FILE [ROUNDS]');
const file = readFileSync(path);
const analysis = new BatchAnalysis('replay');
const batches = batchesOf(file, analysis);
const slot = Buffer.allocUnsafeSlow(SLOT_BYTES);
let frame = 1;
for (let round = 1; round <= Number(rounds); round++) {
  const first = frame;
  const before = process.cpuUsage();
  for (const b of batches) {
    const n = file.copy(slot, 0, b.start, b.end);
    const error = analysis.add(slot.subarray(0, n), 0, frame);
    if (error !== undefined) throw new Error(error);
    frame += b.packets;
  }
  const cpu = process.cpuUsage(before);
  const frames = frame - first;
  process.stdout.write(`${JSON.stringify({ round, frames, cpuMicrosPerFrame: Number(((cpu.user + cpu.system) / frames).toFixed(3)) })}\n`);
}
process.stdout.write(`${JSON.stringify({ segments: analysis.segmentCounts })}\n`);

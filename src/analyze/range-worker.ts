// Worker thread entry: analyses one range of a capture file (range-read.ts) with an Analyzer that
// logs its segments, sends the log in batches as it goes and what it counted at the end.

import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from './analyzer.js';
import { readRange, type RangeJob } from './range-read.js';
import type { FromRange, RangeDone, ToRange } from './range-wire.js';
import { SegmentLog } from './segment-log.js';

const port = parentPort!;
const job = workerData as RangeJob;

/** Batches sent but not yet replayed: past MAX_AHEAD, the reading waits (memory stays bounded while earlier ranges replay). */
const MAX_AHEAD = 48;
let sent = 0;
let taken = 0;
let consumed = 0;
let wake: (() => void) | undefined;
port.on('message', (buffer: ToRange) => {
  taken++;
  log.recycle(buffer);
  if (wake !== undefined && sent - taken <= MAX_AHEAD / 2) {
    wake();
    wake = undefined;
  }
});

const log = new SegmentLog((batch) => {
  sent++;
  const m: FromRange = { type: 'batch', batch, consumed };
  port.postMessage(m, [batch.buffer]);
});
const analyzer = new Analyzer({ decode: job.decode, log });
const read = await readRange(
  job,
  analyzer,
  () => (sent - taken > MAX_AHEAD ? new Promise<void>((r) => (wake = r)) : undefined),
  (c) => (consumed = c),
);
log.flush();
const { error, ...rest } = read;
const done: RangeDone = { type: 'done', part: analyzer.part(), ...rest };
if (error !== undefined) done.error = { file: error.file, offset: error.offset, reason: error.reason };
port.postMessage(done);

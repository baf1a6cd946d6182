// Worker thread entry: analyses one range of a capture file (range-plan.ts) with an Analyzer that
// logs its segments, sends the log in batches as it goes and what it counted at the end. It stops
// at the first record at or past the range's end; an input error ends it like the whole file's.

import { parentPort, workerData } from 'node:worker_threads';
import { leaseSimdChunks } from '../checksum/simd-sum.js';
import { InputError } from '../errors.js';
import { readSource, type ReadOptions } from '../pcap/index.js';
import { openRangeSource } from '../pcap/range-source.js';
import type { CaptureSummary } from '../pcap/types.js';
import { Analyzer } from './analyzer.js';
import type { FromRange, RangeDone, RangeJob, ToRange } from './range-wire.js';
import { SegmentLog } from './segment-log.js';

const port = parentPort!;
const job = workerData as RangeJob;

/** Batches sent but not yet replayed: past MAX_AHEAD, the reading waits (memory stays bounded while earlier ranges replay). */
const MAX_AHEAD = 48;
let sent = 0;
let taken = 0;
let wake: (() => void) | undefined;
port.on('message', (_m: ToRange) => {
  taken++;
  if (wake !== undefined && sent - taken <= MAX_AHEAD / 2) {
    wake();
    wake = undefined;
  }
});

/** Thrown by the sink at the first record past the range: where the next range starts. */
class RangeEnd {
  constructor(
    readonly offset: number,
    readonly capLen: number,
  ) {}
}

async function run(): Promise<RangeDone> {
  const source = await openRangeSource(job.path, job.head, job.from, job.fileSize);
  const log = new SegmentLog((batch) => {
    sent++;
    const m: FromRange = { type: 'batch', batch, consumed: source.consumed() - job.from };
    port.postMessage(m, [batch.buffer]);
  });
  const analyzer = new Analyzer({ decode: job.decode, log });
  const lease = leaseSimdChunks();
  const options: ReadOptions = { beforeRefill: () => (sent - taken > MAX_AHEAD ? new Promise<void>((r) => (wake = r)) : undefined) };
  if (lease !== undefined) options.chunkBuffer = lease.chunkBuffer;
  let summary: CaptureSummary | undefined;
  let skippedPackets = 0;
  let skippedBytes = 0;
  let endedAt: number | undefined;
  let error: InputError | undefined;
  try {
    const result = await readSource(
      source,
      (rec, s) => {
        summary = s;
        if (rec.offset >= job.to) throw new RangeEnd(rec.offset, rec.capLen);
        if (rec.offset < job.skipBefore) {
          skippedPackets++;
          skippedBytes += rec.capLen;
          return;
        }
        rec.frame -= skippedPackets;
        const iface = s.format === 'pcapng' ? s.interfaces[rec.interfaceId] : undefined;
        analyzer.add(rec, job.input, iface === undefined ? undefined : (iface.name ?? `if${iface.id}`));
      },
      options,
    );
    summary = result.summary;
    error = result.error;
  } catch (e) {
    if (!(e instanceof RangeEnd)) throw e;
    endedAt = e.offset;
    // The record that ended the range was counted by the reader, but belongs to the next one.
    summary!.packets--;
    summary!.bytes -= e.capLen;
  } finally {
    lease?.release();
  }
  log.flush();
  const done: RangeDone = { type: 'done', part: analyzer.part(), summary: summary!, skippedPackets, skippedBytes };
  if (error !== undefined) done.error = { file: error.file, offset: error.offset, reason: error.reason };
  if (endedAt !== undefined) done.endedAt = endedAt;
  return done;
}

port.postMessage(await run());

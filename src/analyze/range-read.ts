// Reads one range of a capture file into an Analyzer: from its start (with the file's head in
// front) to the first record at or past its end, which is where the next range must start. Used
// by the range workers, and by the main thread for the first range.

import { leaseSimdChunks } from '../checksum/simd-sum.js';
import type { InputError } from '../errors.js';
import { readSource, type ReadOptions } from '../pcap/index.js';
import { openRangeSource } from '../pcap/range-source.js';
import type { CaptureSummary } from '../pcap/types.js';
import type { DecodeOptions } from '../decode/index.js';
import type { Analyzer, InputContext } from './analyzer.js';

export interface RangeJob {
  path: string;
  input: InputContext;
  decode: DecodeOptions | undefined;
  /** Read in front of the range when it does not start at 0 (range-plan.ts). */
  head: Uint8Array;
  from: number;
  /** The range ends before the first record at or past this offset (the next range's start). */
  to: number;
  fileSize: number;
  /** Records before this offset are read but not analysed: a range that restarts from the file's start. */
  skipBefore: number;
}

export interface RangeRead {
  summary: CaptureSummary;
  /** Records and bytes read but not analysed (skipBefore). */
  skippedPackets: number;
  skippedBytes: number;
  /** The input error that ended the reading. */
  error?: InputError;
  /** Offset of the first record at or past `to`, where the range stopped. */
  endedAt?: number;
}

/** Thrown by the sink at the first record past the range. */
class RangeEnd {
  constructor(
    readonly offset: number,
    readonly capLen: number,
  ) {}
}

export async function readRange(job: RangeJob, analyzer: Analyzer, beforeRefill?: ReadOptions['beforeRefill'], onBytes?: (consumed: number) => void): Promise<RangeRead> {
  const source = await openRangeSource(job.path, job.head, job.from, job.fileSize);
  // The reader's chunks go where the SIMD checksum sums them in place (src/checksum/simd-sum.ts).
  const lease = leaseSimdChunks();
  const options: ReadOptions = { reuseRecord: true };
  if (beforeRefill !== undefined) options.beforeRefill = beforeRefill;
  if (onBytes !== undefined) options.onProgress = (consumed) => onBytes(consumed - job.from);
  if (lease !== undefined) options.chunkBuffer = lease.chunkBuffer;
  let summary: CaptureSummary | undefined;
  const read: Omit<RangeRead, 'summary'> = { skippedPackets: 0, skippedBytes: 0 };
  try {
    const result = await readSource(
      source,
      (rec, s) => {
        summary = s;
        if (rec.offset >= job.to) throw new RangeEnd(rec.offset, rec.capLen);
        if (rec.offset < job.skipBefore) {
          read.skippedPackets++;
          read.skippedBytes += rec.capLen;
          return;
        }
        rec.frame -= read.skippedPackets;
        analyzer.addRecord(rec, s, job.input);
      },
      options,
    );
    summary = result.summary;
    if (result.error !== undefined) read.error = result.error;
  } catch (e) {
    if (!(e instanceof RangeEnd)) throw e;
    read.endedAt = e.offset;
    // The record that ended the range was counted by the reader, but belongs to the next one.
    summary!.packets--;
    summary!.bytes -= e.capLen;
  } finally {
    lease?.release();
  }
  return { summary: summary!, ...read };
}

// Messages between analyze's main thread and the workers that each analyze one range of a file
// (analyze-ranges.ts, range-worker.ts).

import type { DecodeOptions } from '../decode/index.js';
import type { AnalyzerPart, InputContext } from './analyzer.js';
import type { RangeRead } from './range-read.js';
import type { SegmentBatch } from './segment-log.js';

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

/** A worker's range read (range-read.ts), with its error as InputError's fields. */
export interface RangeDone extends Omit<RangeRead, 'error'> {
  type: 'done';
  part: AnalyzerPart;
  error?: { file: string; offset: number | undefined; reason: string };
}

export type FromRange = { type: 'batch'; batch: SegmentBatch; consumed: number } | RangeDone;

/** The main thread replayed one more batch: its buffer, handed back to be filled again. */
export type ToRange = ArrayBuffer;

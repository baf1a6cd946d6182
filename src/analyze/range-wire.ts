// Messages between analyze's main thread and the workers that each analyze one range of a file
// (analyze-ranges.ts, range-worker.ts).

import type { AnalyzerPart } from './analyzer.js';
import type { RangeRead } from './range-read.js';
import type { SegmentBatch } from './segment-log.js';

/** A worker's range read (range-read.ts), with its error as InputError's fields. */
export interface RangeDone extends Omit<RangeRead, 'error'> {
  type: 'done';
  part: AnalyzerPart;
  error?: { file: string; offset: number | undefined; reason: string };
}

export type FromRange = { type: 'batch'; batch: SegmentBatch; consumed: number } | RangeDone;

/** The main thread replayed one more batch: its buffer, handed back to be filled again. */
export type ToRange = ArrayBuffer;

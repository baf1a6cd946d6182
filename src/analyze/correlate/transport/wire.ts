// The messages between the decode workers and the merge: segments travel as numbers in typed
// arrays (one row per segment, no object each); bytes stay in shared chunks the rows point into,
// the merge compares their digests, and the bytes in place only when the captured lengths differ.

import type { DecodeOptions } from '../../../decode/index.js';
import type { PointCounters } from '../../receiver-counters.js';
import type { NewChunk } from './chunk-pool.js';

/** One file a worker reads: its reader index and which point each capture interface feeds (-1: none). */
export interface WorkerFile {
  reader: number;
  path: string;
  byInterface: number[];
}

/** workerData: the worker starts (loads its modules) while the merge still probes the files. */
export interface WorkerInit {
  decode: DecodeOptions;
  /** How far ahead of the slowest file a file may read, seconds. */
  leadSeconds: number;
  /** Files in all, this worker's and the others'. */
  readers: number;
  /** Int32 cells shared with the merge, see QUEUE_TAKEN and QUEUE_WAKE_AT. */
  queue: SharedArrayBuffer;
}

/** Batches of this worker the merge has processed (the merge writes it after each). */
export const QUEUE_TAKEN = 0;
/** -1, or the count of batches taken at which the waiting worker wants a Steer to wake it. */
export const QUEUE_WAKE_AT = 1;

/** The files to read, once the merge knows their points. */
export interface Start {
  type: 'start';
  files: WorkerFile[];
}

// Columns of a segment row (Int32Array, ROW numbers a segment); its timestamp is in `times`.
export const POINT = 0;
/** The worker's own number for the flow, defined by a `flows` entry of this or an earlier batch. */
export const FLOW = 1;
export const SEQ = 2;
export const ACK = 3;
export const IP_ID = 4;
export const PAYLOAD_LENGTH = 5;
export const FLAGS = 6;
export const FRAME = 7;
/** Payload bytes present in the capture (below PAYLOAD_LENGTH when snaplen cut the frame). */
export const CAPTURED = 8;
/** The shared chunk holding the frame (its number in the worker's pool), the frame's place in it, and what decoding it again needs. */
export const CHUNK = 9;
export const FRAME_OFFSET = 10;
export const FRAME_LENGTH = 11;
export const WIRE_LENGTH = 12;
export const LINK_TYPE = 13;
/** Where the innermost payload starts within the frame. */
export const PAYLOAD_OFFSET = 14;
/** The captured payload's 64-bit digest (match/payload-digest.ts), two Int32 halves from here. */
export const DIGEST = 15;
export const ROW = 17;

/** One row of a batch as the merge walks it (one object reused for every row): the worker it came from, its rows, and where this row starts in them. */
export interface BatchRow {
  worker: number;
  rows: Int32Array;
  base: number;
  /** The batch's timestamps and the row's index in them: read where needed, as a number passed to a call that is not inlined is boxed (an allocation per row). */
  times: Float64Array;
  index: number;
}

/** Records of one point in one batch. */
export interface PointCount {
  point: number;
  packets: number;
  firstRaw: number;
  lastRaw: number;
}

/** The records of one chunk of one file. */
export interface Batch {
  type: 'batch';
  reader: number;
  rows: Int32Array;
  times: Float64Array;
  count: number;
  /** Flows first seen since the last batch of this worker: [worker's number, id, reverse id]. */
  flows: [number, string, string][];
  /** Chunks created since the last batch. */
  chunks: NewChunk[];
  /** Chunks no later row will point into, nor the reader still read into: free once no segment needs them. */
  sealed: number[];
  points: PointCount[];
  /** Timestamp of the last record, own clock; undefined before the first. */
  time: number | undefined;
}

export interface ReaderDone {
  type: 'done';
  reader: number;
  path: string;
  format: 'pcap' | 'pcap-ns' | 'pcapng';
  packets: number;
  bytes: number;
  /** Why reading stopped early (file, offset, reason), as InputError holds it. */
  error?: { file: string; offset: number | undefined; reason: string };
  /** CaptureSummary.warning. */
  warning?: string;
  /** Drops the capture tool counted, per interface id. */
  reportedDrops: (number | undefined)[];
  /** The receivers' checksum counters the capture recorded, per interface id. */
  counters: (PointCounters | undefined)[];
}

/** The file could not be opened at all. */
export interface ReaderFailed {
  type: 'failed';
  error: { file: string; offset: number | undefined; reason: string };
}

export type FromWorker = Batch | ReaderDone | ReaderFailed;

/**
 * What the merge knows that a worker needs to pace its files: the clock offsets and how far the
 * other workers' files are; and chunks whose segments are all judged, which it may read into again.
 * Also sent, empty of news, to wake a worker waiting for the merge to work off its queue.
 */
export interface Steer {
  type: 'steer';
  /** Per reader: seconds to subtract to put its timestamps on the first file's clock. */
  offsets: number[];
  /** Per reader, as far as the merge has taken its batches: own-clock time and whether it ended. */
  times: number[];
  done: boolean[];
  released: number[];
}

export type ToWorker = Start | Steer;

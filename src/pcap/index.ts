export { readCapture, type ReadOptions, type ReadResult } from './read-capture.js';
export { MAX_RECORD_BYTES, type RecordSink } from './reader-types.js';
export type { CaptureFormat, CaptureInterface, CaptureSummary, Direction, PacketRecord } from './types.js';

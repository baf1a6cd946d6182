export { readCapture, readSource, type ReadOptions, type ReadResult } from './read-capture.js';
export { readableSource, type ChunkSource } from './chunk-source.js';
export { READ_PREFIX } from './record-window.js';
export { MAX_RECORD_BYTES, type RecordSink } from './reader-types.js';
export type { CaptureFormat, CaptureInterface, CaptureSummary, Direction, PacketRecord } from './types.js';
export { PcapWriter, type FrameToWrite, type PcapWriterOptions } from './pcap-writer.js';
export { PcapngWriter, type InterfaceStats, type PcapngInterface, type PcapngPacket, type PcapngWriterOptions } from './pcapng-writer.js';
export type { ByteTarget } from './byte-sink.js';

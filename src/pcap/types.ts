// Records as every reader (pcap, pcapng, live capture) hands them to the decoder.

export const CAPTURE_FORMATS = ['pcap', 'pcap-ns', 'pcapng'] as const;
export type CaptureFormat = (typeof CAPTURE_FORMATS)[number];
export const DIRECTIONS = ['inbound', 'outbound', 'unknown'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** One capture interface: pcap has exactly one; pcapng one per IDB per section. */
export interface CaptureInterface {
  /** Index across the whole file (sections concatenated), used as `interfaceId` of records. */
  id: number;
  linkType: number;
  snapLen: number;
  name?: string;
  description?: string;
  /** Units per second of this interface's timestamps (if_tsresol), e.g. 1e6 or 1e9. */
  tsUnitsPerSec: number;
  /** Counters of the last Interface Statistics Block (pcapng), when the capture tool wrote one. */
  stats?: InterfaceStatistics;
}

/** pcapng ISB counters: packets the interface received and those dropped before the file. */
export interface InterfaceStatistics {
  ifrecv?: number;
  ifdrop?: number;
  osdrop?: number;
  /** opt_comment texts (ovsforensics capture writes the receivers' checksum counters in one). */
  comments?: string[];
}

export interface PacketRecord {
  /** 1-based frame number within its file, as Wireshark numbers frames. */
  frame: number;
  /** Byte offset of the record (pcap record header / pcapng block) in the uncompressed stream. */
  offset: number;
  interfaceId: number;
  linkType: number;
  tsSec: number;
  tsNsec: number;
  /** Bytes captured (data.length). */
  capLen: number;
  /** Bytes on the wire (may exceed capLen when snaplen cut the frame). */
  wireLen: number;
  /** View into the reader's chunk: valid only until the callback returns. */
  data: Buffer;
  /**
   * A refilled record (ReadOptions.reuseRecord) also names where its bytes lie, so a caller can
   * read them without the view `data` makes on each access: chunk[dataAt, dataAt + capLen).
   */
  chunk?: Buffer;
  dataAt?: number;
  direction: Direction;
  /** pcapng epb_flags bits 24-31 and checksum-related bits, when present. */
  flags?: number;
}

export interface CaptureSummary {
  path: string;
  format: CaptureFormat;
  gzip: boolean;
  interfaces: CaptureInterface[];
  packets: number;
  bytes: number;
  /** Present when reading stopped early at a bad record. */
  error?: string;
  /** The first record libpcap would read but the file's own header rules out (file, offset, why), once per file. */
  warning?: string;
}

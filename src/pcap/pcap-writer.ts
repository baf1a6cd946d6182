// Writes classic libpcap files (draft-ietf-opsawg-pcap, version 2.4): microsecond magic
// 0xA1B2C3D4 or nanosecond magic 0xA1B23C4D, in either byte order, one link type and snap length.
//
//   File header (24 bytes)                     Record header (16 bytes), then captured bytes
//   +-------------------------------+          +-------------------------------+
//   | Magic Number (4)              |          | Timestamp seconds (4)         |
//   | Major 2 (2)   | Minor 4 (2)   |          | Timestamp µs or ns (4)        |
//   | Reserved1 = 0 (4)             |          | Captured Packet Length (4)    |
//   | Reserved2 = 0 (4)             |          | Original Packet Length (4)    |
//   | SnapLen (4)                   |          +-------------------------------+
//   | FCS info (4 bits) | LinkType  |          | Packet Data (captured length)  ...
//   +-------------------------------+

import { ByteSink, put16, put32, type ByteTarget } from './byte-sink.js';
import { PCAP_MAGIC_NS, PCAP_MAGIC_US } from './pcap-reader.js';

export interface PcapWriterOptions {
  linkType: number;
  /** Longest frame kept (0: no limit); longer ones are cut and keep their wire length. */
  snapLen?: number;
  nanosecond?: boolean;
  /** Byte order of every header field (default little-endian, as x86 writers produce). */
  bigEndian?: boolean;
}

/** One frame to write: captured bytes, the time it was seen and, when cut, its length on the wire. */
export interface FrameToWrite {
  tsSec: number;
  tsNsec: number;
  data: Buffer;
  wireLen?: number;
}

export class PcapWriter {
  private readonly sink: ByteSink;
  private readonly snapLen: number;
  private readonly nano: boolean;
  private readonly be: boolean;

  constructor(target: ByteTarget, options: PcapWriterOptions) {
    this.sink = new ByteSink(target);
    this.snapLen = options.snapLen ?? 262144;
    this.nano = options.nanosecond ?? false;
    this.be = options.bigEndian ?? false;
    const h = Buffer.alloc(24);
    put32(h, 0, this.nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US, this.be);
    put16(h, 4, 2, this.be);
    put16(h, 6, 4, this.be);
    put32(h, 16, this.snapLen, this.be);
    put32(h, 20, options.linkType, this.be);
    this.sink.write(h);
  }

  /** Appends one record; false when a stream target wants `drain` before more. */
  writePacket(frame: FrameToWrite): boolean {
    const capLen = this.snapLen > 0 ? Math.min(frame.data.length, this.snapLen) : frame.data.length;
    const h = Buffer.alloc(16);
    put32(h, 0, frame.tsSec, this.be);
    put32(h, 4, this.nano ? frame.tsNsec : Math.floor(frame.tsNsec / 1000), this.be);
    put32(h, 8, capLen, this.be);
    put32(h, 12, Math.max(frame.wireLen ?? frame.data.length, frame.data.length), this.be);
    return this.sink.write(Buffer.concat([h, frame.data.subarray(0, capLen)]));
  }

  close(): Promise<void> {
    return this.sink.end();
  }
}

// Classic libpcap files (draft-ietf-opsawg-pcap): microsecond (0xA1B2C3D4) and nanosecond
// (0xA1B23C4D) magic, either byte order.
//
//   File header (24 bytes)                     Record header (16 bytes), then captured bytes
//   +-------------------------------+          +-------------------------------+
//   | Magic Number (4)              |          | Timestamp seconds (4)         |
//   | Major (2)     | Minor (2)     |          | Timestamp µs or ns (4)        |
//   | Reserved1 / thiszone (4)      |          | Captured Packet Length (4)    |
//   | Reserved2 / sigfigs (4)       |          | Original Packet Length (4)    |
//   | SnapLen (4)                   |          +-------------------------------+
//   | FCS info (4 bits) | LinkType  |          | Packet Data (captured length)  ...
//   +-------------------------------+

import { be32, le32 } from '../binary/be.js';
import { InputError } from '../errors.js';
import { MAX_RECORD_BYTES, overSnapLen, RefilledRecord, type RecordSink } from './reader-types.js';
import type { RecordWindow } from './record-window.js';
import type { CaptureSummary, PacketRecord } from './types.js';

export const PCAP_MAGIC_US = 0xa1b2c3d4;
export const PCAP_MAGIC_NS = 0xa1b23c4d;

/** `reuse`: the sink gets one record object, refilled for each record (ReadOptions.reuseRecord). */
export async function readPcap(win: RecordWindow, summary: CaptureSummary, sink: RecordSink, reuse = false): Promise<void> {
  const path = win.source.path;
  if (!(await win.have(24))) throw new InputError(path, win.offset, 'file header is cut short (needs 24 bytes)');
  const b = win.buf;
  const p = win.pos;
  const magicBE = b.readUInt32BE(p);
  const le = magicBE !== PCAP_MAGIC_US && magicBE !== PCAP_MAGIC_NS;
  const magic = le ? b.readUInt32LE(p) : magicBE;
  const nano = magic === PCAP_MAGIC_NS;
  const u32 = le ? le32 : be32;
  const snapLen = u32(b, p + 16);
  const linkType = u32(b, p + 20) & 0xffff;
  summary.format = nano ? 'pcap-ns' : 'pcap';
  summary.interfaces.push({ id: 0, linkType, snapLen, tsUnitsPerSec: nano ? 1e9 : 1e6 });
  win.pos += 24;
  const fracToNs = nano ? 1 : 1000;
  let frame = 0;
  const shared = reuse ? new RefilledRecord() : undefined;
  for (;;) {
    if (win.available < 16 && !(await win.have(16))) {
      if (win.available === 0) return;
      throw new InputError(path, win.offset, `record header is cut short (${win.available} of 16 bytes)`);
    }
    const off = win.offset;
    const buf = win.buf;
    const h = win.pos;
    const capLen = u32(buf, h + 8);
    const wireLen = u32(buf, h + 12);
    if (snapLen > 0 && capLen > snapLen) overSnapLen(summary, off, capLen, snapLen, linkType, 'record');
    if (capLen > MAX_RECORD_BYTES) throw new InputError(path, off, `record claims ${capLen} captured bytes, more than any capture holds`);
    if (!summary.gzip && off + 16 + capLen > win.source.fileSize) {
      throw new InputError(path, off, `record claims ${capLen} bytes but the file ends ${win.source.fileSize - off - 16} bytes later`);
    }
    if (win.available < 16 + capLen && !(await win.have(16 + capLen))) {
      throw new InputError(path, off, `record is cut short: ${capLen} bytes claimed, ${win.available - 16} present`);
    }
    const d = win.pos + 16;
    const tsSec = u32(win.buf, d - 16);
    const tsNsec = u32(win.buf, d - 12) * fracToNs;
    let rec: PacketRecord;
    if (shared !== undefined) {
      // The sink may have changed any field of the last one (capture's does): each is set again.
      shared.frame = ++frame;
      shared.offset = off;
      shared.interfaceId = 0;
      shared.linkType = linkType;
      shared.tsSec = tsSec;
      shared.tsNsec = tsNsec;
      shared.capLen = capLen;
      shared.wireLen = Math.max(wireLen, capLen);
      shared.chunk = win.buf;
      shared.dataAt = d;
      shared.direction = 'unknown';
      rec = shared;
    } else {
      rec = { frame: ++frame, offset: off, interfaceId: 0, linkType, tsSec, tsNsec, capLen, wireLen: Math.max(wireLen, capLen), data: win.buf.subarray(d, d + capLen), direction: 'unknown' };
    }
    win.pos = d + capLen;
    summary.packets++;
    summary.bytes += capLen;
    sink(rec, summary);
  }
}

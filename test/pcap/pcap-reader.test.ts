// Classic pcap reading from hand-built bytes (both byte orders, µs and ns), gzip input, and
// records straddling the reader's 4 MiB chunks, including one larger than a chunk.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createWriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { CHUNK_SIZE } from '../../src/pcap/chunk-source.js';
import { PcapWriter, readCapture, type PacketRecord } from '../../src/pcap/index.js';
import { pattern } from '../../scripts/synth/frames.js';
import { readAll, scratchDir } from '../support.js';
import { fields } from './fields.js';

const dir = scratchDir();

/** A pcap file header and records written field by field, independent of PcapWriter. */
function handPcap(bigEndian: boolean, nano: boolean, records: { sec: number; frac: number; data: Buffer; wire: number }[]): Buffer {
  const { u16, u32 } = fields(bigEndian);
  const header = Buffer.concat([u32(nano ? 0xa1b23c4d : 0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(65535), u32(1)]);
  return Buffer.concat([header, ...records.flatMap((r) => [u32(r.sec), u32(r.frac), u32(r.data.length), u32(r.wire), r.data])]);
}

const RECS = [
  { sec: 1_700_000_000, frac: 999_999, data: Buffer.from('00112233445566778899aabb0800', 'hex'), wire: 14 },
  { sec: 1_700_000_001, frac: 1, data: Buffer.from('deadbeef', 'hex'), wire: 1514 },
];

describe('pcap reader', () => {
  for (const bigEndian of [false, true]) {
    for (const nano of [false, true]) {
      it(`reads ${bigEndian ? 'big' : 'little'}-endian ${nano ? 'nanosecond' : 'microsecond'} files`, async () => {
        const path = join(dir, `hand-${bigEndian}-${nano}.pcap`);
        writeFileSync(path, handPcap(bigEndian, nano, RECS));
        const { records, summary, error } = await readAll(path);
        assert.equal(error, undefined);
        assert.equal(summary.format, nano ? 'pcap-ns' : 'pcap');
        assert.deepEqual(summary.interfaces, [{ id: 0, linkType: 1, snapLen: 65535, tsUnitsPerSec: nano ? 1e9 : 1e6 }]);
        assert.equal(records.length, 2);
        // The second record: 1 µs (or 1 ns) past the second, 4 bytes of 1514 captured.
        assert.deepEqual(
          records.map((r) => [r.frame, r.offset, r.tsSec, r.tsNsec, r.capLen, r.wireLen, r.data.toString('hex')]),
          [
            [1, 24, 1_700_000_000, nano ? 999_999 : 999_999_000, 14, 14, '00112233445566778899aabb0800'],
            [2, 24 + 16 + 14, 1_700_000_001, nano ? 1 : 1000, 4, 1514, 'deadbeef'],
          ],
        );
      });
    }
  }

  it('reads gzip-compressed input the same as the plain file', async () => {
    const plain = join(dir, 'plain.pcap');
    const gz = join(dir, 'plain.pcap.gz');
    const bytes = handPcap(false, false, RECS);
    writeFileSync(plain, bytes);
    writeFileSync(gz, gzipSync(bytes));
    const a = await readAll(plain);
    const b = await readAll(gz);
    assert.equal(b.summary.gzip, true);
    assert.equal(a.summary.gzip, false);
    assert.deepEqual(b.records, a.records);
  });

  it('keeps every record intact across 4 MiB chunk boundaries, one record larger than a chunk', async () => {
    const path = join(dir, 'big.pcap');
    const w = new PcapWriter(createWriteStream(path), { linkType: 1, snapLen: 8 * 1024 * 1024 });
    const digests: string[] = [];
    const sizes: number[] = [];
    let offset = 24;
    const boundaries = new Set<number>();
    // Odd sizes so records land across the boundaries at odd offsets; record 3000 is 5 MiB.
    for (let i = 0; offset < 3 * CHUNK_SIZE + 100_000; i++) {
      const size = i === 3000 ? 5 * 1024 * 1024 + 3 : 997 + (i % 13);
      const data = pattern(size, i);
      const start = offset;
      offset += 16 + size;
      for (let k = 1; k <= 3; k++) if (start < k * CHUNK_SIZE && offset > k * CHUNK_SIZE) boundaries.add(i);
      w.writePacket({ tsSec: 1, tsNsec: i * 1000, data });
      digests.push(createHash('sha1').update(data).digest('hex'));
      sizes.push(size);
    }
    await w.close();
    assert.ok(boundaries.size >= 3, 'records cross each chunk boundary');
    const seen: string[] = [];
    const { records, error } = await readAll(path);
    assert.equal(error, undefined);
    for (const r of records) seen.push(createHash('sha1').update(r.data).digest('hex'));
    assert.equal(records.length, digests.length);
    assert.deepEqual(records.map((r) => r.capLen), sizes);
    assert.deepEqual(seen, digests);
    for (const i of boundaries) assert.equal(seen[i], digests[i], `record ${i + 1} straddling a boundary`);
  });

  it('reads records past the snap length up to the link type\'s maximum, as libpcap, warning once', async () => {
    const { u16, u32 } = fields(false);
    const header = (snapLen: number, linkType: number): Buffer => Buffer.concat([u32(0xa1b2c3d4), u16(2), u16(4), u32(0), u32(0), u32(snapLen), u32(linkType)]);
    const record = (data: Buffer): Buffer => Buffer.concat([u32(1), u32(0), u32(data.length), u32(data.length), data]);
    // USBPcap (249): libpcap reads up to 1 MiB whatever the snap length (100 here); two records past it.
    const usb = join(dir, 'usbpcap.pcap');
    writeFileSync(usb, Buffer.concat([header(100, 249), record(Buffer.alloc(300_000, 1)), record(Buffer.alloc(200, 2))]));
    const a = await readAll(usb);
    assert.equal(a.error, undefined);
    assert.deepEqual(a.records.map((r) => r.capLen), [300_000, 200]);
    assert.equal(a.summary.warning, `${usb}: byte offset 24: record claims 300000 captured bytes, more than the snap length 100; read on, as libpcap reads up to 1048576 bytes for link type 249`);
    // Ethernet (1): 262144 at most; the record past it stops the file, the one before still counts.
    const eth = join(dir, 'ethernet-over.pcap');
    writeFileSync(eth, Buffer.concat([header(100, 1), record(Buffer.alloc(150, 1)), record(Buffer.alloc(262_145, 2))]));
    const b = await readAll(eth);
    assert.equal(b.records.length, 1);
    assert.equal(b.error, `${eth}: byte offset ${24 + 16 + 150}: record claims 262145 captured bytes, more than the snap length 100 and the 262144 bytes libpcap allows for link type 1`);
    assert.match(b.summary.warning ?? '', /byte offset 24: record claims 150 captured bytes/);
  });

  it('hands one record object, refilled, when asked to reuse it: the same fields as fresh ones', async () => {
    const path = join(dir, 'reuse.pcap');
    writeFileSync(path, handPcap(false, true, RECS));
    const seen: unknown[] = [];
    const objects = new Set<PacketRecord>();
    const { error } = await readCapture(
      path,
      (r) => {
        objects.add(r);
        seen.push([r.frame, r.offset, r.tsSec, r.tsNsec, r.capLen, r.wireLen, r.interfaceId, r.direction, r.data.toString('hex')]);
        // A sink may change fields (capture does): the next record must not inherit them.
        r.interfaceId = 7;
        r.direction = 'inbound';
      },
      { reuseRecord: true },
    );
    assert.equal(error, undefined);
    assert.equal(objects.size, 1);
    const fresh = await readAll(path);
    assert.deepEqual(
      seen,
      fresh.records.map((r) => [r.frame, r.offset, r.tsSec, r.tsNsec, r.capLen, r.wireLen, r.interfaceId, r.direction, r.data.toString('hex')]),
    );
  });
});

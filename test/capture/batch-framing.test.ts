// The native engine's stdout (native/ovsf-capture.c): a batch header, then EPBs laid out exactly as
// the JS pcapng writer lays them out, so the parent appends them to its file unchanged. The fixture
// is written out field by field; tshark reads it back inside a pcapng of the writer's.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { BatchReader, firstBlocks, gather, type Batch } from '../../src/capture/batch-framing.js';
import { EpbRecords } from '../../src/capture/epb-records.js';
import { PcapngWriter } from '../../src/pcap/index.js';
import type { PacketRecord } from '../../src/pcap/types.js';
import { have, scratchDir } from '../support.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+|#[^\n]*/g, ''), 'hex');

// 1,700,000,000.123456789 s in nanoseconds = 0x17979cfe_3d85cd15 (past 2^53).
const EPB_INBOUND = hex(`
  06000000   # block type 6: Enhanced Packet Block
  34000000   # block total length 52
  01000000   # interface id 1
  fe9c9717   # timestamp, high 32 bits
  15cd853d   # timestamp, low 32 bits
  05000000   # captured length 5
  3c000000   # original (wire) length 60
  aabbccddee 000000   # 5 data bytes, padded to 8
  0200 0400  # option epb_flags, 4 bytes
  01000000   # direction 01: inbound
  00000000   # opt_endofopt
  34000000   # block total length again
`);
const EPB_UNKNOWN = hex(`
  06000000 24000000   # EPB, 36 bytes
  00000000            # interface id 0
  fe9c9717 16cd853d   # one nanosecond later
  04000000 04000000   # 4 bytes captured of 4
  01020304            # data, no padding needed
  24000000            # no options: the direction is unknown
`);
const BATCH = Buffer.concat([
  hex(`
  4f565342   # magic "OVSB"
  58000000   # payload bytes 88 (52 + 36)
  02000000   # packets 2
  09000000   # captured bytes 9 (5 + 4)
`),
  EPB_INBOUND,
  EPB_UNKNOWN,
]);

function batchesOf(stream: Buffer, pieces: number): Batch[] {
  const reader = new BatchReader();
  const got: Batch[] = [];
  for (let at = 0; at < stream.length; at += pieces) reader.push(stream.subarray(at, at + pieces), (b) => got.push(b));
  assert.ok(reader.idle);
  return got;
}

describe('batch framing', () => {
  it('the JS writer lays out an EPB byte for byte as the engine does', () => {
    const w = new PcapngWriter(new Writable({ write: (_c, _e, done) => done() }));
    w.addInterface({ linkType: 1, tsresol: 9 });
    w.addInterface({ linkType: 1, tsresol: 9 });
    assert.deepEqual(w.packetBlock(1, { tsSec: 1_700_000_000, tsNsec: 123_456_789, data: hex('aabbccddee'), wireLen: 60, direction: 'inbound' }), EPB_INBOUND);
    assert.deepEqual(w.packetBlock(0, { tsSec: 1_700_000_000, tsNsec: 123_456_790, data: hex('01020304') }), EPB_UNKNOWN);
  });

  it('cuts a stream into batches whatever pieces the pipe delivers', () => {
    const stream = Buffer.concat([BATCH, BATCH, BATCH]);
    for (const pieces of [1, 3, 16, 17, 104, stream.length]) {
      const got = batchesOf(stream, pieces);
      assert.equal(got.length, 3, `pieces of ${pieces}`);
      for (const b of got) {
        assert.deepEqual([b.bytes, b.packets, b.captured], [88, 2, 9]);
        assert.deepEqual(gather(b), Buffer.concat([EPB_INBOUND, EPB_UNKNOWN]));
      }
    }
  });

  it('refuses a header that is not a batch', () => {
    assert.throws(() => new BatchReader().push(Buffer.concat([hex('4f565343'), BATCH.subarray(4)]), () => {}), /not a capture batch/);
    assert.throws(() => new BatchReader().push(hex('4f565342 02000000 00000000 00000000'), () => {}), /capture batch of 2 bytes/);
  });

  it('keeps the first blocks of a batch (-c reached inside it)', () => {
    const [b] = batchesOf(BATCH, BATCH.length);
    const one = firstBlocks(b!, 1);
    assert.deepEqual([one.bytes, one.packets, one.captured], [52, 1, 5]);
    assert.deepEqual(gather(one), EPB_INBOUND);
  });

  it('reads the EPBs back as records: exact nanoseconds past 2^53, both lengths, direction', () => {
    const got: Omit<PacketRecord, 'data' | 'offset'>[] = [];
    const data: string[] = [];
    const error = new EpbRecords().read(Buffer.concat([EPB_INBOUND, EPB_UNKNOWN]), 41, () => 1, (r) => {
      const { frame, interfaceId, linkType, tsSec, tsNsec, capLen, wireLen, direction } = r;
      got.push({ frame, interfaceId, linkType, tsSec, tsNsec, capLen, wireLen, direction });
      // The bytes where the record names them in the batch (no view made per frame) and as its data view.
      data.push(r.chunk!.subarray(r.dataAt, r.dataAt! + capLen).toString('hex'), r.data.toString('hex'));
    });
    assert.equal(error, undefined);
    assert.deepEqual(got, [
      { frame: 41, interfaceId: 1, linkType: 1, tsSec: 1_700_000_000, tsNsec: 123_456_789, capLen: 5, wireLen: 60, direction: 'inbound' },
      { frame: 42, interfaceId: 0, linkType: 1, tsSec: 1_700_000_000, tsNsec: 123_456_790, capLen: 4, wireLen: 4, direction: 'unknown' },
    ]);
    assert.deepEqual(data, ['aabbccddee', 'aabbccddee', '01020304', '01020304']);
  });

  it('stops at a block that does not fit, and at an undeclared interface', () => {
    const records = new EpbRecords();
    assert.match(records.read(EPB_INBOUND.subarray(0, 40), 1, () => 1, () => {}) ?? '', /cut short|52 bytes/);
    const lying = Buffer.from(EPB_INBOUND);
    lying.writeUInt32LE(400, 20);
    assert.match(records.read(lying, 1, () => 1, () => {}) ?? '', /claims 400 captured bytes/);
    assert.match(records.read(EPB_INBOUND, 1, () => undefined, () => {}) ?? '', /undeclared interface 1/);
  });

  it('tshark reads the payload appended after the writer\'s section and interface blocks', (t) => {
    if (!have('tshark')) {
      assert.ok(!process.env.CI, 'CI has tshark (scripts/install-deps.sh)');
      return t.skip('no tshark');
    }
    const chunks: Buffer[] = [];
    const w = new PcapngWriter(new Writable({ write: (c: Buffer, _e, done) => (chunks.push(c), done()) }));
    w.addInterface({ linkType: 1, name: 'a', tsresol: 9 });
    w.addInterface({ linkType: 1, name: 'b', tsresol: 9 });
    const [b] = batchesOf(BATCH, BATCH.length);
    w.appendBlocks(b!.parts);
    const path = join(scratchDir(), 'batch.pcapng');
    writeFileSync(path, Buffer.concat(chunks));
    const r = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.time_epoch', '-e', 'frame.cap_len', '-e', 'frame.len', '-e', 'frame.packet_flags_direction'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').filter(Boolean), ['b\t1700000000.123456789\t5\t60\t0x00000001', 'a\t1700000000.123456790\t4\t4\t']);
  });
});

// The capture's byte path without a network: a child's pcap stream cut into arbitrary pieces and
// read by the one pcap parser, several streams merged into one pcapng (interfaces, direction,
// statistics) read back by our reader, by capinfos and by tshark, and the rotating ring of files.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { CaptureOutput, rotatedName } from '../../src/capture/output.js';
import { PcapWriter, readableSource, readSource } from '../../src/pcap/index.js';
import type { PacketRecord } from '../../src/pcap/types.js';
import { have, readAll, scratchDir } from '../support.js';

const dir = scratchDir();

/** A classic nanosecond pcap of n frames whose bytes and lengths vary with their index. */
function pcapBytes(n: number, size: (i: number) => number): Buffer {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(c: Buffer, _e, done) {
      chunks.push(c);
      done();
    },
  });
  const w = new PcapWriter(sink, { linkType: 1, snapLen: 262144, nanosecond: true });
  for (let i = 0; i < n; i++) w.writePacket({ tsSec: 1_700_000_000 + i, tsNsec: i * 7, data: Buffer.alloc(size(i), i & 0xff), wireLen: size(i) + (i % 3) });
  return Buffer.concat(chunks);
}

async function readStream(bytes: Buffer, pieces: number[]): Promise<PacketRecord[]> {
  const s = new PassThrough();
  const got: PacketRecord[] = [];
  const reading = readSource(readableSource('child', s), (r) => got.push({ ...r, data: Buffer.from(r.data) }));
  // Written in uneven pieces, with pauses, as a pipe delivers them.
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = pieces[k % pieces.length]!;
    s.write(bytes.subarray(at, at + n));
    at += n;
    if (k % 7 === 0) await new Promise((r) => setImmediate(r));
  }
  s.end();
  const { error } = await reading;
  assert.equal(error, undefined);
  return got;
}

describe('live stream source', () => {
  it('reads a pcap stream delivered in odd pieces, frames larger than 64 KB included', async () => {
    const size = (i: number): number => (i % 10 === 0 ? 70_000 + i : 60 + ((i * 37) % 1400));
    const bytes = pcapBytes(500, size);
    for (const pieces of [[1], [7, 4093, 65536], [1 << 20]]) {
      const got = await readStream(pieces[0] === 1 ? bytes.subarray(0, 24 + 3 * 16 + size(0) + size(1) + size(2)) : bytes, pieces);
      const expect = pieces[0] === 1 ? 3 : 500;
      assert.equal(got.length, expect, `pieces ${pieces.join(',')}`);
      for (const [i, r] of got.entries()) {
        assert.equal(r.capLen, size(i));
        assert.equal(r.wireLen, size(i) + (i % 3));
        assert.equal(r.tsSec, 1_700_000_000 + i);
        assert.equal(r.tsNsec, i * 7);
        assert.ok(r.data.every((b) => b === (i & 0xff)));
      }
    }
  });

  it('reports a stream cut inside a record as an input error after the good records', async () => {
    const bytes = pcapBytes(3, () => 100);
    const s = new PassThrough();
    const got: number[] = [];
    const reading = readSource(readableSource('child', s), (r) => got.push(r.frame));
    s.end(bytes.subarray(0, bytes.length - 10));
    const { error } = await reading;
    assert.deepEqual(got, [1, 2]);
    assert.match(error?.message ?? '', /^child: byte offset \d+: record is cut short/);
  });
});

describe('merged pcapng output', () => {
  const frame = (src: number, dst: number, len: number): Buffer => {
    const b = Buffer.alloc(len);
    b.writeUIntBE(dst, 0, 6);
    b.writeUIntBE(src, 6, 6);
    b.writeUInt16BE(0x88b5, 12);
    return b;
  };

  it('one interface block per point, direction flags and statistics: our reader, capinfos and tshark agree', async () => {
    const path = join(dir, 'merged.pcapng');
    const out = new CaptureOutput({ path, application: 'test' });
    const a = out.addInterface({ linkType: 1, snapLen: 262144, name: 'vm/ovsf-hostB/eth0', description: 'underlay', tsresol: 9 });
    const b = out.addInterface({ linkType: 1, snapLen: 262144, name: 'vm/test_mac_2/eth1', description: 'container', tsresol: 9 });
    out.write(a, { tsSec: 1_700_000_000, tsNsec: 123_456_789, data: frame(1, 2, 60), direction: 'inbound' });
    out.write(b, { tsSec: 1_700_000_000, tsNsec: 223_456_789, data: frame(2, 1, 70_000), direction: 'outbound' });
    out.write(a, { tsSec: 1_700_000_001, tsNsec: 1, data: frame(3, 4, 100), wireLen: 1500, direction: 'unknown' });
    out.writeStats(a, { tsSec: 1_700_000_002, tsNsec: 0, ifrecv: 5, ifdrop: 1, osdrop: 2 });
    out.writeStats(b, { tsSec: 1_700_000_002, tsNsec: 0, ifrecv: 1, ifdrop: 0, osdrop: 0 });
    await out.close();
    const back = await readAll(path);
    assert.equal(back.error, undefined);
    assert.deepEqual(back.summary.interfaces.map((i) => [i.name, i.description, i.tsUnitsPerSec, i.stats]), [
      ['vm/ovsf-hostB/eth0', 'underlay', 1e9, { ifrecv: 5, ifdrop: 1, osdrop: 2 }],
      ['vm/test_mac_2/eth1', 'container', 1e9, { ifrecv: 1, ifdrop: 0, osdrop: 0 }],
    ]);
    assert.deepEqual(back.records.map((r) => [r.interfaceId, r.direction, r.capLen, r.wireLen, r.tsNsec]), [
      [0, 'inbound', 60, 60, 123_456_789],
      [1, 'outbound', 70_000, 70_000, 223_456_789],
      [0, 'unknown', 100, 1500, 1],
    ]);
    assert.deepEqual(out.summaries().map((s) => [s.path, s.packets]), [[path, 3]]);

    if (!have('capinfos') || !have('tshark')) {
      assert.ok(!process.env.CI, 'CI has tshark (scripts/install-deps.sh)');
      return;
    }
    const info = spawnSync('capinfos', ['-c', '-I', path], { encoding: 'utf8' });
    assert.equal(info.status, 0, info.stderr);
    assert.match(info.stdout, /Number of packets:\s+3/);
    assert.match(info.stdout, /Name = vm\/test_mac_2\/eth1/);
    const t = spawnSync('tshark', ['-r', path, '-T', 'fields', '-e', 'frame.interface_name', '-e', 'frame.packet_flags_direction', '-e', 'frame.len'], { encoding: 'utf8' });
    assert.equal(t.status, 0, t.stderr);
    assert.deepEqual(t.stdout.trim().split('\n'), ['vm/ovsf-hostB/eth0\t0x00000001\t60', 'vm/test_mac_2/eth1\t0x00000002\t70000', 'vm/ovsf-hostB/eth0\t\t1500']);
  });

  it('rotates into complete files and, with a ring, removes the oldest', async () => {
    assert.equal(rotatedName('/x/cap.pcapng', 0), '/x/cap.pcapng');
    assert.equal(rotatedName('/x/cap.pcapng', 2), '/x/cap-2.pcapng');
    assert.equal(rotatedName('/x.d/cap', 1), '/x.d/cap-1');
    const path = join(dir, 'ring.pcapng');
    const out = new CaptureOutput({ path, rotateBytes: 300_000, maxFiles: 3, application: 'test' });
    const id = out.addInterface({ linkType: 1, snapLen: 262144, name: 'p', tsresol: 9 });
    for (let i = 0; i < 256 * 6; i++) out.write(id, { tsSec: i, tsNsec: 0, data: frame(1, 2, 1000), direction: 'outbound' });
    out.writeStats(id, { tsSec: 9, tsNsec: 0, ifrecv: 256 * 6 });
    await out.close();
    const live = out.summaries().filter((s) => s.error === undefined);
    // Oldest first: the ring reuses cap.pcapng after cap-2.pcapng.
    assert.deepEqual(live.map((s) => s.path).sort(), [rotatedName(path, 0), rotatedName(path, 1), rotatedName(path, 2)].sort());
    assert.ok(out.summaries().length > 3, 'the ring went round');
    let total = 0;
    for (const s of live) {
      assert.ok(existsSync(s.path) && statSync(s.path).size > 0);
      const back = await readAll(s.path);
      assert.equal(back.error, undefined, s.path);
      assert.equal(back.summary.interfaces[0]?.name, 'p', 'every file declares its interfaces again');
      assert.equal(back.records.length, s.packets);
      total += s.packets;
    }
    assert.ok(total < 256 * 6, 'the oldest file was overwritten');
  });
});

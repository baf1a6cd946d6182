// The writers against the readers and against bytes spelled out by hand: classic pcap in both
// byte orders and resolutions, pcapng with interface options, epb_flags, statistics, streaming to
// a file descriptor, and nanosecond timestamps past 2^53.

import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { PcapngWriter, PcapWriter } from '../../src/pcap/index.js';
import { readAll, scratchDir } from '../support.js';

const dir = scratchDir();

/** A Writable that keeps every byte written to it. */
function collector(): { stream: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { stream, bytes: () => Buffer.concat(chunks) };
}

describe('pcap writer', () => {
  it('writes the libpcap header and records field by field', async () => {
    const c = collector();
    const w = new PcapWriter(c.stream, { linkType: 113, snapLen: 4, bigEndian: true });
    w.writePacket({ tsSec: 0x01020304, tsNsec: 5_000, data: Buffer.from('a1a2a3a4a5', 'hex') });
    await w.close();
    assert.equal(
      c.bytes().toString('hex'),
      // magic µs BE, version 2.4, thiszone 0, sigfigs 0, snaplen 4, link type 113
      'a1b2c3d4' + '0002' + '0004' + '00000000' + '00000000' + '00000004' + '00000071' +
        // ts 0x01020304 s, 5 µs, caplen 4 (cut by the snap length), wire length 5, data
        '01020304' + '00000005' + '00000004' + '00000005' + 'a1a2a3a4',
    );
  });

  for (const nanosecond of [false, true]) {
    it(`round-trips through the reader (${nanosecond ? 'ns' : 'µs'}, little-endian, to a file descriptor)`, async () => {
      const path = join(dir, `rt-${nanosecond}.pcap`);
      const fd = openSync(path, 'w');
      const w = new PcapWriter(fd, { linkType: 1, nanosecond });
      w.writePacket({ tsSec: 1_700_000_000, tsNsec: 123_456_789, data: Buffer.alloc(60, 1), wireLen: 1514 });
      await w.close();
      closeSync(fd);
      const { records, summary } = await readAll(path);
      assert.equal(summary.format, nanosecond ? 'pcap-ns' : 'pcap');
      assert.deepEqual(records.map((r) => [r.tsSec, r.tsNsec, r.capLen, r.wireLen]), [[1_700_000_000, nanosecond ? 123_456_789 : 123_456_000, 60, 1514]]);
    });
  }
});

describe('pcapng writer', () => {
  it('writes SHB, IDB with if_name/if_description/if_tsresol, EPB with epb_flags, ISB', async () => {
    const c = collector();
    const w = new PcapngWriter(c.stream);
    assert.equal(w.addInterface({ linkType: 1, name: 'ab', description: 'xyz' }), 0);
    w.writePacket(0, { tsSec: 1, tsNsec: 2, data: Buffer.from('0102030405', 'hex'), direction: 'outbound' });
    w.writeStats(0, { tsSec: 2, tsNsec: 0, ifrecv: 1, ifdrop: 0, osdrop: 3 });
    await w.close();
    const hex = c.bytes().toString('hex');
    const shb = '0a0d0d0a' + '1c000000' + '4d3c2b1a' + '0100' + '0000' + 'ffffffffffffffff' + '1c000000';
    const idb =
      '01000000' + '30000000' + '0100' + '0000' + '00000000' +
      // if_name "ab" (padded), if_description "xyz" (padded), if_tsresol 9 (padded), end of options
      '0200' + '0200' + '61620000' + '0300' + '0300' + '78797a00' + '0900' + '0100' + '09000000' + '00000000' + '30000000';
    // 1 s + 2 ns at 10^-9 = 1_000_000_002 = 0x3b9aca02; epb_flags 2 (outbound)
    const epb = '06000000' + '34000000' + '00000000' + '00000000' + '02ca9a3b' + '05000000' + '05000000' + '0102030405000000' + '0200' + '0400' + '02000000' + '00000000' + '34000000';
    // ISB at 2 s = 0x77359400 ns; isb_ifrecv 1, isb_ifdrop 0, isb_osdrop 3 (64-bit each)
    const isb = '05000000' + '40000000' + '00000000' + '00000000' + '00943577' + '0400' + '0800' + '0100000000000000' + '0500' + '0800' + '0000000000000000' + '0700' + '0800' + '0300000000000000' + '00000000' + '40000000';
    assert.equal(hex, shb + idb + epb + isb);
  });

  it('round-trips interfaces, directions and a nanosecond timestamp past 2^53, in both byte orders', async () => {
    for (const bigEndian of [false, true]) {
      const path = join(dir, `rt-${bigEndian}.pcapng`);
      const w = new PcapngWriter(openSync(path, 'w'), { bigEndian, application: 'test' });
      w.addInterface({ linkType: 1, name: 'eth0', snapLen: 8 });
      w.addInterface({ linkType: 276, name: 'any', description: 'cooked', tsresol: 6 });
      w.writePacket(0, { tsSec: 1_700_000_000, tsNsec: 999_999_999, data: Buffer.alloc(20, 2), direction: 'inbound' });
      w.writePacket(1, { tsSec: 7, tsNsec: 1_500, data: Buffer.alloc(3, 3), direction: 'outbound', flags: 1 << 9 });
      w.writeStats(1, { tsSec: 8, tsNsec: 0, ifrecv: 2 });
      w.writePacket(0, { tsSec: 5, tsNsec: 0, data: Buffer.alloc(1) });
      await w.close();
      const { records, summary, error } = await readAll(path);
      assert.equal(error, undefined);
      assert.deepEqual(summary.interfaces.map((i) => [i.linkType, i.name, i.description, i.snapLen, i.tsUnitsPerSec]), [
        [1, 'eth0', undefined, 8, 1e9],
        [276, 'any', 'cooked', 0, 1e6],
      ]);
      assert.deepEqual(
        records.map((r) => [r.interfaceId, r.tsSec, r.tsNsec, r.capLen, r.wireLen, r.direction, r.flags]),
        [
          [0, 1_700_000_000, 999_999_999, 8, 20, 'inbound', 1],
          [1, 7, 1_000, 3, 3, 'outbound', (1 << 9) | 2],
          [0, 5, 0, 1, 1, 'unknown', undefined],
        ],
      );
      // The byte-order magic says which order the section was written in.
      const magic = readFileSync(path).subarray(8, 12).toString('hex');
      assert.equal(magic, bigEndian ? '1a2b3c4d' : '4d3c2b1a');
    }
  });

  it('an ISB comment: opt_comment first, UTF-8 padded to 4, read back with the counters', async () => {
    const c = collector();
    const w = new PcapngWriter(c.stream);
    w.addInterface({ linkType: 1 });
    w.writeStats(0, { tsSec: 0, tsNsec: 0, ifdrop: 4, comment: 'hé' });
    await w.close();
    const hex = c.bytes().toString('hex');
    // opt_comment (1), 3 bytes: 'h' 0xc3 0xa9, one byte of padding; isb_ifdrop (5) 4; end of options
    const body = '00000000' + '00000000' + '00000000' + '0100' + '0300' + '68c3a900' + '0500' + '0800' + '0400000000000000' + '00000000';
    assert.ok(hex.endsWith('05000000' + '30000000' + body + '30000000'), hex);
    const path = join(dir, 'isb-comment.pcapng');
    const fd = openSync(path, 'w');
    const f = new PcapngWriter(fd);
    f.addInterface({ linkType: 1 });
    f.writePacket(0, { tsSec: 1, tsNsec: 0, data: Buffer.alloc(14) });
    f.writeStats(0, { tsSec: 2, tsNsec: 0, osdrop: 1, comment: 'ovsforensics.counters/1 {}' });
    await f.close();
    closeSync(fd);
    const { summary } = await readAll(path);
    assert.deepEqual(summary.interfaces[0]!.stats, { osdrop: 1, comments: ['ovsforensics.counters/1 {}'] });
  });

  it('refuses a packet for an interface it never described', () => {
    const w = new PcapngWriter(collector().stream);
    assert.throws(() => w.writePacket(0, { tsSec: 0, tsNsec: 0, data: Buffer.alloc(1) }), /no interface 0/);
  });
});

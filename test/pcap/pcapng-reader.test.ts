// pcapng reading from hand-built blocks: sections of both byte orders in one file, interfaces
// with different link types and if_tsresol (10^-n, 2^-n, nanoseconds past 2^53), EPB, SPB and the
// obsolete Packet Block, unknown blocks skipped, epb_flags direction, and a record across a chunk.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHUNK_SIZE } from '../../src/pcap/chunk-source.js';
import { splitTimestamp } from '../../src/pcap/pcapng-reader.js';
import { pattern } from '../../scripts/synth/frames.js';
import { readAll, scratchDir } from '../support.js';
import { fields } from './fields.js';

const dir = scratchDir();

describe('pcapng reader', () => {
  it('reads two sections of opposite byte order, each with its own interfaces', async () => {
    const le = fields(false);
    const be = fields(true);
    const d1 = Buffer.from('aabbccdd', 'hex');
    const d2 = Buffer.from('0102030405', 'hex');
    const file = Buffer.concat([
      le.shb(),
      // Interface 0: Ethernet, default microseconds, named.
      le.idb(1, 0, [le.option(2, Buffer.from('eth0')), le.option(3, Buffer.from('underlay'))]),
      // Interface 1: raw IP with if_tsresol 0x8a = 2^-10 seconds.
      le.idb(101, 96, [le.option(9, Buffer.from([0x8a]))]),
      // An unknown block type (0x0BAD) and a Name Resolution Block (4): both skipped by length.
      le.block(0x0bad, Buffer.alloc(12, 7)),
      le.block(4, Buffer.alloc(4)),
      // 1,700,000,000.5 s in µs = 1_700_000_000_500_000 = 0x00060a24_1825e120 (hand-split).
      le.epb(0, 0x00060a24, 0x1825e120, d1, 60, [le.option(2, le.u32(0x00000001))]),
      // 3 * 1024 + 256 units of 2^-10 s = 3.25 s.
      le.epb(1, 0, 3 * 1024 + 256, d2, 5, [le.option(2, le.u32(0x00000002))]),
      be.shb(),
      // The second section starts interface numbering again: SLL2 with nanoseconds.
      be.idb(276, 0, [be.option(9, Buffer.from([9]))]),
      // 2^53 + 12345 ns (beyond exact doubles) = 9007199254753337 ns = 0x00200000_00003039.
      be.epb(0, 0x00200000, 0x00003039, d1, 4),
    ]);
    const path = join(dir, 'sections.pcapng');
    writeFileSync(path, file);
    const { records, summary, error } = await readAll(path);
    assert.equal(error, undefined);
    assert.equal(summary.format, 'pcapng');
    assert.deepEqual(
      summary.interfaces.map((i) => [i.id, i.linkType, i.snapLen, i.name, i.description, i.tsUnitsPerSec]),
      [
        [0, 1, 0, 'eth0', 'underlay', 1e6],
        [1, 101, 96, undefined, undefined, 1024],
        [2, 276, 0, undefined, undefined, 1e9],
      ],
    );
    assert.deepEqual(
      records.map((r) => [r.frame, r.interfaceId, r.linkType, r.tsSec, r.tsNsec, r.capLen, r.wireLen, r.direction, r.data.toString('hex')]),
      [
        [1, 0, 1, 1_700_000_000, 500_000_000, 4, 60, 'inbound', 'aabbccdd'],
        [2, 1, 101, 3, 250_000_000, 5, 5, 'outbound', '0102030405'],
        // 9007199254753337 ns = 9007199 s + 254753337 ns, exactly.
        [3, 2, 276, 9_007_199, 254_753_337, 4, 4, 'unknown', 'aabbccdd'],
      ],
    );
    assert.equal(records[0]!.flags, 1);
  });

  it('reads packet blocks past their interface\'s snap length up to the link type\'s maximum, warning once', async () => {
    const le = fields(false);
    const d = Buffer.alloc(300, 7);
    // Interface 0: Ethernet, snap length 64; two EPBs of 300 captured bytes each.
    const head = Buffer.concat([le.shb(), le.idb(1, 64, [])]);
    const path = join(dir, 'past-snap.pcapng');
    writeFileSync(path, Buffer.concat([head, le.epb(0, 0, 1, d, 300), le.epb(0, 0, 2, d, 300)]));
    const { records, summary, error } = await readAll(path);
    assert.equal(error, undefined);
    assert.deepEqual(records.map((r) => r.capLen), [300, 300]);
    assert.equal(summary.warning, `${path}: byte offset ${head.length}: packet block of interface 0 claims 300 captured bytes, more than the snap length 64; read on, as libpcap reads up to 262144 bytes for link type 1`);
  });

  it('reads Simple Packet Blocks and obsolete Packet Blocks', async () => {
    const f = fields(false);
    const data = Buffer.from('00112233445566', 'hex');
    const file = Buffer.concat([
      f.shb(),
      f.idb(1, 4, []),
      // SPB: original length 7, data cut to the interface's snap length 4.
      f.block(3, f.u32(7), data),
      // Obsolete PB (type 2): interface 0 (2 bytes), drops count (2), timestamp 0:1_000_001 µs.
      f.block(2, f.u16(0), f.u16(0), f.u32(0), f.u32(1_000_001), f.u32(3), f.u32(7), data.subarray(0, 3)),
    ]);
    const path = join(dir, 'spb.pcapng');
    writeFileSync(path, file);
    const { records, error } = await readAll(path);
    assert.equal(error, undefined);
    assert.deepEqual(
      records.map((r) => [r.frame, r.tsSec, r.tsNsec, r.capLen, r.wireLen, r.data.toString('hex')]),
      [
        [1, 0, 0, 4, 7, '00112233'],
        [2, 1, 1000, 3, 7, '001122'],
      ],
    );
  });

  it('keeps an Enhanced Packet Block that straddles the 4 MiB chunk boundary', async () => {
    const f = fields(false);
    const head = Buffer.concat([f.shb(), f.idb(1, 0, [])]);
    // Filler inside a skipped custom block puts the next block 8 bytes before the boundary.
    const fillerLen = CHUNK_SIZE - head.length - 8 - 12;
    const filler = f.block(0x00000bad, Buffer.alloc(fillerLen));
    const data = pattern(3001, 42);
    const file = Buffer.concat([head, filler, f.epb(0, 0, 5, data, 3001), f.epb(0, 0, 6, data.subarray(0, 10), 10)]);
    assert.ok(head.length + filler.length < CHUNK_SIZE && head.length + filler.length + 40 > CHUNK_SIZE);
    const path = join(dir, 'straddle.pcapng');
    writeFileSync(path, file);
    const { records, error } = await readAll(path);
    assert.equal(error, undefined);
    assert.equal(records.length, 2);
    assert.equal(records[0]!.offset, head.length + filler.length);
    assert.ok(records[0]!.data.equals(data));
    assert.ok(records[1]!.data.equals(data.subarray(0, 10)));
  });
});

describe('pcapng timestamps', () => {
  it('split into seconds and nanoseconds exactly as BigInt does, at every resolution and size', () => {
    const reference = (hi: number, lo: number, units: number): [number, number] => {
      const big = (BigInt(hi) << 32n) | BigInt(lo);
      const u = BigInt(units);
      return [Number(big / u), Number(((big % u) * 1_000_000_000n) / u)];
    };
    // Units of 10^-n and 2^-n s as if_tsresol gives them, and odd ones.
    const units = [1, 3, 10, 1000, 1024, 1e6, 2 ** 20, 1e7, 1e9, 2 ** 30, 1e10, 1e12, 2 ** 40, 1e15];
    // A fixed sequence: the same cases every run (xorshift32).
    let x = 0x9e3779b9;
    const next = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    const his = [0, 1, 0x001fffff, 0x00200000, 0x17a2b3c4, 0x7fffffff, 0xffffffff];
    const los = [0, 1, 999_999_999, 0x7fffffff, 0xffffffff];
    const out = { tsSec: 0, tsNsec: 0 };
    for (const u of units) {
      const cases: [number, number][] = his.flatMap((hi) => los.map((lo): [number, number] => [hi, lo]));
      for (let i = 0; i < 2000; i++) cases.push([next(), next()]);
      for (const [hi, lo] of cases) {
        splitTimestamp(hi, lo, u, out);
        const [sec, nsec] = reference(hi, lo, u);
        // Seconds past 2^53 are no exact doubles either way; what matters is the same number.
        assert.deepEqual([out.tsSec, out.tsNsec], [sec, nsec], `${hi}:${lo} in units of 1/${u} s`);
      }
    }
  });
});

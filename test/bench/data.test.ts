import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pcapOfSize } from '../../bench/data.js';

/** A classic pcap in the given byte order whose records carry `lengths` bytes of the value of their index. */
function pcap(lengths: number[], little: boolean): Buffer {
  const header = Buffer.alloc(24);
  little ? header.writeUInt32LE(0xa1b2c3d4, 0) : header.writeUInt32BE(0xa1b2c3d4, 0);
  const records = lengths.map((len, i) => {
    const r = Buffer.alloc(16 + len, i + 1);
    for (const off of [0, 4, 8, 12]) (little ? r.writeUInt32LE.bind(r) : r.writeUInt32BE.bind(r))(off === 8 || off === 12 ? len : 0, off);
    return r;
  });
  return Buffer.concat([header, ...records]);
}

test('pcapOfSize: one header, whole records from the inputs in turn, round after round, up to the size', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const a = pcap([10, 20], true);
  const b = pcap([30], true);
  writeFileSync(join(dir, 'a.pcap'), a);
  writeFileSync(join(dir, 'b.pcap'), b);
  const out = join(dir, 'out.pcap');
  // header 24 + a's records (26 + 36) + b's record (46) = 132, then a's first record again (26) = 158; the next (36) would pass 170.
  pcapOfSize([join(dir, 'a.pcap'), join(dir, 'b.pcap')], out, 170);
  const made = readFileSync(out);
  assert.equal(made.length, 158);
  assert.deepEqual(made.subarray(0, 132), Buffer.concat([a, b.subarray(24)]));
  assert.deepEqual(made.subarray(132), a.subarray(24, 50));
});

test('pcapOfSize reads big-endian record lengths', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const a = pcap([300, 5], false);
  writeFileSync(join(dir, 'a.pcap'), a);
  pcapOfSize([join(dir, 'a.pcap')], join(dir, 'out.pcap'), 24 + 316 + 21 + 316);
  assert.equal(statSync(join(dir, 'out.pcap')).size, 24 + 316 + 21 + 316);
});

test('pcapOfSize refuses inputs without records and leaves no partial file', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-data-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'empty.pcap'), pcap([], true));
  assert.throws(() => pcapOfSize([join(dir, 'empty.pcap')], join(dir, 'out.pcap'), 1e6), /no records/);
  assert.throws(() => statSync(join(dir, 'out.pcap.partial')), /ENOENT/);
});

// A file analysed in ranges on several workers gives the single-core result byte for byte: every
// sample capture and fixture split in 2 to 7 ranges, a synthetic file whose retransmission and
// corruption straddle the split, bad tails, and a split that is no record boundary.

import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../src/analyze/analyze-files.js';
import { analyzeRanges } from '../../src/analyze/analyze-ranges.js';
import { Analyzer } from '../../src/analyze/analyzer.js';
import { planRanges } from '../../src/pcap/range-plan.js';
import { ROOT, scratchDir } from '../support.js';

/** The whole result as JSON (its generation time aside) and the input errors' messages. */
async function result(path: string, jobs: number): Promise<string> {
  const r = await analyze({ captures: [{ path, point: 'p' }], jobs, rangeBytes: 1 });
  return JSON.stringify({ ...r.analysis, generatedAt: '', errors: r.errors.map((e) => e.message) });
}

/** `split`: the file must really be split (else this compares the single-core path with itself); crafted fixtures may not be. */
async function assertSameInRanges(path: string, jobsList: number[], split = true): Promise<void> {
  const single = await result(path, 1);
  for (const jobs of jobsList) {
    if (split) assert.ok(((await planRanges(path, jobs, 1))?.starts.length ?? 0) > 1, `${path} split in ${jobs}`);
    assert.equal(await result(path, jobs), single, `${path} in ${jobs} ranges`);
  }
}

const captures = (dir: string): string[] =>
  readdirSync(dir)
    .filter((f) => /\.pcap(ng)?(\.gz)?$/.test(f))
    .map((f) => join(dir, f));

test('every sample capture and fixture: the same analysis in 2 to 7 ranges as on one core', async () => {
  const samples = captures(join(ROOT, 'captures'));
  assert.ok(samples.length >= 11);
  for (const path of samples) await assertSameInRanges(path, [2, 3, 5, 7].filter((j) => readFileSync(path).length > j * 400));
  for (const path of captures(join(ROOT, 'test', 'fixtures', 'fuzz'))) await assertSameInRanges(path, [2, 3, 7], false);
});

/** RFC 1071 sum, written here apart from src/checksum. */
function checksum(b: Buffer, sum = 0): number {
  for (let i = 0; i < b.length; i += 2) sum += (b[i]! << 8) | (b[i + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** An Ethernet/IPv4/TCP frame with valid checksums (the TCP one damaged when `corrupt`). */
function tcpFrame(src: number, dst: number, sport: number, dport: number, seq: number, ack: number, flags: number, payload: number, corrupt = false): Buffer {
  const ip = Buffer.alloc(20);
  ip.writeUInt16BE(0x4500, 0);
  ip.writeUInt16BE(20 + 20 + payload, 2);
  ip[8] = 64;
  ip[9] = 6;
  ip.writeUInt32BE(src, 12);
  ip.writeUInt32BE(dst, 16);
  ip.writeUInt16BE(checksum(ip), 10);
  const tcp = Buffer.alloc(20 + payload, 0x5a);
  tcp.writeUInt16BE(sport, 0);
  tcp.writeUInt16BE(dport, 2);
  tcp.writeUInt32BE(seq, 4);
  tcp.writeUInt32BE(ack, 8);
  tcp.writeUInt16BE((5 << 12) | flags, 12);
  tcp.writeUInt16BE(65535, 14);
  tcp.writeUInt16BE(0, 16);
  tcp.writeUInt16BE(0, 18);
  const pseudo = Buffer.alloc(12);
  ip.copy(pseudo, 0, 12, 20);
  pseudo[9] = 6;
  pseudo.writeUInt16BE(tcp.length, 10);
  tcp.writeUInt16BE(checksum(Buffer.concat([pseudo, tcp])) ^ (corrupt ? 0x0101 : 0), 16);
  const eth = Buffer.alloc(14);
  eth.writeUInt16BE(0x0800, 12);
  return Buffer.concat([eth, ip, tcp]);
}

function pcapFile(frames: Buffer[]): Buffer {
  const head = Buffer.alloc(24);
  head.writeUInt32LE(0xa1b2c3d4, 0);
  head.writeUInt16LE(2, 4);
  head.writeUInt16LE(4, 6);
  head.writeUInt32LE(262144, 16);
  head.writeUInt32LE(1, 20);
  const parts: Buffer[] = [head];
  frames.forEach((f, i) => {
    const h = Buffer.alloc(16);
    h.writeUInt32LE(1_700_000_000 + Math.floor(i / 100), 0);
    h.writeUInt32LE((i % 100) * 10_000, 4);
    h.writeUInt32LE(f.length, 8);
    h.writeUInt32LE(f.length, 12);
    parts.push(h, f);
  });
  return Buffer.concat(parts);
}

const A = 0x0a000001;
const B = 0x0a000002;
const ACK = 0x10;
const PSH = 0x08;

/** 400 data segments of 1000 bytes; segment 150 is sent again as frame 300, and frame 301 is damaged. */
function straddling(): { file: Buffer; resentSeq: number } {
  const frames: Buffer[] = [];
  for (let i = 0; i < 400; i++) frames.push(tcpFrame(A, B, 40000, 5001, 1 + i * 1000, 1, ACK | PSH, 1000, i === 301));
  frames[300] = tcpFrame(A, B, 40000, 5001, 1 + 150 * 1000, 1, ACK | PSH, 1000);
  return { file: pcapFile(frames), resentSeq: 1 + 150 * 1000 };
}

test('a retransmission and a corruption on either side of the split: the same analysis, each counted once', async () => {
  const dir = scratchDir();
  const path = join(dir, 'straddle.pcap');
  const { file } = straddling();
  writeFileSync(path, file);
  const plan = await planRanges(path, 2, 1);
  assert.ok(plan !== undefined);
  // The original of the resent segment (frame 151) lies in the first range, the copy (frame 301) and the damaged frame 302 in the second.
  const recordAt = (frame: number): number => 24 + (frame - 1) * (16 + 14 + 40 + 1000);
  assert.ok(plan.starts[1]! > recordAt(151) && plan.starts[1]! <= recordAt(301), `split at ${plan.starts[1]}`);
  assert.equal(await result(path, 2), await result(path, 1));
  const { analysis } = await analyze({ captures: [{ path, point: 'p' }], jobs: 2, rangeBytes: 1 });
  assert.equal(analysis.flows[0]!.retransmissions, 1);
  assert.equal(analysis.segments.corrupt, 1);
  assert.equal(analysis.corrupt[0]!.frame, 302);
  await assertSameInRanges(path, [3, 4, 5, 6, 7]);
});

test('a garbage tail or a bad length mid-file: the same partial analysis and the same one-line error', async () => {
  const dir = scratchDir();
  const { file } = straddling();
  const tail = join(dir, 'tail.pcap');
  writeFileSync(tail, file);
  appendFileSync(tail, Buffer.from('garbage!'));
  const mid = join(dir, 'mid.pcap');
  const bad = Buffer.from(file);
  const at = 24 + 250 * (16 + 14 + 40 + 1000);
  bad.writeUInt32LE(0x7fffffff, at + 8);
  writeFileSync(mid, bad);
  for (const path of [tail, mid]) {
    const single = await analyze({ captures: [{ path, point: 'p' }], jobs: 1 });
    assert.equal(single.errors.length, 1);
    for (const jobs of [2, 3, 7]) {
      const many = await analyze({ captures: [{ path, point: 'p' }], jobs, rangeBytes: 1 });
      assert.deepEqual(
        many.errors.map((e) => e.message),
        single.errors.map((e) => e.message),
      );
      assert.equal(JSON.stringify({ ...many.analysis, generatedAt: '' }), JSON.stringify({ ...single.analysis, generatedAt: '' }));
    }
    assert.equal(single.analysis.packets, path === mid ? 250 : 400);
  }
});

test('a split that is no record boundary: the range before it runs past, and the rest is read again from there', async () => {
  const dir = scratchDir();
  const path = join(dir, 'missplit.pcap');
  copyFileSync(join(ROOT, 'captures', 'underlay-corruption.pcap'), path);
  const plan = await planRanges(path, 3, 1);
  assert.ok(plan !== undefined && plan.starts.length === 3);
  const wrong = { ...plan, starts: [0, plan.starts[1]! + 6, plan.starts[2]!] };
  const analyzer = new Analyzer();
  const read = await analyzeRanges(analyzer, wrong, { path, input: { index: 0, point: 'p' }, decode: undefined });
  const many = JSON.stringify({ ...analyzer.finish([read.summary]), generatedAt: '' });
  const single = await analyze({ captures: [{ path, point: 'p' }], jobs: 1 });
  assert.equal(many, JSON.stringify({ ...single.analysis, generatedAt: '' }));
});

/** A pcapng with a second interface described half-way, after packets of the first. */
function lateInterface(): Buffer {
  const block = (type: number, body: Buffer): Buffer => {
    const len = 12 + body.length;
    const b = Buffer.alloc(len);
    b.writeUInt32LE(type, 0);
    b.writeUInt32LE(len, 4);
    body.copy(b, 8);
    b.writeUInt32LE(len, len - 4);
    return b;
  };
  const shb = Buffer.alloc(16, 0xff);
  shb.writeUInt32LE(0x1a2b3c4d, 0);
  shb.writeUInt16LE(1, 4);
  shb.writeUInt16LE(0, 6);
  const idb = Buffer.alloc(8);
  idb.writeUInt16LE(1, 0);
  idb.writeUInt32LE(262144, 4);
  const epb = (iface: number, i: number, frame: Buffer): Buffer => {
    const body = Buffer.alloc(20 + ((frame.length + 3) & ~3));
    body.writeUInt32LE(iface, 0);
    const us = 1_700_000_000_000_000 + i * 1000;
    body.writeUInt32LE(Math.floor(us / 2 ** 32), 4);
    body.writeUInt32LE(us % 2 ** 32, 8);
    body.writeUInt32LE(frame.length, 12);
    body.writeUInt32LE(frame.length, 16);
    frame.copy(body, 20);
    return block(6, body);
  };
  const blocks = [block(0x0a0d0d0a, shb), block(1, idb)];
  for (let i = 0; i < 200; i++) blocks.push(epb(0, i, tcpFrame(A, B, 40000, 5001, 1 + i * 1000, 1, ACK | PSH, 1000, i === 50)));
  blocks.push(block(1, idb));
  for (let i = 200; i < 400; i++) blocks.push(epb(i % 2, i, tcpFrame(A, B, 40000, 5001, 1 + (i - 100) * 1000, 1, ACK | PSH, 1000, i === 333)));
  return Buffer.concat(blocks);
}

test('a pcapng interface described half-way: the ranges after it are read again, the same analysis', async () => {
  const path = join(scratchDir(), 'late-interface.pcapng');
  writeFileSync(path, lateInterface());
  const single = JSON.parse(await result(path, 1)) as { points: { name: string }[] };
  assert.deepEqual(single.points.map((p) => p.name), ['p/if0', 'p/if1']);
  await assertSameInRanges(path, [2, 3, 5, 7]);
});

// Damaged and hostile inputs through the CLI: each gives exit 2 and exactly one stderr line naming
// the file and the byte offset (no stack trace), in bounded time and memory, while stdout still
// reports the packets read before the bad spot.

import assert from 'node:assert/strict';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { PcapngWriter, PcapWriter } from '../../src/pcap/index.js';
import { ACK, ethernet, ETH_IPV4, ipv4, tcp } from '../../scripts/synth/frames.js';
import { runCli, runCliPeakRss, scratchDir } from '../support.js';

const dir = scratchDir();
const frame = (i: number): Buffer => ethernet({ src: '02:00:00:00:00:01', dst: '02:00:00:00:00:02' }, ETH_IPV4, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', id: i }, tcp({ sport: 1000, dport: 2000, seq: i * 100, flags: ACK, payload: Buffer.alloc(100, i) })));
const FRAME_LEN = frame(0).length;

/** Three good records; record n (0-based) starts at 24 + n * (16 + FRAME_LEN). */
async function goodPcap(snapLen: number): Promise<Buffer> {
  const path = join(dir, `good-${snapLen}.pcap`);
  const fd = openSync(path, 'w');
  const w = new PcapWriter(fd, { linkType: 1, snapLen });
  for (let i = 0; i < 3; i++) w.writePacket({ tsSec: 100 + i, tsNsec: 0, data: frame(i) });
  await w.close();
  closeSync(fd);
  return readFileSync(path);
}
const pcapRecordAt = (n: number): number => 24 + n * (16 + FRAME_LEN);

/** SHB (28 bytes) + IDB (20) + two EPBs; returns the bytes and the offset after them. */
async function goodPcapng(): Promise<Buffer> {
  const path = join(dir, 'good.pcapng');
  const fd = openSync(path, 'w');
  const w = new PcapngWriter(fd);
  w.addInterface({ linkType: 1 });
  for (let i = 0; i < 2; i++) w.writePacket(0, { tsSec: 100 + i, tsNsec: 0, data: frame(i) });
  await w.close();
  closeSync(fd);
  return readFileSync(path);
}

interface Case {
  name: string;
  make: () => Promise<string>;
  packets: number;
  /** Byte offset the error must name; undefined where no offset applies (cannot open). */
  offset?: number;
  reason: RegExp;
}

const write = (name: string, bytes: Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const pcapngBlock = (type: number, length: number): Buffer => {
  const b = Buffer.alloc(12);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(length >>> 0, 4);
  b.writeUInt32LE(length >>> 0, 8);
  return b;
};

const cases: Case[] = [
  {
    name: 'truncated file (inside the third record)',
    make: async () => write('truncated.pcap', (await goodPcap(65535)).subarray(0, pcapRecordAt(2) + 16 + 10)),
    packets: 2,
    offset: pcapRecordAt(2),
    reason: /cut short|file ends/,
  },
  {
    name: 'record longer than the snap length and than libpcap reads for Ethernet (262144)',
    make: async () => {
      const b = await goodPcap(FRAME_LEN);
      b.writeUInt32LE(262_145, pcapRecordAt(1) + 8);
      return write('oversnap.pcap', b);
    },
    packets: 1,
    offset: pcapRecordAt(1),
    reason: /record claims 262145 captured bytes, more than the snap length \d+ and the 262144 bytes libpcap allows for link type 1/,
  },
  {
    name: 'record longer than the file',
    make: async () => {
      const b = await goodPcap(65535);
      b.writeUInt32LE(40_000, pcapRecordAt(2) + 8);
      return write('overfile.pcap', b);
    },
    packets: 2,
    offset: pcapRecordAt(2),
    reason: /file ends/,
  },
  {
    name: 'a 4 GB captured length (snap length 0)',
    make: async () => {
      const b = await goodPcap(0);
      b.writeUInt32LE(0xffffffff, pcapRecordAt(1) + 8);
      return write('4g.pcap', b);
    },
    packets: 1,
    offset: pcapRecordAt(1),
    reason: /4294967295/,
  },
  {
    name: 'garbage magic',
    make: async () => write('garbage.pcap', Buffer.from('GIF89a this is not a capture at all')),
    packets: 0,
    offset: 0,
    reason: /not a pcap or pcapng file/,
  },
  {
    name: 'empty file',
    make: async () => write('empty.pcap', Buffer.alloc(0)),
    packets: 0,
    offset: 0,
    reason: /empty/,
  },
  {
    name: 'zero-length pcapng block',
    make: async () => {
      const b = await goodPcapng();
      return write('zero-block.pcapng', Buffer.concat([b, pcapngBlock(6, 0), Buffer.alloc(64)]));
    },
    packets: 2,
    offset: -1,
    reason: /block length 0/,
  },
  {
    name: 'pcapng block whose length would loop (4 bytes: back inside its own header)',
    make: async () => {
      const b = await goodPcapng();
      return write('loop-block.pcapng', Buffer.concat([b, pcapngBlock(6, 4), Buffer.alloc(64)]));
    },
    packets: 2,
    offset: -1,
    reason: /block length 4/,
  },
  {
    name: 'pcapng block claiming past the end of the file',
    make: async () => {
      const b = await goodPcapng();
      return write('past-end.pcapng', Buffer.concat([b, pcapngBlock(6, 1_000_000), Buffer.alloc(64)]));
    },
    packets: 2,
    offset: -1,
    reason: /file ends/,
  },
  {
    name: 'pcapng block with a 4 GB length field',
    make: async () => {
      const b = await goodPcapng();
      return write('4g.pcapng', Buffer.concat([b, pcapngBlock(6, 0xfffffffc), Buffer.alloc(64)]));
    },
    packets: 2,
    offset: -1,
    reason: /4294967292/,
  },
  {
    name: 'nonexistent file',
    make: async () => join(dir, 'no-such-file.pcap'),
    packets: 0,
    reason: /no such file/,
  },
  {
    name: 'a directory',
    make: async () => {
      const d = join(dir, 'a-directory.pcap');
      if (!existsSync(d)) mkdirSync(d);
      return d;
    },
    packets: 0,
    reason: /directory/,
  },
];

describe('bad input: exit 2, one line naming file and offset, earlier packets still reported', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const path = await c.make();
      // An offset of -1 stands for "where the good pcapng part ends": the appended bad block.
      const offset = c.offset === -1 ? (await goodPcapng()).length : c.offset;
      const r = runCli(['analyze', path, '--json']);
      assert.equal(r.status, 2, r.stderr);
      assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      assert.equal(lines.length, 1, r.stderr);
      const line = lines[0]!;
      assert.ok(line.includes(path), line);
      if (offset !== undefined) assert.ok(line.includes(`byte offset ${offset}:`), `${line} (expected offset ${offset})`);
      assert.match(line, c.reason);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      const json = JSON.parse(r.stdout) as { inputs: { packets: number; error?: string }[]; packets: number };
      assert.equal(json.inputs[0]!.packets, c.packets);
      assert.equal(json.packets, c.packets);
      assert.ok(json.inputs[0]!.error !== undefined && line.endsWith(json.inputs[0]!.error), `${json.inputs[0]!.error} vs ${line}`);
    });
  }

  it('records past the snap length but within the link type maximum are read, with one warning (analyze, correlate)', async () => {
    // Snap length 100 in the file header (offset 16), three records of FRAME_LEN (154) bytes each: as libpcap, read on.
    const bytes = await goodPcap(65535);
    bytes.writeUInt32LE(100, 16);
    const path = write('past-snap.pcap', bytes);
    const r = runCli(['analyze', '--json', path]);
    assert.equal(r.status, 0, r.stderr);
    const warning = `${path}: byte offset 24: record claims ${FRAME_LEN} captured bytes, more than the snap length 100; read on, as libpcap reads up to 262144 bytes for link type 1`;
    assert.equal(r.stderr, `ovsforensics: warning: ${warning}\n`);
    const json = JSON.parse(r.stdout) as { inputs: { packets: number; error?: string; warning?: string }[] };
    assert.deepEqual(json.inputs.map((i) => [i.packets, i.error, i.warning]), [[3, undefined, warning]]);
    const c = runCli(['correlate', '--json', `a=${path}`, `b=${write('other.pcap', await goodPcap(65535))}`]);
    assert.equal(c.stderr, `ovsforensics: warning: ${warning}\n`);
    assert.equal(JSON.parse(c.stdout).inputs[0].warning, warning);
  });

  it('text output also says where reading stopped', async () => {
    const path = await cases[0]!.make();
    const r = runCli(['analyze', path]);
    assert.equal(r.status, 2);
    assert.match(r.stdout, /2 packets/);
    assert.match(r.stdout, new RegExp(`STOPPED: .*byte offset ${pcapRecordAt(2)}`));
  });

  it('a 4 GB length claim costs no memory', async () => {
    const path = await cases.find((c) => c.name.includes('4 GB length field'))!.make();
    const kb = runCliPeakRss(['analyze', path]).peakKb;
    if (kb === undefined) return;
    assert.ok(kb < 150_000, `peak RSS ${kb} kB`);
  });

  it('--debug shows the stack of a usage error, the plain run does not', () => {
    const plain = runCli(['analyze']);
    assert.equal(plain.status, 2);
    assert.equal(plain.stderr.trim().split('\n').length, 1, plain.stderr);
    const debug = runCli(['--debug', 'analyze']);
    assert.match(debug.stderr, /\n\s+at /);
  });
});

describe('damaged gzip input: exit 2 and one line in analyze and correlate, never a stack', () => {
  const gz = async (): Promise<Buffer> => gzipSync(await goodPcap(65535));
  const gzCases: { name: string; make: () => Promise<string>; reason: RegExp }[] = [
    {
      name: 'truncated .gz (its last 20 bytes cut: the deflate end and the trailer)',
      make: async () => {
        const b = await gz();
        return write('cut.pcap.gz', b.subarray(0, b.length - 20));
      },
      reason: /gzip stream is damaged \(unexpected end of file\)/,
    },
    {
      name: 'bit-flipped .gz (one bit of the CRC-32 in the trailer)',
      make: async () => {
        const b = await gz();
        b[b.length - 8]! ^= 0x01;
        return write('flipped.pcap.gz', b);
      },
      reason: /gzip stream is damaged \(incorrect data check\)/,
    },
    {
      name: 'intact .gz of a pcap whose second record claims 16 MiB + 1: the reader stops with the read ahead pending',
      make: async () => {
        const b = await goodPcap(0);
        b.writeUInt32LE(16 * 1024 * 1024 + 1, pcapRecordAt(1) + 8);
        return write('bad-record.pcap.gz', gzipSync(b));
      },
      reason: new RegExp(`byte offset ${pcapRecordAt(1)}: record claims 16777217 captured bytes`),
    },
  ];
  for (const c of gzCases) {
    it(c.name, async () => {
      const path = await c.make();
      const other = write('other.pcap', await goodPcap(65535));
      for (const args of [['analyze', path], ['correlate', `a=${path}`, `b=${other}`]]) {
        const r = runCli(args);
        assert.equal(r.status, 2, `${args[0]}: ${r.stderr}`);
        const lines = r.stderr.split('\n').filter((l) => l !== '');
        assert.equal(lines.length, 1, `${args[0]}: ${r.stderr}`);
        assert.ok(lines[0]!.startsWith(`ovsforensics: ${path}: byte offset `), lines[0]);
        assert.match(lines[0]!, c.reason);
        assert.doesNotMatch(r.stderr, /\n\s+at /);
        // The report is still printed, and says where this input stopped.
        assert.ok(r.stdout.includes(`STOPPED: ${lines[0]!.slice('ovsforensics: '.length)}`), r.stdout);
      }
    });
  }
});

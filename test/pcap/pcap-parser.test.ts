// The pcap reader against the npm pcap-parser package on classic (microsecond) pcap files: the
// sample captures and a generated one of both byte orders. Same count, lengths and timestamps.

import assert from 'node:assert/strict';
import { closeSync, openSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PcapWriter } from '../../src/pcap/index.js';
import { pattern } from '../../scripts/synth/frames.js';
import { readAll, ROOT, scratchDir } from '../support.js';

interface ParsedPacket {
  header: { timestampSeconds: number; timestampMicroseconds: number; capturedLength: number; originalLength: number };
  data: Buffer;
}

const require = createRequire(import.meta.url);
const pcapParser = require('pcap-parser') as { parse: (path: string) => NodeJS.EventEmitter };

function parseWithPcapParser(path: string): Promise<ParsedPacket[]> {
  return new Promise((resolve, reject) => {
    const out: ParsedPacket[] = [];
    const p = pcapParser.parse(path);
    p.on('packet', (pkt: ParsedPacket) => out.push(pkt));
    p.on('error', reject);
    p.on('end', () => resolve(out));
  });
}

const dir = scratchDir();

function generated(bigEndian: boolean): string {
  const path = join(dir, `gen-${bigEndian}.pcap`);
  const fd = openSync(path, 'w');
  const w = new PcapWriter(fd, { linkType: 1, snapLen: 1500, bigEndian });
  for (let i = 0; i < 500; i++) w.writePacket({ tsSec: 1_600_000_000 + i, tsNsec: ((i * 7919) % 1_000_000) * 1000, data: pattern(60 + ((i * 37) % 2000), i) });
  // Writes to a file descriptor are synchronous: the file is complete once the descriptor is closed.
  closeSync(fd);
  return path;
}

const files = [
  ...readdirSync(join(ROOT, 'captures'))
    .filter((f) => f.endsWith('.pcap'))
    .map((f) => join(ROOT, 'captures', f)),
  generated(false),
  generated(true),
];

describe('pcap reader vs pcap-parser', () => {
  for (const path of files) {
    it(path.slice(ROOT.length), async () => {
      const theirs = await parseWithPcapParser(path);
      const { records, error } = await readAll(path);
      assert.equal(error, undefined);
      assert.ok(theirs.length > 0);
      assert.equal(records.length, theirs.length);
      records.forEach((r, i) => {
        const t = theirs[i]!;
        assert.deepEqual(
          [r.tsSec, r.tsNsec / 1000, r.capLen, r.wireLen, r.data.equals(t.data)],
          [t.header.timestampSeconds, t.header.timestampMicroseconds, t.header.capturedLength, t.header.originalLength, true],
          `record ${i + 1}`,
        );
      });
    });
  }
});

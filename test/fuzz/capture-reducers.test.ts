// The minimiser on captures: whole records go first, then bytes inside a packet with its record's
// lengths kept right, so the reader still reads what is left.

import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CAPTURE_REDUCERS } from '../../fuzz/capture-reducers.js';
import { minimise } from '../../fuzz/minimise.js';
import { PcapngWriter, PcapWriter } from '../../src/pcap/index.js';
import { readAll, scratchDir } from '../support.js';

const dir = scratchDir();
const MARK = 0xab;

/** Packets of 40 bytes of their index; packet 2 has the mark at byte 17. */
async function capture(kind: 'pcap' | 'pcapng'): Promise<Buffer> {
  const path = join(dir, `in.${kind}`);
  const fd = openSync(path, 'w');
  const data = (i: number): Buffer => {
    const d = Buffer.alloc(40, i);
    if (i === 2) d[17] = MARK;
    return d;
  };
  if (kind === 'pcap') {
    const w = new PcapWriter(fd, { linkType: 1 });
    for (let i = 0; i < 4; i++) w.writePacket({ tsSec: i, tsNsec: 0, data: data(i) });
    await w.close();
  } else {
    const w = new PcapngWriter(fd);
    w.addInterface({ linkType: 1 });
    for (let i = 0; i < 4; i++) w.writePacket(0, { tsSec: i, tsNsec: 0, data: data(i) });
    await w.close();
  }
  closeSync(fd);
  return readFileSync(path);
}

let n = 0;
/** Holds when the real reader reads the file without error and some packet carries the mark. */
async function readableWithMark(b: Buffer): Promise<boolean> {
  const path = join(dir, `candidate-${n++}`);
  writeFileSync(path, b);
  const r = await readAll(path);
  return r.error === undefined && r.records.some((rec) => rec.data.includes(MARK));
}

describe('capture reducers', () => {
  for (const kind of ['pcap', 'pcapng'] as const) {
    it(`cut a ${kind} down to one packet of one byte that still reads`, async () => {
      const out = await minimise(await capture(kind), readableWithMark, { deadline: Date.now() + 60_000, reducers: [...CAPTURE_REDUCERS] });
      const path = join(dir, `out.${kind}`);
      writeFileSync(path, out);
      const r = await readAll(path);
      assert.equal(r.error, undefined);
      assert.deepEqual(r.records.map((rec) => [...rec.data]), [[MARK]]);
    });
  }
});

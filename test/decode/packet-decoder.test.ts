// The reused decoder (PacketDecoder) and in-place verdicts (judgeTransport) against the fresh
// decodePacket and classifyTransport, frame after frame: nothing of one frame leaks into the next.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkOf, classifyTransport, judgeTransport, type Judgement } from '../../src/checksum/classify.js';
import { decodePacket, PacketDecoder } from '../../src/decode/index.js';
import type { PacketRecord } from '../../src/pcap/types.js';
import { readAll, ROOT } from '../support.js';

/** The value as JSON sees it: a key holding undefined is the same as no key. */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v ?? null));

async function sampleFrames(): Promise<PacketRecord[]> {
  const frames: PacketRecord[] = [];
  for (const file of readdirSync(join(ROOT, 'captures')).filter((f) => /\.pcap(ng)?$/.test(f)).sort()) {
    for (const r of (await readAll(join(ROOT, 'captures', file))).records) frames.push({ ...r, data: Buffer.from(r.data) });
  }
  return frames;
}

describe('PacketDecoder', () => {
  it('decodes each frame as decodePacket does, whatever came before, cut short or not', async () => {
    const frames = await sampleFrames();
    assert.ok(frames.length > 50);
    const decoder = new PacketDecoder();
    const nameless = new PacketDecoder(undefined, false);
    const judged: Judgement[] = [];
    let cut = 0;
    // Each frame whole, then cut at a few lengths (truncated, or invalid when the wire length shrinks too).
    for (const r of frames) {
      const variants: [Buffer, number][] = [[r.data, r.wireLen]];
      for (const n of [r.data.length >> 1, 40, 20]) if (n < r.data.length) variants.push([r.data.subarray(0, n), r.wireLen], [r.data.subarray(0, n), n]);
      for (const [data, wireLen] of variants) {
        const fresh = decodePacket(r.linkType, data, wireLen);
        const reused = decoder.decode(r.linkType, data, wireLen);
        assert.deepEqual(plain(reused), plain(fresh), `frame ${r.frame} cut to ${data.length}`);
        assert.ok(fresh.layers.length > 0);
        assert.deepEqual(plain(nameless.decode(r.linkType, data, wireLen)), plain({ ...fresh, layers: [] }), 'without names, only the names differ');
        judgeTransport(data, reused, judged);
        assert.deepEqual(
          reused.l4.map((l4, i) => checkOf(l4, judged[i]!)),
          classifyTransport(data, fresh),
        );
        if (fresh.truncated || fresh.invalid !== undefined) cut++;
      }
    }
    assert.ok(cut > 50, 'some variants end early');
  });
});

// The live analysis in its worker, fed the blocks a capture writes, reaches the same analysis as
// the Analyzer reading the written file back record by record (what `analyze` does), frame numbers
// included; and a capture that sheds says so in every input.

import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../src/analyze/analyzer.js';
import type { Analysis } from '../../src/analyze/types.js';
import { LiveAnalysis } from '../../src/capture/live-analysis.js';
import { CaptureOutput } from '../../src/capture/output.js';
import { readCapture } from '../../src/pcap/index.js';
import { scratchDir } from '../support.js';

const SAMPLE = new URL('../../../captures/incident-offload-leak.pcapng', import.meta.url).pathname;

const withoutTime = (a: Analysis): Omit<Analysis, 'generatedAt'> => {
  const { generatedAt: _t, ...rest } = a;
  return rest;
};

describe('live analysis', () => {
  it('batches of written blocks analyse as the file read back does', async () => {
    const path = join(scratchDir(), 'live.pcapng');
    const live = new LiveAnalysis(basename(path));
    const out = new CaptureOutput({ path, application: 'test', onInterface: (id, i) => live.addInterface(id, i.linkType, i.name) });
    const ids = new Map<number, number>();
    await readCapture(SAMPLE, (rec, summary) => {
      let id = ids.get(rec.interfaceId);
      if (id === undefined) {
        const i = summary.interfaces[rec.interfaceId]!;
        id = out.addInterface({ linkType: i.linkType, snapLen: 262144, name: i.name ?? `if${rec.interfaceId}`, tsresol: 9 });
        ids.set(rec.interfaceId, id);
      }
      const w = out.write(id, { tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data, wireLen: rec.wireLen, direction: rec.direction });
      live.addBlock(w.block, w);
    });
    await out.close();
    const got = await live.finish(out.summaries());
    assert.ok(got);
    assert.equal(live.shedPackets, 0);

    const reference = new Analyzer();
    const back = await readCapture(path, (rec, summary) => reference.add(rec, { index: 0, point: basename(path) }, summary.interfaces[rec.interfaceId]?.name));
    const want = reference.finish([back.summary]);
    assert.ok(want.packets > 0 && want.findings.length > 0, 'the sample has findings to compare');
    assert.deepEqual(withoutTime(got), withoutTime(want));
  });

  it('a worker behind by more than the bound loses whole batches, and the analysis says so', async () => {
    const path = join(scratchDir(), 'shed.pcapng');
    // A one-byte bound: the idle worker takes the first batch, the two sent before it answers are shed.
    const live = new LiveAnalysis(basename(path), 1);
    const out = new CaptureOutput({ path, application: 'test', onInterface: (id, i) => live.addInterface(id, i.linkType, i.name) });
    const id = out.addInterface({ linkType: 1, snapLen: 262144, name: 'p', tsresol: 9 });
    for (let batch = 0; batch < 3; batch++) {
      const blocks = [0, 1].map((k) => out.write(id, { tsSec: 1_700_000_000, tsNsec: batch * 2 + k, data: Buffer.alloc(60, batch), direction: 'inbound' }));
      const first = blocks[0]!;
      const bytes = Buffer.concat(blocks.map((b) => b.block));
      live.addBatch(() => bytes, bytes.length, 2, first);
    }
    await out.close();
    const got = await live.finish(out.summaries());
    assert.equal(live.shedPackets, 4);
    assert.equal(got?.packets, 2);
    assert.match(got?.inputs[0]?.warning ?? '', /^live analysis shed 4 of 6 packets \(2 batches\): the analysis is partial/);
  });
});

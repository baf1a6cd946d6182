// The live analysis in its worker, fed the blocks a capture writes, reaches the same analysis as
// the Analyzer reading the written file back record by record (what `analyze` does), frame numbers
// included; and a capture that sheds says so in every input.

import assert from 'node:assert/strict';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../src/analyze/analyzer.js';
import type { Analysis } from '../../src/analyze/types.js';
import { LiveAnalysis } from '../../src/capture/live-analysis.js';
import { CaptureOutput, type Written } from '../../src/capture/output.js';
import { readCapture } from '../../src/pcap/index.js';
import { scratchDir } from '../support.js';

const SAMPLE = new URL('../../../captures/incident-offload-leak.pcapng', import.meta.url).pathname;

const withoutTime = (a: Analysis): Omit<Analysis, 'generatedAt'> => {
  const { generatedAt: _t, ...rest } = a;
  return rest;
};

/** Writes the sample's frames into `out` as a capture does, each interface declared as it first appears. */
async function writeSample(out: CaptureOutput, onWritten: (w: Written & { block: Buffer }) => void): Promise<void> {
  const ids = new Map<number, number>();
  await readCapture(SAMPLE, (rec, summary) => {
    let id = ids.get(rec.interfaceId);
    if (id === undefined) {
      const i = summary.interfaces[rec.interfaceId]!;
      id = out.addInterface({ linkType: i.linkType, snapLen: 262144, name: i.name ?? `if${rec.interfaceId}`, tsresol: 9 });
      ids.set(rec.interfaceId, id);
    }
    onWritten(out.write(id, { tsSec: rec.tsSec, tsNsec: rec.tsNsec, data: rec.data, wireLen: rec.wireLen, direction: rec.direction }));
  });
}

describe('live analysis', () => {
  it('batches of written blocks analyse as the file read back does', async () => {
    const path = join(scratchDir(), 'live.pcapng');
    const live = new LiveAnalysis(basename(path));
    const out = new CaptureOutput({ path, application: 'test', onInterface: (id, i) => live.addInterface(id, i.linkType, i.name) });
    await writeSample(out, (w) => live.addBlock(w.block, w));
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

  it('engine batches, in shared slots while there are any and in buffers of their own past them, analyse as the file read back does', async () => {
    const path = join(scratchDir(), 'slots.pcapng');
    // A 1 MiB bound: two slots, and ten batches sent before the worker answers any.
    const live = new LiveAnalysis(basename(path), 1024 * 1024);
    const out = new CaptureOutput({ path, application: 'test', onInterface: (id, i) => live.addInterface(id, i.linkType, i.name) });
    const batches: { blocks: Buffer[]; first: Written }[] = [];
    await writeSample(out, (w) => {
      const last = batches[batches.length - 1];
      if (last === undefined || last.blocks.length === 2) batches.push({ blocks: [w.block], first: w });
      else last.blocks.push(w.block);
    });
    // All sent in one turn: the worker's answers, which free slots, come only after.
    for (const b of batches) {
      const bytes = Buffer.concat(b.blocks);
      live.addBatch((into) => into.subarray(0, bytes.copy(into)), bytes.length, b.blocks.length, b.first);
    }
    await out.close();
    const got = await live.finish(out.summaries());
    assert.equal(live.shedPackets, 0);

    const reference = new Analyzer();
    const back = await readCapture(path, (rec, summary) => reference.add(rec, { index: 0, point: basename(path) }, summary.interfaces[rec.interfaceId]?.name));
    assert.ok(batches.length > 2, 'more batches than slots');
    assert.deepEqual(withoutTime(got!), withoutTime(reference.finish([back.summary])));
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
      live.addBatch((into) => into.subarray(0, bytes.copy(into)), bytes.length, 2, first);
    }
    await out.close();
    const got = await live.finish(out.summaries());
    assert.equal(live.shedPackets, 4);
    assert.equal(got?.packets, 2);
    assert.match(got?.inputs[0]?.warning ?? '', /^live analysis shed 4 of 6 packets \(2 batches\): the analysis is partial/);
  });
});

// The live analysis off the capture's write path: a worker thread that runs the Analyzer over
// batches of Enhanced Packet Blocks the parent already wrote (live-analysis.ts sends them, or sheds
// them when this worker lags). Messages are AnalysisMessage in, AnalysisReply out.

import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer, type InputContext } from '../analyze/analyzer.js';
import type { PacketRecord } from '../pcap/types.js';
import { slotViews } from './batch-slots.js';
import { EpbRecords } from './epb-records.js';
import type { AnalysisMessage, AnalysisReply } from './live-analysis.js';

const port = parentPort!;
const data = workerData as { point: string; slots: SharedArrayBuffer };
const slots = slotViews(data.slots);
const analyzer = new Analyzer();
const records = new EpbRecords();
// By interface id: arrays, since a Map lookup per frame shows in profiles.
const linkTypes: (number | undefined)[] = [];
const labels: string[] = [];
const linkTypeOf = (id: number): number | undefined => linkTypes[id];
/** The input of the batch at hand: one object, so one callback serves every batch. */
const input: InputContext = { index: 0, point: data.point };
const onRecord = (rec: PacketRecord): void => analyzer.add(rec, input, labels[rec.interfaceId]);

function reply(r: AnalysisReply): void {
  port.postMessage(r);
}

port.on('message', (m: AnalysisMessage) => {
  if (m.type === 'interface') {
    linkTypes[m.id] = m.linkType;
    labels[m.id] = m.label;
  } else if (m.type === 'batch') {
    const slot = typeof m.batch === 'number' ? m.batch : undefined;
    const buf = slot !== undefined ? slots[slot]!.subarray(0, m.length) : Buffer.from(m.batch as ArrayBuffer, 0, m.length);
    input.index = m.input;
    const error = records.read(buf, m.firstFrame, linkTypeOf, onRecord);
    reply({ type: 'done', bytes: m.bytes, slot, segments: { ...analyzer.segmentCounts }, ...(error === undefined ? {} : { error }) });
  } else reply({ type: 'analysis', analysis: analyzer.finish(m.summaries) });
});

// The live analysis off the capture's write path: a worker thread that runs the Analyzer over
// batches of Enhanced Packet Blocks the parent already wrote (live-analysis.ts sends them, or sheds
// them when this worker lags). Messages are AnalysisMessage in, AnalysisReply out.

import { parentPort, workerData } from 'node:worker_threads';
import { Analyzer } from '../analyze/analyzer.js';
import { EpbRecords } from './epb-records.js';
import type { AnalysisMessage, AnalysisReply } from './live-analysis.js';

const port = parentPort!;
const point = (workerData as { point: string }).point;
const analyzer = new Analyzer();
const records = new EpbRecords();
const interfaces = new Map<number, { linkType: number; label: string }>();
const linkTypeOf = (id: number): number | undefined => interfaces.get(id)?.linkType;

function reply(r: AnalysisReply): void {
  port.postMessage(r);
}

port.on('message', (m: AnalysisMessage) => {
  if (m.type === 'interface') interfaces.set(m.id, { linkType: m.linkType, label: m.label });
  else if (m.type === 'batch') {
    const input = { index: m.input, point };
    const buf = Buffer.from(m.buf, 0, m.bytes);
    const error = records.read(buf, m.firstFrame, linkTypeOf, (rec) => analyzer.add(rec, input, interfaces.get(rec.interfaceId)!.label));
    reply({ type: 'done', bytes: m.bytes, segments: { ...analyzer.segmentCounts }, ...(error === undefined ? {} : { error }) });
  } else reply({ type: 'analysis', analysis: analyzer.finish(m.summaries) });
});

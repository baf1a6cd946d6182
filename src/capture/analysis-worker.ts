// The live analysis off the capture's write path: a worker thread that runs the Analyzer over
// batches of Enhanced Packet Blocks the parent already wrote (live-analysis.ts sends them, or sheds
// them when this worker lags). Messages are AnalysisMessage in, AnalysisReply out.

import { parentPort, workerData } from 'node:worker_threads';
import { BatchAnalysis } from './batch-analysis.js';
import { slotViews } from './batch-slots.js';
import type { AnalysisMessage, AnalysisReply } from './live-analysis.js';

const port = parentPort!;
const data = workerData as { point: string; slots: SharedArrayBuffer };
const slots = slotViews(data.slots);
const analysis = new BatchAnalysis(data.point);

function reply(r: AnalysisReply): void {
  port.postMessage(r);
}

port.on('message', (m: AnalysisMessage) => {
  if (m.type === 'interface') analysis.addInterface(m.id, m.linkType, m.label);
  else if (m.type === 'batch') {
    const slot = typeof m.batch === 'number' ? m.batch : undefined;
    const buf = slot !== undefined ? slots[slot]!.subarray(0, m.length) : Buffer.from(m.batch as ArrayBuffer, 0, m.length);
    const error = analysis.add(buf, m.input, m.firstFrame);
    reply({ type: 'done', bytes: m.bytes, slot, segments: { ...analysis.segmentCounts }, ...(error === undefined ? {} : { error }) });
  } else reply({ type: 'analysis', analysis: analysis.finish(m.summaries) });
});

// correlate on several capture points against analyze on the largest of them (issue 7: at most
// 3x the time, memory bounded by in-flight segments): median wall seconds and peak RSS of each.

import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { medianOf } from './measure.js';

const CLI = resolve('dist/src/cli.js');

export interface CorrelateBench {
  seconds: number;
  peakRssMB: number;
  analyzeOneSeconds: number;
}

/** files in path order; each point is named after its file. */
export function benchCorrelate(files: string[], runs = 3): CorrelateBench {
  const points = files.map((f) => `${basename(f).replace(/\.[^.]*$/, '')}=${f}`);
  const largest = [...files].sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const correlate = medianOf(runs, process.execPath, [CLI, 'correlate', ...points]);
  const analyze = medianOf(runs, process.execPath, [CLI, 'analyze', largest]);
  return { seconds: correlate.seconds, peakRssMB: correlate.peakRssMB, analyzeOneSeconds: analyze.seconds };
}

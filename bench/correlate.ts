// correlate on several capture points against analyze on the largest of them (docs/design.md,
// Performance targets: at most 3x the time, memory bounded by in-flight segments): median wall seconds, their ratio and the
// peak RSS of each. `npm run bench` uses it; `node dist/bench/correlate.js FILE...` runs it alone.

import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { medianOf } from './measure.js';

const CLI = resolve('dist/src/cli.js');

export interface CorrelateBench {
  seconds: number;
  peakRssMB: number;
  analyzeOneSeconds: number;
  analyzeOnePeakRssMB: number;
  /** seconds / analyzeOneSeconds: the issue asks for 3 at most. */
  ratio: number;
}

/** files in path order; each point is named after its file. */
export function benchCorrelate(files: string[], runs = 3): CorrelateBench {
  const points = files.map((f) => `${basename(f).replace(/\.[^.]*$/, '')}=${f}`);
  const largest = [...files].sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const correlate = medianOf(runs, process.execPath, [CLI, 'correlate', ...points]);
  const analyze = medianOf(runs, process.execPath, [CLI, 'analyze', largest]);
  return {
    seconds: correlate.seconds,
    peakRssMB: correlate.peakRssMB,
    analyzeOneSeconds: analyze.seconds,
    analyzeOnePeakRssMB: analyze.peakRssMB,
    ratio: correlate.seconds / analyze.seconds,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const files = process.argv.slice(2);
  if (files.length < 2) {
    process.stderr.write('usage: node dist/bench/correlate.js FILE FILE... (in path order; OVSF_BENCH_RUNS runs, default 5)\n');
    process.exit(2);
  }
  const c = benchCorrelate(files, Number(process.env.OVSF_BENCH_RUNS ?? 5));
  console.log(`correlate of ${files.length} points: ${c.seconds.toFixed(2)} s, peak RSS ${c.peakRssMB.toFixed(0)} MB`);
  console.log(`analyze of the largest: ${c.analyzeOneSeconds.toFixed(2)} s, peak RSS ${c.analyzeOnePeakRssMB.toFixed(0)} MB`);
  console.log(`ratio ${c.ratio.toFixed(2)}x (target: at most 3x): ${c.ratio <= 3 ? 'met' : 'NOT met'}`);
}

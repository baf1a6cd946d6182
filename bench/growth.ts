// How cost grows with the input: analyze at ~100 MB, ~300 MB and ~1 GB (cut from the lab captures'
// records), correlate with 2, 4 and 8 points; time and peak RSS of each, and the linearity check.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArgs } from './analyze.js';
import { correlateOf, pointFiles } from './correlate.js';
import { labFile, pcapOfSize, POINTS } from './data.js';
import { within, type Target } from './figures.js';
import { medianOf } from './measure.js';
import { fixed, table } from './report.js';

export interface GrowthPart {
  text: string;
  targets: Target[];
  /** Peak RSS of analyze at each size, for the "any size" memory target. */
  analyzePeakRssMB: number[];
}

export function growth(dir: string, runs: number): GrowthPart {
  const small = join(dir, 'growth-100M.pcap');
  const big = join(dir, 'growth-1000M.pcap');
  pcapOfSize([labFile(dir, 'hostB')], small, 100e6);
  pcapOfSize(POINTS.map((p) => labFile(dir, p)), big, 1000e6);
  const empty = join(dir, 'growth-header-only.pcap');
  pcapOfSize([labFile(dir, 'hostB')], empty, 24);
  const startUp = medianOf(runs, process.execPath, analyzeArgs(empty));
  const files = [small, labFile(dir, 'hostB'), big];
  const sizes = files.map((f) => statSync(f).size / 1e6);
  const analyze = files.map((f) => medianOf(runs, process.execPath, analyzeArgs(f)));
  const counts = [2, 4, 8] as const;
  const correlate = counts.map((n) => correlateOf(dir, n, runs));
  // Expected: the 100 MB time scaled by the actual size ratio (the cut files are within a record of their size).
  const expected = (analyze[0]!.seconds * sizes[2]!) / sizes[0]!;
  const net = (i: number): number => analyze[i]!.seconds - startUp.seconds;
  return {
    text: [
      '## Growth',
      '',
      `analyze by input size (${small} and ${big} are cut from the lab captures' records; the middle one is the hostB capture itself), median of ${runs} runs:`,
      '',
      table(
        ['input', 'MB', 'seconds', 'MB/s', 'peak RSS MB'],
        files.map((f, i) => [f, fixed(sizes[i], 0), fixed(analyze[i]!.seconds), fixed(sizes[i]! / analyze[i]!.seconds, 0), fixed(analyze[i]!.peakRssMB, 0)]),
      ),
      '',
      `Start-up (analyze of a header-only pcap): ${fixed(startUp.seconds)} s. Net of it, ${sizes[2]!.toFixed(0)} MB took ${fixed(net(2) / net(0))}x the ${sizes[0]!.toFixed(0)} MB time (${fixed(sizes[2]! / sizes[0]!)}x the bytes); the linearity target counts whole runs, start-up included.`,
      '',
      `correlate by number of points (8 points: the four lab files twice, the second round named ctrA-2 … ctrB-2), median of ${runs} runs:`,
      '',
      table(
        ['points', 'input MB', 'seconds', 'peak RSS MB'],
        counts.map((n, i) => [n, fixed(pointFiles(dir, n).reduce((mb, p) => mb + statSync(p.file).size / 1e6, 0), 0), fixed(correlate[i]!.seconds), fixed(correlate[i]!.peakRssMB, 0)]),
      ),
    ].join('\n'),
    targets: [
      within(`analyze time linear in input size: ${sizes[2]!.toFixed(0)} MB within 10% of ${(sizes[2]! / sizes[0]!).toFixed(2)}x the ${sizes[0]!.toFixed(0)} MB time`, analyze[2]!.seconds, expected, 0.1),
    ],
    analyzePeakRssMB: analyze.map((m) => m.peakRssMB),
  };
}

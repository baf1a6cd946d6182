// How cost grows with the input: analyze at ~100 MB, ~300 MB and ~1 GB (all cut from hostB's lab
// capture, repeated for 1 GB, so every size has the same mix of frames), correlate with 2, 4 and 8
// points; time and peak RSS of each, and the linearity check net of the start-up time.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { analyzeArgs } from './analyze.js';
import { correlateOf, pointFiles } from './correlate.js';
import { labFile, pcapOfSize } from './data.js';
import { notAbove, type Target } from './figures.js';
import { medianOf } from './measure.js';
import { fixed, table } from './report.js';

export interface GrowthPart {
  text: string;
  targets: Target[];
  /** Peak RSS of analyze at each size, for the "any size" memory target. */
  analyzePeakRssMB: number[];
}

export function growth(dir: string, runs: number): GrowthPart {
  const small = join(dir, 'growth-hostB-100M.pcap');
  const big = join(dir, 'growth-hostB-1000M.pcap');
  pcapOfSize([labFile(dir, 'hostB')], small, 100e6);
  // The same frames round after round: a mix of container and underlay captures would change the cost per byte, not the size.
  pcapOfSize([labFile(dir, 'hostB')], big, 1000e6);
  const empty = join(dir, 'growth-header-only.pcap');
  pcapOfSize([labFile(dir, 'hostB')], empty, 24);
  const startUp = medianOf(runs, process.execPath, analyzeArgs(empty));
  const files = [small, labFile(dir, 'hostB'), big];
  const sizes = files.map((f) => statSync(f).size / 1e6);
  // Every core, whatever the load average: the workers' memory counts in the peak RSS.
  const analyze = files.map((f) => medianOf(runs, process.execPath, [...analyzeArgs(f), '--jobs', String(availableParallelism())]));
  const counts = [2, 4, 8] as const;
  const correlate = counts.map((n) => correlateOf(dir, n, runs));
  const net = (i: number): number => analyze[i]!.seconds - startUp.seconds;
  // Expected: start-up plus the 100 MB work scaled by the actual size ratio (the cut files are within a record of their size).
  const expected = startUp.seconds + (net(0) * sizes[2]!) / sizes[0]!;
  return {
    text: [
      '## Growth',
      '',
      `analyze by input size (${small} and ${big} are cut from the hostB capture's records, repeated for the larger; the middle one is the hostB capture itself), median of ${runs} runs:`,
      '',
      table(
        ['input', 'MB', 'seconds', 'MB/s', 'peak RSS MB'],
        files.map((f, i) => [f, fixed(sizes[i], 0), fixed(analyze[i]!.seconds), fixed(sizes[i]! / analyze[i]!.seconds, 0), fixed(analyze[i]!.peakRssMB, 0)]),
      ),
      '',
      `Start-up (analyze of a header-only pcap): ${fixed(startUp.seconds)} s. Net of it, ${sizes[2]!.toFixed(0)} MB took ${fixed(net(2) / net(0))}x the ${sizes[0]!.toFixed(0)} MB time (${fixed(sizes[2]! / sizes[0]!)}x the bytes); the linearity target compares the work, net of start-up.`,
      '',
      `correlate by number of points (8 points: the four lab files twice, the second round named ctrA-2 … ctrB-2), median of ${runs} runs:`,
      '',
      table(
        ['points', 'input MB', 'seconds', 'peak RSS MB'],
        counts.map((n, i) => [n, fixed(pointFiles(dir, n).reduce((mb, p) => mb + statSync(p.file).size / 1e6, 0), 0), fixed(correlate[i]!.seconds), fixed(correlate[i]!.peakRssMB, 0)]),
      ),
    ].join('\n'),
    targets: [
      notAbove(`analyze time linear in input size: ${sizes[2]!.toFixed(0)} MB at most 10% above start-up + ${(sizes[2]! / sizes[0]!).toFixed(2)}x the ${sizes[0]!.toFixed(0)} MB work`, analyze[2]!.seconds, expected, 0.1),
    ],
    analyzePeakRssMB: analyze.map((m) => m.peakRssMB),
  };
}

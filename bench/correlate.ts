// correlate against analyze: the four lab points against analyze of the largest of them, and
// correlate with 2, 4 and 8 points for how it grows. There are four real points; eight are the
// four twice in a row under other names (…-2): correlate follows the same segments around twice.

import { statSync } from 'node:fs';
import { analyzeArgs } from './analyze.js';
import { bound, ratio, type Target } from './figures.js';
import { labFile, POINTS } from './data.js';
import { CLI, medianOf, mediansSideBySide, type Measurement } from './measure.js';
import { fixed, table } from './report.js';

/** n points in path order (2: ctrA → hostA; 4: all; 8: all, twice). */
export function pointFiles(dir: string, n: 2 | 4 | 8): { name: string; file: string }[] {
  const round = (suffix: string): { name: string; file: string }[] => POINTS.map((p) => ({ name: `${p}${suffix}`, file: labFile(dir, p) }));
  return n === 2 ? round('').slice(0, 2) : n === 4 ? round('') : [...round(''), ...round('-2')];
}

const correlateArgs = (dir: string, n: 2 | 4 | 8): string[] => [CLI, 'correlate', ...pointFiles(dir, n).map((p) => `${p.name}=${p.file}`)];

export function correlateOf(dir: string, n: 2 | 4 | 8, runs: number): Measurement {
  return medianOf(runs, process.execPath, correlateArgs(dir, n));
}

export interface CorrelatePart {
  text: string;
  targets: Target[];
}

export function correlateVsAnalyze(dir: string, runs: number): CorrelatePart {
  const largest = POINTS.map((p) => labFile(dir, p)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
  const [c, a] = mediansSideBySide(runs, [
    [process.execPath, correlateArgs(dir, 4)],
    [process.execPath, analyzeArgs(largest)],
  ]) as [Measurement, Measurement];
  return {
    text: [
      '## correlate vs analyze',
      '',
      `correlate of the four lab points (${POINTS.join(' → ')}) against analyze of the largest (${largest}), median of ${runs} runs:`,
      '',
      table(
        ['command', 'seconds', 'peak RSS MB', 'time vs analyze'],
        [
          ['ovsforensics correlate, 4 points', fixed(c.seconds), fixed(c.peakRssMB, 0), `${fixed(ratio(c.seconds, a.seconds))}x`],
          ['ovsforensics analyze, 1 point', fixed(a.seconds), fixed(a.peakRssMB, 0), '1x'],
        ],
      ),
    ].join('\n'),
    targets: [
      bound('correlate of four points: at most 2.5x one analyze', ratio(c.seconds, a.seconds), 'at most', 2.5, 'x'),
      bound('correlate of four points: peak RSS under 300 MB', c.peakRssMB, 'under', 300, ' MB'),
    ],
  };
}

// analyze against `tcpdump -vv -nr` and tshark on one lab capture: median time, throughput, peak
// RSS, and the same corrupt count from ovsforensics and tcpdump ("incorrect" checksums).

import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { bound, ratio, type Target } from './figures.js';
import { CLI, measure, mediansSideBySide, type Measurement } from './measure.js';
import { fixed, table } from './report.js';

export const analyzeArgs = (file: string): string[] => [CLI, 'analyze', file];

function countLines(pattern: string, file: string, args: string[]): number {
  // The capture path is a positional parameter, never spliced into the shell text.
  const r = spawnSync('sh', ['-c', `"$0" "$@" 2>/dev/null | grep -c '${pattern}'`, file, ...args], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

/** Garbage collections of one analyze run, from V8's --trace-gc lines: minor (Scavenge) and major (Mark-Compact). */
function collections(file: string): { minor: number; major: number } {
  const r = spawnSync(process.execPath, ['--trace-gc', CLI, 'analyze', file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const lines = r.stdout.split('\n');
  return { minor: lines.filter((l) => l.includes(': Scavenge')).length, major: lines.filter((l) => l.includes(': Mark-Compact')).length };
}

function ourCorrupt(file: string): number {
  const r = spawnSync(process.execPath, [CLI, 'analyze', file, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return (JSON.parse(r.stdout) as { segments: { corrupt: number } }).segments.corrupt;
}

export interface AnalyzePart {
  text: string;
  targets: Target[];
  ours: Measurement;
}

export function analyzeVsTcpdump(file: string, runs: number): AnalyzePart {
  const mb = statSync(file).size / 1e6;
  // Every core forced (the default leaves out the cores a load average says are busy) and one core, side by side.
  const [ours, single, tcpdump] = mediansSideBySide(runs, [
    [process.execPath, [...analyzeArgs(file), '--jobs', String(availableParallelism())]],
    [process.execPath, [...analyzeArgs(file), '--jobs', '1']],
    ['tcpdump', ['-vv', '-nr', file]],
  ]) as [Measurement, Measurement, Measurement];
  const tshark = measure('tshark', ['-n', '-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'], false);
  const rows = (
    [
      [`ovsforensics analyze --jobs ${availableParallelism()} (every core)`, ours],
      ['ovsforensics analyze --jobs 1', single],
      ['tcpdump -vv -nr (stdout to /dev/null)', tcpdump],
      ['tshark -r, checksum checks on (stdout to /dev/null, one run)', tshark],
    ] as const
  ).map(([name, m]) => [name, fixed(m.seconds), fixed(mb / m.seconds, 0), fixed(m.peakRssMB, 0), `${fixed(ratio(m.seconds, ours.seconds))}x`]);
  const corruptOurs = ourCorrupt(file);
  const corruptTcpdump = countLines('incorrect', 'tcpdump', ['-vv', '-nr', file]);
  const same = corruptOurs === corruptTcpdump;
  const gc = collections(file);
  const speedUp = bound('analyze at least 5x `tcpdump -vv` on the 300 MB lab capture', ratio(tcpdump.seconds, ours.seconds), 'at least', 5, 'x');
  return {
    text: [
      `## analyze vs tcpdump and tshark`,
      '',
      `On ${file} (${mb.toFixed(0)} MB, VXLAN, 2% counted corruption), median of ${runs} runs taken in turn after a warm-up:`,
      '',
      table(['tool', 'seconds', 'MB/s', 'peak RSS MB', 'time vs ovsforensics'], rows),
      '',
      `Corrupt segments: ovsforensics ${corruptOurs}, tcpdump -vv "incorrect" ${corruptTcpdump} ${same ? '(same)' : '(DIFFERENT)'}.`,
      '',
      `Garbage collections in one analyze run (--trace-gc, every thread): ${gc.minor} minor (Scavenge), ${gc.major} major (Mark-Compact).`,
    ].join('\n'),
    targets: [
      { ...speedUp, measured: `${speedUp.measured}; corrupt counts ${same ? 'identical' : `DIFFERENT (${corruptOurs} vs ${corruptTcpdump})`}`, met: speedUp.met === undefined ? undefined : speedUp.met && same },
    ],
    ours,
  };
}

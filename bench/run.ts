// `npm run bench`: ovsforensics against tcpdump and tshark, side by side on the same lab files,
// reported as ratios against the targets of docs/design.md (Performance targets): analyze
// throughput, same corrupt count and peak RSS on 1 GB+; correlate of four points against analyze
// of one; live capture against a concurrent tcpdump at the lab's top rate (root and the lab's packages needed).

import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { concatPcaps, ensureLabCaptures, labFile, POINTS } from './data.js';
import { benchCapture, renderCaptureBench } from './capture.js';
import { benchCorrelate } from './correlate.js';
import { measure, medianOf } from './measure.js';

const CLI = resolve('dist/src/cli.js');
const dataDir = resolve(process.env.OVSF_BENCH_DIR ?? 'bench/data');

function countLines(pattern: string, file: string, args: string[]): number {
  // The capture path is a positional parameter, never spliced into the shell text.
  const r = spawnSync('sh', ['-c', `"$0" "$@" 2>/dev/null | grep -c '${pattern}'`, file, ...args], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

function ourCorrupt(file: string): number {
  const r = spawnSync(process.execPath, [CLI, 'analyze', file, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return (JSON.parse(r.stdout) as { segments: { corrupt: number } }).segments.corrupt;
}

function row(cells: (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

async function main(): Promise<void> {
  mkdirSync(dataDir, { recursive: true });
  ensureLabCaptures(dataDir);
  const file = labFile(dataDir, 'hostB');
  const mb = statSync(file).size / 1e6;
  const runs = Number(process.env.OVSF_BENCH_RUNS ?? 3);
  console.log(`# ovsforensics bench — ${new Date().toISOString()}\n`);
  console.log(`analyze on ${file} (${mb.toFixed(0)} MB, VXLAN, 2% counted corruption), median of ${runs} runs after a warm-up\n`);
  const ours = medianOf(runs, process.execPath, [CLI, 'analyze', file]);
  const tcpdump = medianOf(runs, 'tcpdump', ['-vv', '-nr', file]);
  const tshark = measure('tshark', ['-n', '-r', file, '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'], false);
  console.log(row(['tool', 'seconds', 'MB/s', 'peak RSS MB', 'ovsforensics speed-up']));
  console.log(row(['---', '---', '---', '---', '---']));
  for (const [name, m] of [
    ['ovsforensics analyze', ours],
    ['tcpdump -vv -nr (stdout to /dev/null)', tcpdump],
    ['tshark -r, checksums on (stdout to /dev/null)', tshark],
  ] as const) {
    console.log(row([name, m.seconds.toFixed(2), (mb / m.seconds).toFixed(0), m.peakRssMB.toFixed(0), `${(m.seconds / ours.seconds).toFixed(2)}x`]));
  }
  const corruptOurs = ourCorrupt(file);
  const corruptTcpdump = countLines('incorrect', 'tcpdump', ['-vv', '-nr', file]);
  console.log(`\ncorrupt segments: ovsforensics ${corruptOurs}, tcpdump -vv "incorrect" ${corruptTcpdump} ${corruptOurs === corruptTcpdump ? '(same)' : '(DIFFERENT)'}`);

  const big = join(dataDir, 'big-1g.pcap');
  concatPcaps(POINTS.map((p) => labFile(dataDir, p)), big, 1.05e9);
  const bigMb = statSync(big).size / 1e6;
  const onBig = measure(process.execPath, [CLI, 'analyze', big], false);
  console.log(`\npeak RSS on ${bigMb.toFixed(0)} MB: ${onBig.peakRssMB.toFixed(0)} MB (target < 150 MB) in ${onBig.seconds.toFixed(2)} s`);
  const ok = ours.seconds * 2 <= tcpdump.seconds && corruptOurs === corruptTcpdump && onBig.peakRssMB < 150;
  console.log(`\nanalyze targets: ${ok ? 'met' : 'NOT met'}`);

  const c = benchCorrelate(POINTS.map((p) => labFile(dataDir, p)), runs);
  const ratio = c.seconds / c.analyzeOneSeconds;
  console.log(`\ncorrelate of the four points (${POINTS.join(' → ')}): ${c.seconds.toFixed(2)} s, ${ratio.toFixed(2)}x analyze of one (${c.analyzeOneSeconds.toFixed(2)} s), peak RSS ${c.peakRssMB.toFixed(0)} MB`);
  console.log(`correlate target (at most 3x): ${ratio <= 3 ? 'met' : 'NOT met'}`);

  if (process.env.OVSF_BENCH_CAPTURE === '0') return;
  console.log('');
  console.log(renderCaptureBench(await benchCapture(process.env.OVSF_BENCH_CAPTURE_BYTES ?? '300M')));
}

await main();

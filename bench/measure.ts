// Runs one command under GNU time and returns wall seconds, peak RSS and its output: the same
// yardstick for ovsforensics, tcpdump and tshark.

import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { medianBy } from './figures.js';

/** The command under test, as built by `npm run build`. */
export const CLI = resolve('dist/src/cli.js');

export interface Measurement {
  seconds: number;
  peakRssMB: number;
  stdout: string;
  exitCode: number;
}

/** stdout goes to a pipe we read (kept) or to /dev/null (discard). */
export function measure(file: string, args: string[], keepStdout: boolean): Measurement {
  const timing = join(tmpdir(), `ovsf-bench-${process.pid}.time`);
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', timing, file, ...args], {
    stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'ignore'],
    maxBuffer: 1024 * 1024 * 1024,
    encoding: 'utf8',
  });
  const [secs, kb] = readFileSync(timing, 'utf8').trim().split('\n').pop()!.split(' ');
  rmSync(timing, { force: true });
  return { seconds: Number(secs), peakRssMB: Number(kb) / 1024, stdout: keepStdout ? String(r.stdout) : '', exitCode: r.status ?? -1 };
}

const medians = new Map<string, Measurement>();

/**
 * The median of `runs` measurements (by time), after one warm-up that fills the page cache; the
 * same command asked again in one bench run is measured once.
 */
export function medianOf(runs: number, file: string, args: string[]): Measurement {
  const key = JSON.stringify([runs, file, args]);
  const known = medians.get(key);
  if (known) return known;
  measure(file, args, false);
  const m = medianBy(
    Array.from({ length: runs }, () => measure(file, args, false)),
    (r) => r.seconds,
  );
  medians.set(key, m);
  return m;
}

/**
 * Medians of commands compared with each other, run in turn (A, B, A, B…) after a warm-up of each,
 * so a change in the machine's load hits both sides of a ratio alike.
 */
export function mediansSideBySide(runs: number, commands: readonly (readonly [string, string[]])[]): Measurement[] {
  const known = commands.map(([file, args]) => medians.get(JSON.stringify([runs, file, args])));
  if (known.every((m) => m !== undefined)) return known as Measurement[];
  for (const [file, args] of commands) measure(file, args, false);
  const samples: Measurement[][] = commands.map(() => []);
  for (let i = 0; i < runs; i++) commands.forEach(([file, args], k) => samples[k]!.push(measure(file, args, false)));
  return commands.map(([file, args], k) => {
    const m = medianBy(samples[k]!, (r) => r.seconds);
    medians.set(JSON.stringify([runs, file, args]), m);
    return m;
  });
}

// What several test files share: the repository root, a scratch directory, running the CLI, and
// reading a capture into records whose bytes outlive the reader's window.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';
import { readCapture } from '../src/pcap/index.js';
import type { CaptureSummary, PacketRecord } from '../src/pcap/types.js';

/** The repository root (this file runs as dist/test/support.js). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLI = join(ROOT, 'dist', 'src', 'cli.js');

/** A fresh directory removed when the test file ends. */
export function scratchDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ovsf-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node dist/src/cli.js ...args` from the repository root, with a time limit. */
export function runCli(args: string[], timeoutMs = 30_000): CliRun {
  const t = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t };
}

/** runCli measured by GNU time when installed: peakKb is the peak resident set in kB (undefined without it). */
export function runCliPeakRss(args: string[], timeoutMs = 30_000): CliRun & { peakKb?: number } {
  if (!existsSync('/usr/bin/time')) return runCli(args, timeoutMs);
  const t = Date.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  // GNU time's own lines come last: a note on a non-zero exit status, then ours.
  const m = /(?:Command exited with non-zero status \d+\n)?maxrss=(\d+)\n$/.exec(r.stderr);
  const run = { status: r.status, stdout: r.stdout, stderr: m ? r.stderr.slice(0, m.index) : r.stderr, ms: Date.now() - t };
  return m ? { ...run, peakKb: Number(m[1]) } : run;
}

export interface ReadBack {
  records: PacketRecord[];
  summary: CaptureSummary;
  error?: string;
}

/** Every record of a capture with its bytes copied out of the reader's window. */
export async function readAll(path: string): Promise<ReadBack> {
  const records: PacketRecord[] = [];
  const { summary, error } = await readCapture(path, (rec) => records.push({ ...rec, data: Buffer.from(rec.data) }));
  return error === undefined ? { records, summary } : { records, summary, error: error.message };
}

/** True when a program is on PATH. */
export function have(program: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
}

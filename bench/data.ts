// The benchmark's inputs: the two-host lab's VXLAN captures (300 MB+ each, 2% counted corruption,
// four capture points), and files of a chosen size cut from their records.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const POINTS = ['ctrA', 'hostA', 'hostB', 'ctrB'] as const;

export function labFile(dir: string, point: (typeof POINTS)[number]): string {
  return join(dir, `corrupt-${point}.pcap`);
}

/** Makes the lab captures when they are missing (root and the lab's packages needed). */
export function ensureLabCaptures(dir: string): void {
  if (POINTS.every((p) => existsSync(labFile(dir, p)) && statSync(labFile(dir, p)).size > 250e6)) return;
  const generator = resolve('..', 'shared', 'tools', 'lab-captures.sh');
  process.stderr.write(`bench: making lab captures in ${dir} (about a minute)\n`);
  const r = spawnSync('bash', [generator, 'cases', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench: ${generator} cases ${dir} failed (exit ${r.status})`);
}

const HEADER = 24;
const RECORD_HEADER = 16;
/** The largest record a classic pcap can hold here (snap length of the lab's captures and more). */
const MAX_RECORD = RECORD_HEADER + 256 * 1024;

/** Record lengths come in the file's byte order, told by its magic. */
function readsLittleEndian(header: Buffer, path: string): boolean {
  const magic = header.readUInt32LE(0);
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) return true;
  if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) return false;
  throw new Error(`bench: ${path} is not a classic pcap`);
}

/** Whole records at the start of chunk (n bytes read); full: the next one would pass `room`. */
function wholeRecords(chunk: Buffer, n: number, little: boolean, room: number): { bytes: number; full: boolean } {
  let at = 0;
  while (at + RECORD_HEADER <= n) {
    const size = RECORD_HEADER + (little ? chunk.readUInt32LE(at + 8) : chunk.readUInt32BE(at + 8));
    if (at + size > room) return { bytes: at, full: true };
    if (at + size > n) break;
    at += size;
  }
  return { bytes: at, full: false };
}

/** Appends path's records to out, at most `room` bytes; full: it stopped for want of room. */
function appendRecords(path: string, out: number, writeHeader: boolean, room: number, buf: Buffer): { written: number; full: boolean } {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(HEADER);
    readSync(fd, header, 0, HEADER, 0);
    const little = readsLittleEndian(header, path);
    let written = writeHeader ? writeSync(out, header) : 0;
    for (let pos = HEADER; ; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      const whole = wholeRecords(buf, n, little, room - written);
      if (whole.bytes > 0) written += writeSync(out, buf, 0, whole.bytes);
      if (whole.full || whole.bytes === 0) return { written, full: whole.full };
      pos += whole.bytes;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * A classic pcap of at most `bytes` (within one record of it): the first input's header, then the
 * inputs' records in turn, round after round. Inputs share one link type. Kept when already made.
 */
export function pcapOfSize(inputs: string[], output: string, bytes: number): void {
  if (existsSync(output) && statSync(output).size <= bytes && statSync(output).size > bytes - MAX_RECORD) return;
  const partial = `${output}.partial`;
  const out = openSync(partial, 'w');
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  let written = 0;
  try {
    for (let round = 0, full = false; !full; round++) {
      const before = written;
      for (const [i, path] of inputs.entries()) {
        if (full) break;
        const r = appendRecords(path, out, round === 0 && i === 0, bytes - written, buf);
        written += r.written;
        full = r.full;
      }
      if (!full && written === before) throw new Error(`bench: no records to make ${output} from`);
    }
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    closeSync(out);
  }
  renameSync(partial, output);
}

// The benchmark's inputs: a 300 MB+ VXLAN capture from the two-host lab (2% counted corruption,
// four capture points) and a 1 GB+ file made by concatenating those captures' records.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, statSync, writeSync } from 'node:fs';
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

/** Concatenates the records of classic pcap files (same link type) behind the first one's header. */
export function concatPcaps(inputs: string[], output: string, minBytes: number): void {
  if (existsSync(output) && statSync(output).size >= minBytes) return;
  const out = openSync(output, 'w');
  const buf = Buffer.allocUnsafe(8 * 1024 * 1024);
  let written = 0;
  for (let round = 0; written < minBytes; round++) {
    for (const [i, path] of inputs.entries()) {
      const fd = openSync(path, 'r');
      let pos = round === 0 && i === 0 ? 0 : 24;
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, pos);
        if (n === 0) break;
        writeSync(out, buf, 0, n);
        written += n;
        pos += n;
      }
      closeSync(fd);
    }
  }
  closeSync(out);
}

// Mounts left under a directory (a daemon's network-namespace bind mounts when it was killed),
// found in /proc/self/mounts and detached so the directory can be removed.

import { readFileSync } from 'node:fs';
import { runChecked } from './run.js';

export function mountsUnder(dir: string): string[] {
  const prefix = dir.endsWith('/') ? dir : `${dir}/`;
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' '))
    .filter((m) => m.startsWith(prefix))
    // Deepest first, so a mount on top of another is removed before the one below.
    .sort((a, b) => b.length - a.length);
}

/** Lazily unmounts everything under dir; returns what it unmounted. */
export async function unmountUnder(dir: string): Promise<string[]> {
  const mounts = mountsUnder(dir);
  for (const m of mounts) await runChecked('umount', ['-l', m]);
  return mounts;
}

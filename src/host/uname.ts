// The running kernel's release, as `uname -r` prints it.

import { runChecked } from './run.js';

export async function kernelRelease(): Promise<{ release: string; command: string }> {
  const r = await runChecked('uname', ['-r']);
  return { release: r.stdout.trim(), command: r.command };
}

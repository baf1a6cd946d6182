// fix's snapshots: an interface's ethtool features before the first --apply, so --revert can put
// back exactly what was there. They live under /run (tmpfs), because the settings they describe
// die with the interface at reboot: a snapshot that outlived them would restore onto a stranger.
// Keyed by the network namespace's inode and the interface name, so every way of naming the
// container (--container, --netns, --pid) finds the same one.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { EthtoolFeatures } from '../host/ethtool.js';

export const FIX_STATE_DIR = process.env.OVSFORENSICS_FIX_DIR ?? '/run/ovsforensics/fix';

export interface Snapshot {
  schema: 'ovsforensics.fix-snapshot/1';
  takenAt: string;
  /** How the target was named when it was taken, for messages. */
  target: string;
  netnsInode: number;
  iface: string;
  /** Identity of the interface: a restarted container has a new one with the same name. */
  ifindex?: number;
  address?: string;
  /** The full `ethtool -k` reading, and the command that took it. */
  features: EthtoolFeatures;
  command: string;
}

export function snapshotPath(netnsInode: number, iface: string, dir = FIX_STATE_DIR): string {
  return join(dir, `net-${netnsInode}-${iface}.json`);
}

export function readSnapshot(path: string): Snapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const s = JSON.parse(text) as Snapshot;
    if (s.schema !== 'ovsforensics.fix-snapshot/1') throw new Error(`schema ${String(s.schema)}`);
    return s;
  } catch (e) {
    throw new InputError(path, undefined, `not a fix snapshot (${e instanceof Error ? e.message : String(e)}): remove it to start over`);
  }
}

/** Written to a temporary file and renamed, so a reader never sees half a snapshot. */
export function writeSnapshot(path: string, s: Snapshot): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(s, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function removeSnapshot(path: string): void {
  rmSync(path, { force: true });
}

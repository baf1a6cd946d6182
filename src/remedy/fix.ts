// fix: change offload features on a container's interface from outside it (nsenter, so the
// container needs no ethtool), with a snapshot to revert exactly. A dry run only reads.

import { EnvironmentError, UsageError } from '../errors.js';
import { ethtoolDriver, ethtoolRead, ethtoolSet, ethtoolSetCommand, type EthtoolReading } from '../host/ethtool.js';
import { ipLinksIn, type IpLink } from '../host/ip.js';
import { withUndo } from '../host/undo.js';
import { displayName, featureChanges, featureText, restoreSettings, settingsToApply, type FeatureChange } from './features.js';
import { readSnapshot, removeSnapshot, snapshotPath, writeSnapshot, type Snapshot } from './snapshot.js';
import { describeTarget } from '../target/resolve.js';
import type { Target } from './types.js';

export type FixMode = 'dry-run' | 'apply' | 'revert';

export interface FixOutcome {
  mode: FixMode;
  target: string;
  iface: string;
  /** What was asked: feature → on/off, as ethtool -K takes them. */
  settings: Record<string, boolean>;
  /** The ethtool -K commands run (or, in a dry run, that --apply would run). */
  commands: string[];
  /** Shown state before → after of every feature that changed (dry run: of those asked). */
  changes: FeatureChange[];
  snapshot: { path: string; status: 'would write' | 'written' | 'kept' | 'restored and removed' | 'none'; takenAt?: string };
  /** Nothing needed changing. */
  unchanged: boolean;
  /** The commands that read the state shown. */
  readBy: string[];
}

async function currentLink(t: Target): Promise<IpLink> {
  const link = (await ipLinksIn(t.netns)).links.find((l) => l.ifname === t.iface);
  if (!link) throw new UsageError(`no interface ${t.iface} in ${describeTarget(t)} any more`);
  return link;
}

const sameInterface = (s: Snapshot, l: IpLink): boolean => s.ifindex === l.ifindex && s.address === l.address;

/** For messages only: some interfaces (lo) have no driver information. */
async function driverName(t: Target): Promise<string> {
  return (await ethtoolDriver(t.netns, t.iface).catch(() => undefined))?.driver ?? '';
}

function base(t: Target, mode: FixMode, settings: Record<string, boolean>, path: string): FixOutcome {
  return { mode, target: describeTarget(t), iface: t.iface, settings, commands: [], changes: [], snapshot: { path, status: 'none' }, unchanged: false, readBy: [] };
}

export async function planFix(t: Target, settings: Record<string, boolean>): Promise<FixOutcome> {
  const out = base(t, 'dry-run', settings, snapshotPath(t.netnsInode, t.iface));
  const now = await ethtoolRead(t.netns, t.iface);
  out.readBy.push(now.command);
  const apply = settingsToApply(now.features, settings, t.iface, await driverName(t));
  out.unchanged = Object.keys(apply).length === 0;
  if (out.unchanged) return out;
  out.commands.push(ethtoolSetCommand(t.netns, t.iface, apply));
  out.changes = Object.entries(apply).map(([n, on]) => ({ name: displayName(n), from: featureText(now.features[displayName(n)]), to: on ? 'on' : 'off' }));
  const existing = readSnapshot(out.snapshot.path);
  out.snapshot.status = existing ? 'kept' : 'would write';
  if (existing) out.snapshot.takenAt = existing.takenAt;
  return out;
}

/** Applies the settings after a snapshot; a failure or signal part-way puts the old state back. */
export async function applyFix(t: Target, settings: Record<string, boolean>): Promise<FixOutcome> {
  const out = base(t, 'apply', settings, snapshotPath(t.netnsInode, t.iface));
  const before = await ethtoolRead(t.netns, t.iface);
  out.readBy.push(before.command);
  const apply = settingsToApply(before.features, settings, t.iface, await driverName(t));
  if (Object.keys(apply).length === 0) {
    out.unchanged = true;
    return out;
  }
  const link = await currentLink(t);
  const existing = readSnapshot(out.snapshot.path);
  // A second --apply keeps the first snapshot: it holds the state before any fix.
  const keep = existing !== undefined && sameInterface(existing, link);
  if (keep) out.snapshot = { path: out.snapshot.path, status: 'kept', takenAt: existing.takenAt };
  else {
    const takenAt = new Date().toISOString();
    writeSnapshot(out.snapshot.path, { schema: 'ovsforensics.fix-snapshot/1', takenAt, target: out.target, netnsInode: t.netnsInode, iface: t.iface, ifindex: link.ifindex, address: link.address, features: before.features, command: before.command });
    out.snapshot = { path: out.snapshot.path, status: 'written', takenAt };
  }
  const undo = async (): Promise<void> => {
    await restore(t, before);
    if (!keep) removeSnapshot(out.snapshot.path);
  };
  const after = await withUndo(async () => {
    out.commands.push(ethtoolSetCommand(t.netns, t.iface, apply));
    await ethtoolSet(t.netns, t.iface, apply);
    const read = await ethtoolRead(t.netns, t.iface);
    const missed = Object.entries(apply).filter(([n, on]) => read.features[displayName(n)]?.on !== on);
    if (missed.length > 0) throw new EnvironmentError(`${out.commands[0]} ran, yet ${missed.map(([n]) => `${displayName(n)} is ${featureText(read.features[displayName(n)])}`).join(', ')}: put back as it was`);
    return read;
  }, undo);
  out.readBy.push(after.command);
  out.changes = featureChanges(before.features, after.features);
  return out;
}

/** Sets the leaves that differ from `to` and returns the command run, if any. */
async function restore(t: Target, to: EthtoolReading): Promise<string | undefined> {
  const now = await ethtoolRead(t.netns, t.iface);
  const settings = restoreSettings(to.features, now.features);
  if (Object.keys(settings).length === 0) return undefined;
  await ethtoolSet(t.netns, t.iface, settings);
  return ethtoolSetCommand(t.netns, t.iface, settings);
}

/** Puts back the snapshot's state, checks every feature reads as it did, then removes the snapshot. */
export async function revertFix(t: Target): Promise<FixOutcome> {
  const path = snapshotPath(t.netnsInode, t.iface);
  const out = base(t, 'revert', {}, path);
  const snap = readSnapshot(path);
  if (!snap) throw new UsageError(`no fix snapshot for ${t.iface} of ${out.target} (${path}): nothing to revert`);
  const link = await currentLink(t);
  if (!sameInterface(snap, link)) {
    throw new EnvironmentError(`${path} was taken of another ${t.iface} (ifindex ${snap.ifindex}, ${snap.address}; now ifindex ${link.ifindex}, ${link.address}): the container restarted and its settings went with the old interface; remove the file`);
  }
  const before = await ethtoolRead(t.netns, t.iface);
  const command = await restore(t, { features: snap.features, command: snap.command });
  if (command) out.commands.push(command);
  const after = await ethtoolRead(t.netns, t.iface);
  out.readBy.push(before.command, after.command);
  const differ = featureChanges(snap.features, after.features);
  if (differ.length > 0) {
    throw new EnvironmentError(`${t.iface} does not read back as in ${path}: ${differ.map((d) => `${d.name} ${d.to} (was ${d.from})`).join(', ')}; snapshot kept`);
  }
  removeSnapshot(path);
  out.changes = featureChanges(before.features, after.features);
  out.unchanged = out.changes.length === 0;
  out.snapshot = { path, status: 'restored and removed', takenAt: snap.takenAt };
  return out;
}

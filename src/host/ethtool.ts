// ethtool offload features: `ethtool -k` parsed into a typed map, `ethtool -K` to change them,
// `ethtool -i` for the driver, `ethtool -S` for its statistics. Readers also return the command
// line, so facts can cite it.

import { EnvironmentError } from '../errors.js';
import { commandLine } from './run.js';
import { inNetns, runIn, runInChecked, type NetnsTarget } from './netns.js';

export interface EthtoolFeature {
  on: boolean;
  /** The driver does not let it change ("[fixed]"). */
  fixed: boolean;
  /** ethtool printed it indented, under a group such as tx-checksumming. */
  sub: boolean;
  /** What was asked for when it differs from `on` ("[requested on]"): a dependency holds it back. */
  requested?: boolean;
}

/** Keyed by the names `ethtool -k` prints: rx-checksumming, tx-checksumming, tx-checksum-ipv4… */
export type EthtoolFeatures = Record<string, EthtoolFeature>;

export function parseEthtoolFeatures(text: string): EthtoolFeatures {
  const features: EthtoolFeatures = {};
  for (const line of text.split('\n')) {
    const m = /^(\s*)([\w-]+): (on|off)( \[(fixed|requested (on|off))\])?/.exec(line);
    if (!m) continue;
    const f: EthtoolFeature = { on: m[3] === 'on', fixed: m[5] === 'fixed', sub: m[1]!.length > 0 };
    if (m[6] !== undefined) f.requested = m[6] === 'on';
    features[m[2]!] = f;
  }
  return features;
}

export interface EthtoolReading {
  features: EthtoolFeatures;
  /** The command line that produced it. */
  command: string;
}

export async function ethtoolRead(target: NetnsTarget, iface: string): Promise<EthtoolReading> {
  const r = await runInChecked(target, 'ethtool', ['-k', iface]);
  return { features: parseEthtoolFeatures(r.stdout), command: r.command };
}

export async function ethtoolFeatures(target: NetnsTarget, iface: string): Promise<EthtoolFeatures> {
  return (await ethtoolRead(target, iface)).features;
}

/** The command line `ethtoolSet` runs, for dry runs and messages. */
export function ethtoolSetCommand(target: NetnsTarget, iface: string, settings: Record<string, boolean>): string {
  return commandLine(...inNetns(target, 'ethtool', ethtoolSetArgs(iface, settings)));
}

function ethtoolSetArgs(iface: string, settings: Record<string, boolean>): string[] {
  return ['-K', iface, ...Object.entries(settings).flatMap(([name, on]) => [name, on ? 'on' : 'off'])];
}

/** `ethtool -K IFACE NAME on|off…`; names as -K takes them (tx, rx, tso, gso, gro, tx-checksum-ipv4…). */
export async function ethtoolSet(target: NetnsTarget, iface: string, settings: Record<string, boolean>): Promise<void> {
  await runInChecked(target, 'ethtool', ethtoolSetArgs(iface, settings));
}

export interface EthtoolDriver {
  driver: string;
  version: string;
  firmware: string;
  busInfo: string;
  command: string;
}

export function parseEthtoolDriver(text: string): Omit<EthtoolDriver, 'command'> {
  const field = (name: string): string => new RegExp(`^${name}: ?(.*)$`, 'm').exec(text)?.[1]?.trim() ?? '';
  return { driver: field('driver'), version: field('version'), firmware: field('firmware-version'), busInfo: field('bus-info') };
}

export async function ethtoolDriver(target: NetnsTarget, iface: string): Promise<EthtoolDriver> {
  const r = await runInChecked(target, 'ethtool', ['-i', iface]);
  return { ...parseEthtoolDriver(r.stdout), command: r.command };
}

/** `ethtool -S` text ("NIC statistics:" then "     name: value" lines) as numbers by name. */
export function parseEthtoolStats(text: string): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^\s+([^:]+): (\d+)\s*$/.exec(line);
    if (m) stats[m[1]!.trim()] = Number(m[2]);
  }
  return stats;
}

/** The driver's statistics (`ethtool -S`); none when the driver keeps none (a VXLAN device, a bridge). */
export async function ethtoolStats(target: NetnsTarget, iface: string): Promise<{ stats: Record<string, number>; command: string }> {
  const r = await runIn(target, 'ethtool', ['-S', iface]);
  if (r.exitCode !== 0 && !/no stats available|Operation not supported/.test(r.stderr)) {
    throw new EnvironmentError(`${r.command}: ${r.stderr.split('\n')[0] || `exit ${r.exitCode}`}`, r.command);
  }
  return { stats: r.exitCode === 0 ? parseEthtoolStats(r.stdout) : {}, command: r.command };
}

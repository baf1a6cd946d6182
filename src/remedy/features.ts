// ethtool feature names and the arithmetic of changing them: `ethtool -K` takes short names (tx,
// rx, tso…) that stand for the groups `ethtool -k` prints; a group is a top-level line followed
// by indented ones, and only its leaves carry state of their own.

import { UsageError } from '../errors.js';
import type { EthtoolFeature, EthtoolFeatures } from '../host/ethtool.js';

/** `ethtool -K` short names and the `ethtool -k` line each one sets. */
const SHORT_NAMES: Record<string, string> = {
  tx: 'tx-checksumming',
  rx: 'rx-checksumming',
  sg: 'scatter-gather',
  tso: 'tcp-segmentation-offload',
  gso: 'generic-segmentation-offload',
  gro: 'generic-receive-offload',
  lro: 'large-receive-offload',
  rxvlan: 'rx-vlan-offload',
  txvlan: 'tx-vlan-offload',
  ntuple: 'ntuple-filters',
  rxhash: 'receive-hashing',
};

export function displayName(name: string): string {
  return SHORT_NAMES[name] ?? name;
}

/** "tx,rx" or "tx-udp_tnl-segmentation" → { tx: false, rx: false }: fix only turns features off. */
export function parseFeatureList(list: string): Record<string, boolean> {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError(`--features ${list}: expected names such as tx,rx`);
  return Object.fromEntries(names.map((n) => [n, false]));
}

export interface FeatureChange {
  /** As `ethtool -k` prints it. */
  name: string;
  from: string;
  to: string;
}

/** "on", "off", "off [fixed]", "off [requested on]" — as ethtool shows it. */
export function featureText(f: EthtoolFeature | undefined): string {
  if (f === undefined) return 'absent';
  const state = f.on ? 'on' : 'off';
  if (f.fixed) return `${state} [fixed]`;
  return f.requested === undefined ? state : `${state} [requested ${f.requested ? 'on' : 'off'}]`;
}

/** Every feature whose shown state differs between two readings, in ethtool's order. */
export function featureChanges(before: EthtoolFeatures, after: EthtoolFeatures): FeatureChange[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return names.flatMap((name) => {
    const [from, to] = [featureText(before[name]), featureText(after[name])];
    return from === to ? [] : [{ name, from, to }];
  });
}

/**
 * Checks the settings against a reading: each must name a feature the interface lists, and one the
 * driver has [fixed] must already be what is asked. Returns those that change something.
 */
export function settingsToApply(features: EthtoolFeatures, settings: Record<string, boolean>, iface: string, driver: string): Record<string, boolean> {
  const apply: Record<string, boolean> = {};
  for (const [name, on] of Object.entries(settings)) {
    const f = features[displayName(name)];
    if (f === undefined) throw new UsageError(`feature ${name}: ethtool -k ${iface} does not list ${displayName(name)}`);
    if (f.on === on) continue;
    if (f.fixed) throw new UsageError(`${iface}: ${displayName(name)} is ${featureText(f)} by ${driver ? `the ${driver} driver` : 'its driver'}, ethtool cannot turn it ${on ? 'on' : 'off'}`);
    apply[name] = on;
  }
  return apply;
}

/** Features with state of their own: indented ones, and top-level ones no indented line follows. */
export function leafNames(features: EthtoolFeatures): string[] {
  const names = Object.keys(features);
  return names.filter((n, i) => features[n]!.sub || !features[names[i + 1] ?? '']?.sub);
}

/** What the kernel was asked for: a held-back feature's request, else its state. */
const wanted = (f: EthtoolFeature): boolean => f.requested ?? f.on;

/** The leaf settings that bring `now` back to `snapshot`, requests included; fixed ones are left. */
export function restoreSettings(snapshot: EthtoolFeatures, now: EthtoolFeatures): Record<string, boolean> {
  const settings: Record<string, boolean> = {};
  for (const name of leafNames(snapshot)) {
    const [was, is] = [snapshot[name]!, now[name]];
    if (is === undefined || is.fixed || was.fixed) continue;
    if (wanted(was) !== wanted(is)) settings[name] = wanted(was);
  }
  return settings;
}

// A capture point: a resolved target (src/target/) or an OVS mirror's tap, named for the pcapng
// as host/namespace/interface and described in words.

import { hostname } from 'node:os';
import { ipNetnsIdentify } from '../host/ip.js';
import type { NetnsTarget } from '../host/netns.js';
import type { Direction } from '../pcap/types.js';
import { describeTarget, resolveTargetLink } from '../target/resolve.js';
import type { Target, TargetSpec } from '../target/types.js';

export interface CapturePoint {
  /** The pcapng interface name: host/netns/interface. */
  label: string;
  /** Its namespace in words: the container's name, the netns name, pid:N or default. */
  place: string;
  description: string;
  netns: NetnsTarget;
  iface: string;
  /** Set when every frame has one direction (an OVS mirror of one side of a port). */
  direction?: Direction;
}

export const HOST = hostname();

/** The namespace's name as `ip netns` knows it, else a description (pid:N, the path, default). */
export async function netnsLabel(netns: NetnsTarget): Promise<string> {
  if (netns !== undefined && 'netns' in netns) return netns.netns;
  if (netns !== undefined && 'path' in netns) return netns.path;
  const pid = netns === undefined ? process.pid : netns.pid;
  return (await ipNetnsIdentify(pid)) ?? (netns === undefined ? 'default' : `pid:${pid}`);
}

/** A resolved target as a capture point (fix --verify hands one in resolved already). */
export async function targetPoint(t: Target, link: { kind?: string; address?: string } = {}): Promise<CapturePoint> {
  const place = t.kind === 'container' ? t.name : await netnsLabel(t.netns);
  const what = `${link.kind ?? 'device'} ${link.address ?? ''}`.trim();
  return { label: `${HOST}/${place}/${t.iface}`, place, description: `${t.iface} in ${describeTarget(t)}, ${what}`, netns: t.netns, iface: t.iface };
}

export async function resolvePoint(spec: TargetSpec): Promise<CapturePoint> {
  const { target, link } = await resolveTargetLink(spec);
  return targetPoint(target, link);
}

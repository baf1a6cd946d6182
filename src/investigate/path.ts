// The path between two containers from doctor's facts on their hosts (docs/investigate.md, "The
// path"): container interface → host-side veth → OVS or a Linux bridge → tunnel → underlay NIC on
// the sender's host, the same backwards on the receiver's; and where to capture on it. Pure.

import type { DoctorFacts, InterfaceFacts } from '../remedy/types.js';
import type { ElementKind, PathElement } from './types.js';

/** One end as doctor saw it. */
export interface EndFacts {
  side: 'from' | 'to';
  /** A --host name, or undefined for this machine. */
  host?: string;
  facts: DoctorFacts;
}

/** Where a capture point is, as capture's flags name it on its host. */
export interface PointPlace {
  scope: 'container' | 'netns' | 'pid' | 'current';
  /** Container or netns name, or the pid; empty for the current namespace. */
  name: string;
  iface: string;
}

/** A place on the path to capture at. */
export interface PathPoint {
  name: string;
  element: string;
  side: 'from' | 'to';
  host?: string;
  place: PointPlace;
}

export interface ResolvedPath {
  elements: PathElement[];
  points: PathPoint[];
  /** Both ends on one host: nothing crosses a tunnel. */
  oneHost: boolean;
}

/** "netns ovsf-hostA", "netns ovsf-hostA (that of pid 42)", "the netns of pid 42", "host" → how capture names it. */
export function placeOf(where: string, iface: string): PointPlace {
  const netns = /^netns (\S+)/.exec(where);
  if (netns) return { scope: 'netns', name: netns[1]!, iface };
  const pid = /pid (\d+)/.exec(where);
  if (pid) return { scope: 'pid', name: pid[1]!, iface };
  return { scope: 'current', name: '', iface };
}

const role = (f: DoctorFacts, r: InterfaceFacts['role']): InterfaceFacts | undefined => f.interfaces.find((i) => i.role === r);

/** The sender's side of the path, from its container outwards; the receiver's is this reversed. */
function sideElements(end: EndFacts, crossHosts: boolean): { elements: Omit<PathElement, 'state'>[]; points: PathPoint[] } {
  const { side, facts } = end;
  const letter = side === 'from' ? 'A' : 'B';
  const elements: Omit<PathElement, 'state'>[] = [];
  const points: PathPoint[] = [];
  const add = (kind: ElementKind, name: string, detail: string, point?: { name: string; place: PointPlace }): void => {
    const id = `${side}/${kind}`;
    elements.push({ id, side, kind, name, detail, ...(point ? { point: point.name } : {}) });
    if (point) points.push({ name: point.name, element: id, side, ...(end.host === undefined ? {} : { host: end.host }), place: point.place });
  };
  const ctr = role(facts, 'container');
  const t = facts.target;
  if (ctr && t) add('container', ctr.name, ctr.where, { name: `ctr${letter}`, place: { scope: 'container', name: t.name, iface: ctr.name } });
  const peer = role(facts, 'peer');
  if (peer) add('veth', peer.name, `host side of the veth, in ${peer.where}`);
  const tunnel = role(facts, 'tunnel');
  if (facts.ovs) {
    const bridges = facts.ovs.bridges.map((b) => `${b.name} (${b.datapathType})`).join(', ');
    add('ovs', 'Open vSwitch', `bridges ${bridges}`);
  } else if (peer?.master !== undefined) add('bridge', peer.master, `Linux bridge in ${peer.where}`);
  if (!crossHosts) return { elements, points };
  const ovsTunnel = facts.ovs?.tunnels[0];
  if (tunnel) {
    const to = tunnel.tunnel?.remote === undefined ? '' : ` to ${tunnel.tunnel.remote}${tunnel.tunnel.port === undefined ? '' : `:${tunnel.tunnel.port}`}`;
    add('tunnel', tunnel.name, `kernel ${tunnel.tunnel?.type ?? tunnel.kind ?? 'tunnel'} device${to}`, { name: `tun${letter}`, place: placeOf(tunnel.where, tunnel.name) });
  } else if (ovsTunnel) {
    const remote = ovsTunnel.options.remote_ip;
    add('tunnel', ovsTunnel.name, `OVS ${ovsTunnel.type} port${remote === undefined ? '' : ` to ${remote}`} (inside ovs-vswitchd: not a device to capture on)`);
  }
  const underlay = role(facts, 'underlay');
  if (underlay) add('underlay', underlay.name, `underlay NIC in ${underlay.where}`, { name: `host${letter}`, place: placeOf(underlay.where, underlay.name) });
  return { elements, points };
}

/** Both ends on one machine when named on the same host and their underlays (or bridges) are the same device. */
function sameHost(a: EndFacts, b: EndFacts): boolean {
  if (a.host !== b.host) return false;
  const key = (f: DoctorFacts): string | undefined => {
    const u = role(f, 'underlay') ?? role(f, 'peer');
    return u && `${u.where.replace(/ \(.*\)$/, '')}/${role(f, 'underlay')?.name ?? role(f, 'peer')?.master ?? ''}`;
  };
  const ka = key(a.facts);
  return ka !== undefined && ka === key(b.facts);
}

export function resolvePath(from: EndFacts, to: EndFacts): ResolvedPath {
  const oneHost = sameHost(from, to);
  const a = sideElements(from, !oneHost);
  const b = sideElements(to, !oneHost);
  // On one host the bridge is crossed once.
  const bElements = oneHost ? b.elements.filter((e) => e.kind !== 'ovs' && e.kind !== 'bridge') : b.elements;
  const elements = [...a.elements, ...bElements.reverse()].map((e) => ({ ...e, state: e.point === undefined ? ('not-captured' as const) : ('clean' as const) }));
  return { elements, points: [...a.points, ...b.points.reverse()], oneHost };
}

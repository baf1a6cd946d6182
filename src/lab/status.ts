// `lab status`: what the state file says, checked against what runs (bridges from each host's
// ovsdb or its Linux bridges, injector counters from nftables).

import { ipLinksIn, ipNetnsList } from '../host/ip.js';
import { ovsBridges } from '../host/ovs.js';
import { readInjectors, type InjectorStatus } from './injectors.js';
import { readState, type ContainerState, type HostState } from './state.js';
import { TUNNEL_PORT, type HostName, type Overlay, type UnderlayFamily } from './topology.js';

export interface HostStatus {
  name: HostName;
  netns: string;
  underlay: string;
  ip: string;
  /** For `ovs-vsctl --db` (OVS overlay only). */
  ovsdb?: string;
  bridges: string[];
  /** `ssh -F CONFIG ALIAS` reaches the host's namespace; TARGET is the same as a URL. */
  ssh?: { alias: string; target: string; config: string };
}

/** The container fields of the contract, whatever else the state file keeps. */
export type ContainerStatus = Pick<ContainerState, 'name' | 'host' | 'runtime' | 'pid' | 'netns' | 'iface' | 'ip' | 'ovsPort'>;

/** Exactly the `lab status --json` contract; all lists empty and no overlay when the lab is down. */
export interface LabStatus {
  overlay?: { kind: Overlay; underlay: UnderlayFamily; port: number };
  hosts: HostStatus[];
  containers: ContainerStatus[];
  injectors: InjectorStatus[];
}

const containerStatus = (c: ContainerState): ContainerStatus => ({
  name: c.name,
  host: c.host,
  runtime: c.runtime,
  pid: c.pid,
  netns: c.netns,
  iface: c.iface,
  ip: c.ip,
  ovsPort: c.ovsPort,
});

async function hostStatus(h: HostState, sshConfig: string | undefined): Promise<HostStatus> {
  const ssh = h.ssh !== undefined && sshConfig !== undefined ? { ssh: { alias: h.ssh.alias, target: h.ssh.target, config: sshConfig } } : {};
  const base = { name: h.name, netns: h.netns, underlay: h.underlay, ip: h.ip, ...ssh };
  if (h.ovsdb !== undefined) return { ...base, ovsdb: h.ovsdb, bridges: (await ovsBridges(h.ovsdb)) ?? [] };
  const { links } = await ipLinksIn({ netns: h.netns });
  return { ...base, bridges: links.filter((l) => l.kind === 'bridge').map((l) => l.ifname) };
}

export async function labStatus(): Promise<LabStatus> {
  const state = readState();
  if (!state) return { hosts: [], containers: [], injectors: [] };
  const present = new Set(await ipNetnsList());
  const hosts: HostStatus[] = [];
  const injectors: InjectorStatus[] = [];
  for (const h of state.hosts.filter((x) => present.has(x.netns))) {
    hosts.push(await hostStatus(h, state.ssh?.config));
    injectors.push(...(await readInjectors(h.name, h.netns)));
  }
  return {
    overlay: { kind: state.overlay, underlay: state.underlay, port: TUNNEL_PORT[state.overlay] },
    hosts,
    containers: state.containers.filter((c) => present.has(c.netns)).map(containerStatus),
    injectors,
  };
}

// `lab status`: what the state file says, checked against what runs (bridges from each host's
// ovsdb, injector counters from nftables).

import { ipNetnsList } from '../host/ip.js';
import { ovsBridges } from '../host/ovs.js';
import { readInjectors, type InjectorStatus } from './injectors.js';
import { readState, type ContainerState } from './state.js';
import type { HostName } from './topology.js';

export interface HostStatus {
  name: HostName;
  netns: string;
  underlay: string;
  ip: string;
  /** For `ovs-vsctl --db`. */
  ovsdb: string;
  bridges: string[];
}

/** The container fields of the contract, whatever else the state file keeps. */
export type ContainerStatus = Pick<ContainerState, 'name' | 'host' | 'runtime' | 'pid' | 'netns' | 'iface' | 'ip' | 'ovsPort'>;

/** Exactly the `lab status --json` contract; all lists empty when the lab is down. */
export interface LabStatus {
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

export async function labStatus(): Promise<LabStatus> {
  const state = readState();
  if (!state) return { hosts: [], containers: [], injectors: [] };
  const present = new Set(await ipNetnsList());
  const hosts: HostStatus[] = [];
  const injectors: InjectorStatus[] = [];
  for (const h of state.hosts.filter((x) => present.has(x.netns))) {
    hosts.push({ name: h.name, netns: h.netns, underlay: h.underlay, ip: h.ip, ovsdb: h.ovsdb, bridges: (await ovsBridges(h.ovsdb)) ?? [] });
    injectors.push(...(await readInjectors(h.name, h.netns)));
  }
  return { hosts, containers: state.containers.filter((c) => present.has(c.netns)).map(containerStatus), injectors };
}

// The incident's topology as plain data: two hosts joined by an underlay wire, each with its own
// Open vSwitch (br-phy on the underlay, br-int with vxlan0), and three containers on br-int.

export const VNI = 42;
/** Underlay MTU 1500 minus VXLAN's overhead: outer IPv4 20 + UDP 8 + VXLAN 8 + inner Ethernet 14. */
export const CONTAINER_MTU = 1450;
/** Every namespace the lab names starts with this, so none collides with another tool's. */
export const NETNS_PREFIX = 'ovsf-';
export const CONTAINER_IFACE = 'eth1';
export const UNDERLAY_IFACE = 'eth0';
export const LAB_LABEL = 'ovsforensics.lab';

export type HostName = 'hostA' | 'hostB';

export interface HostPlan {
  name: HostName;
  netns: string;
  underlay: string;
  ip: string;
  prefixlen: number;
  remoteIp: string;
}

export interface ContainerPlan {
  name: string;
  host: HostName;
  netns: string;
  iface: string;
  ip: string;
  prefixlen: number;
  /** The host end of the container's veth, a port on br-int. */
  ovsPort: string;
}

const host = (name: HostName, ip: string, remoteIp: string): HostPlan => ({
  name,
  netns: `${NETNS_PREFIX}${name}`,
  underlay: UNDERLAY_IFACE,
  ip,
  prefixlen: 24,
  remoteIp,
});

const container = (name: string, hostName: HostName, ip: string): ContainerPlan => ({
  name,
  host: hostName,
  netns: `${NETNS_PREFIX}${name}`,
  iface: CONTAINER_IFACE,
  ip,
  prefixlen: 24,
  ovsPort: `v-${name}`,
});

export const HOSTS: readonly HostPlan[] = [host('hostA', '172.16.2.114', '172.16.2.115'), host('hostB', '172.16.2.115', '172.16.2.114')];

export const CONTAINERS: readonly ContainerPlan[] = [
  container('test_mac', 'hostA', '10.10.0.1'),
  container('test_mac_3', 'hostA', '10.10.0.3'),
  container('test_mac_2', 'hostB', '10.10.0.2'),
];

export function hostPlan(name: HostName): HostPlan {
  return HOSTS.find((h) => h.name === name)!;
}

/** Every namespace name the lab can create, so `down` can sweep them without any saved state. */
export function labNetnsNames(): string[] {
  return [...HOSTS.map((h) => h.netns), ...CONTAINERS.map((c) => c.netns)];
}

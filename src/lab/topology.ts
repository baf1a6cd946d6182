// The incident's topology as plain data: two hosts joined by an underlay wire and three containers,
// with one of four overlays between the hosts: Open vSwitch on the userspace datapath (br-phy on
// the underlay, br-int with a VXLAN port, or a Geneve port with its outer checksum on as OVN and
// Antrea configure it), or the kernel's own VXLAN or Geneve device on a Linux bridge (br0) with
// the containers' veths, as flannel, Calico or Docker overlay build it.

export const VNI = 42;
/** Every namespace the lab names starts with this, so none collides with another tool's. */
export const NETNS_PREFIX = 'ovsf-';
export const CONTAINER_IFACE = 'eth1';
export const UNDERLAY_IFACE = 'eth0';
export const LAB_LABEL = 'ovsforensics.lab';

export const OVERLAYS = ['ovs', 'ovs-geneve', 'vxlan', 'geneve'] as const;
export type Overlay = (typeof OVERLAYS)[number];
export type OvsOverlay = Extract<Overlay, 'ovs' | 'ovs-geneve'>;
export type KernelOverlay = Exclude<Overlay, OvsOverlay>;

export function isOvsOverlay(overlay: Overlay): overlay is OvsOverlay {
  return overlay === 'ovs' || overlay === 'ovs-geneve';
}

/** The tunnel protocol each overlay speaks. */
export const TUNNEL_PROTOCOL: Record<Overlay, 'vxlan' | 'geneve'> = { ovs: 'vxlan', 'ovs-geneve': 'geneve', vxlan: 'vxlan', geneve: 'geneve' };
export type UnderlayFamily = 'ipv4' | 'ipv6';

/** The kernel devices of a kernel overlay, per host: the tunnel and the bridge joining it to the containers. */
export const KERNEL_BRIDGE = 'br0';
export const TUNNEL_DEVICE: Record<KernelOverlay, string> = { vxlan: 'vxlan0', geneve: 'geneve0' };

/**
 * UDP destination port of the tunnel: OVS uses IANA's 4789; the kernel VXLAN device uses 8472,
 * Linux's original default and what flannel still configures; Geneve has 6081.
 */
export const TUNNEL_PORT: Record<Overlay, number> = { ovs: 4789, 'ovs-geneve': 6081, vxlan: 8472, geneve: 6081 };

/** VXLAN and Geneve (without options) both add UDP 8 + their header 8 + the inner Ethernet 14 to the outer IP header. */
const TUNNEL_OVERHEAD = 8 + 8 + 14;
const IP_HEADER: Record<UnderlayFamily, number> = { ipv4: 20, ipv6: 40 };
export const UNDERLAY_MTU = 1500;

/** The containers' MTU: what fits in one underlay frame after the tunnel's headers (1450 over IPv4, 1430 over IPv6). */
export function containerMtu(family: UnderlayFamily): number {
  return UNDERLAY_MTU - IP_HEADER[family] - TUNNEL_OVERHEAD;
}

export type HostName = 'hostA' | 'hostB';

export interface HostPlan {
  name: HostName;
  netns: string;
  underlay: string;
  family: UnderlayFamily;
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
  /** The host end of the container's veth: a port on br-int (OVS) or on br0 (kernel overlays). */
  ovsPort: string;
}

// The incident's host numbers, also as the last group of an IPv6 unique local address.
const HOST_ADDRESSES: Record<UnderlayFamily, { prefixlen: number; a: string; b: string }> = {
  ipv4: { prefixlen: 24, a: '172.16.2.114', b: '172.16.2.115' },
  ipv6: { prefixlen: 64, a: 'fd00:172:16:2::114', b: 'fd00:172:16:2::115' },
};

const host = (name: HostName, family: UnderlayFamily, ip: string, remoteIp: string, prefixlen: number): HostPlan => ({
  name,
  netns: `${NETNS_PREFIX}${name}`,
  underlay: UNDERLAY_IFACE,
  family,
  ip,
  prefixlen,
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

export function hostPlans(family: UnderlayFamily): readonly HostPlan[] {
  const { prefixlen, a, b } = HOST_ADDRESSES[family];
  return [host('hostA', family, a, b, prefixlen), host('hostB', family, b, a, prefixlen)];
}

export const CONTAINERS: readonly ContainerPlan[] = [
  container('test_mac', 'hostA', '10.10.0.1'),
  container('test_mac_3', 'hostA', '10.10.0.3'),
  container('test_mac_2', 'hostB', '10.10.0.2'),
];

export function hostPlan(name: HostName, family: UnderlayFamily): HostPlan {
  return hostPlans(family).find((h) => h.name === name)!;
}

/** Every namespace name the lab can create, so `down` can sweep them without any saved state. */
export function labNetnsNames(): string[] {
  return [...hostPlans('ipv4').map((h) => h.netns), ...CONTAINERS.map((c) => c.netns)];
}

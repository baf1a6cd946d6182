// Kernel overlays, as flannel, Calico VXLAN, Docker overlay or OVN build them: the host IP on the
// underlay, the kernel's VXLAN or Geneve device with its outer UDP checksum on (udpcsum; over IPv6
// it is on anyway), and a Linux bridge br0 joining it to the containers' veths. Offloads stay at
// their defaults: the healthy case.

import { EnvironmentError } from '../errors.js';
import { ipAddrAdd, ipLinkAdd, ipLinkSet } from '../host/ip.js';
import type { OverlayBuilder } from './overlay.js';
import { KERNEL_BRIDGE, TUNNEL_DEVICE, TUNNEL_PORT, UNDERLAY_MTU, VNI, type HostPlan, type KernelOverlay } from './topology.js';


/** `ip link add … type vxlan|geneve` arguments; Geneve takes no local address (it binds to any). */
export function tunnelArgs(kind: KernelOverlay, plan: HostPlan): string[] {
  const common = ['id', String(VNI), 'remote', plan.remoteIp];
  const local = kind === 'vxlan' ? ['local', plan.ip] : [];
  return [...common, ...local, 'dstport', String(TUNNEL_PORT[kind]), 'udpcsum'];
}

async function addTunnel(kind: KernelOverlay, plan: HostPlan): Promise<void> {
  try {
    await ipLinkAdd(plan.netns, TUNNEL_DEVICE[kind], kind, tunnelArgs(kind, plan));
  } catch (e) {
    if (e instanceof EnvironmentError && /Unknown device type/.test(e.message)) {
      throw new EnvironmentError(`this kernel has no ${kind} device driver (CONFIG_${kind.toUpperCase()}): \`lab up --overlay ${kind}\` cannot run here`, e.command);
    }
    throw e;
  }
}

export function kernelOverlay(kind: KernelOverlay, mtu: number): OverlayBuilder {
  const device = TUNNEL_DEVICE[kind];
  return {
    bridge: KERNEL_BRIDGE,
    describe: (plan) => `${plan.name}: ${plan.underlay} ${plan.ip}, kernel ${kind} ${device} id ${VNI} dstport ${TUNNEL_PORT[kind]} udpcsum -> ${plan.remoteIp}, bridge ${KERNEL_BRIDGE}`,

    async buildHost(plan) {
      // A lab wire has no duplicate to detect; detection would hold the address back for a second or two.
      await ipAddrAdd(plan.netns, plan.underlay, `${plan.ip}/${plan.prefixlen}`, { nodad: plan.family === 'ipv6' });
      await ipLinkSet(plan.netns, plan.underlay, { mtu: UNDERLAY_MTU, up: true });
      await addTunnel(kind, plan);
      await ipLinkAdd(plan.netns, KERNEL_BRIDGE, 'bridge');
      await ipLinkSet(plan.netns, device, { master: KERNEL_BRIDGE, mtu, up: true });
      await ipLinkSet(plan.netns, KERNEL_BRIDGE, { up: true });
      return { name: plan.name, netns: plan.netns, underlay: plan.underlay, ip: plan.ip };
    },

    async attach(host, port) {
      await ipLinkSet(host.netns, port, { master: KERNEL_BRIDGE, mtu, up: true });
    },
  };
}

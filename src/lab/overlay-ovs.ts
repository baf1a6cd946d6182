// The incident's overlay: one Open vSwitch per host on the userspace datapath, br-phy holding the
// underlay with the host IP and br-int holding the containers' ports and the tunnel port: VXLAN
// (outer UDP checksum 0, OVS's default) or Geneve with its outer checksum on (OVN's and Antrea's).

import { mkdirSync } from 'node:fs';
import { ipAddrAdd, ipLinkSet } from '../host/ip.js';
import { ovsBridgeAddNetdev, ovsInstance, ovsPortAdd, ovsStart } from '../host/ovs.js';
import type { OverlayBuilder } from './overlay.js';
import { labPaths } from './paths.js';
import { TUNNEL_PROTOCOL, VNI, type OvsOverlay } from './topology.js';

const BRIDGE = 'br-int';

export function ovsOverlay(kind: OvsOverlay): OverlayBuilder {
  const protocol = TUNNEL_PROTOCOL[kind];
  const port = `${protocol}0`;
  const csum: Record<string, string> = protocol === 'geneve' ? { 'options:csum': 'true' } : {};
  return {
    bridge: BRIDGE,
    describe: (plan) =>
      `${plan.name}: Open vSwitch (userspace datapath), br-phy ${plan.ip}, br-int + ${port} key=${VNI}${protocol === 'geneve' ? ' csum=true' : ''} -> ${plan.remoteIp}`,

    async buildHost(plan) {
      const ovs = ovsInstance(labPaths.host(plan.name));
      mkdirSync(ovs.dir, { recursive: true });
      await ovsStart({ netns: plan.netns }, ovs);
      await ovsBridgeAddNetdev(ovs.db, 'br-phy');
      await ovsPortAdd(ovs.db, 'br-phy', plan.underlay);
      // The userspace tunnel port routes through the host IP, which must sit on the bridge holding the underlay.
      await ipAddrAdd(plan.netns, 'br-phy', `${plan.ip}/${plan.prefixlen}`, { nodad: plan.family === 'ipv6' });
      await ipLinkSet(plan.netns, 'br-phy', { up: true });
      await ovsBridgeAddNetdev(ovs.db, BRIDGE);
      await ovsPortAdd(ovs.db, BRIDGE, port, { type: protocol, 'options:remote_ip': plan.remoteIp, 'options:key': String(VNI), ...csum });
      return { name: plan.name, netns: plan.netns, underlay: plan.underlay, ip: plan.ip, ovsdb: ovs.db, ovsDir: ovs.dir };
    },

    async attach(host, port) {
      await ovsPortAdd(host.ovsdb!, BRIDGE, port);
    },
  };
}

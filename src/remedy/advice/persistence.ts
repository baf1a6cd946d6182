// How a change survives restarts and reboots, shared by the advice that needs it: a container's
// interface is new on every start, a NIC keeps its name across boots, a CNI agent recreates its
// VXLAN device.

import type { Step } from './types.js';

/** Re-applying an `ethtool -K <IFACE> SETTING` on every container start. */
export function containerPersistence(setting: string): Step[] {
  return [
    {
      purpose: 'ethtool settings belong to the interface, and a container gets a new one each time it starts: re-apply on every start. Docker: a systemd service following start events',
      command: `docker events --filter event=start --format '{{.Actor.Attributes.name}}' | while read -r c; do pid=$(docker inspect -f '{{.State.Pid}}' "$c"); nsenter --target "$pid" --net ethtool -K <IFACE> ${setting}; done`,
    },
    {
      purpose: 'Podman and CRI-O: an OCI hook (/usr/share/containers/oci/hooks.d/*.json, stage "poststart") running the same nsenter command with the pid from the container state on its stdin',
      command: '',
    },
    {
      purpose: 'Kubernetes/CNI: a chained plugin after the one that creates the interface, running ethtool in $CNI_NETNS (the reference "tuning" plugin sets sysctls and MTU, not offloads)',
      command: `nsenter --net="$CNI_NETNS" ethtool -K "$CNI_IFNAME" ${setting}`,
    },
    {
      purpose: 'Interfaces made by ovs-docker: a udev rule on the container end while it is still in the host namespace (features move with it into the container)',
      command: `ACTION=="add", SUBSYSTEM=="net", KERNEL=="*_c", RUN+="/usr/sbin/ethtool -K %k ${setting}"`,
    },
  ];
}

/** Keeping `ethtool -K <NIC> SETTINGS` across reboots, as each network manager does it. */
export function nicPersistence(settings: string): Step[] {
  return [
    { purpose: 'a udev rule, e.g. /etc/udev/rules.d/90-nic-offload.rules (systemd-networkd .link files have no key for tunnel offloads)', command: `ACTION=="add", SUBSYSTEM=="net", KERNEL=="<NIC>", RUN+="/usr/sbin/ethtool -K %k ${settings}"` },
    { purpose: 'NetworkManager: the same features on the connection of that NIC', command: `nmcli connection modify "$(nmcli -g GENERAL.CONNECTION device show <NIC>)" ${settings.replace(/(\S+) (on|off)/g, 'ethtool.feature-$1 $2')}` },
    { purpose: 'ifupdown (/etc/network/interfaces, in its stanza)', command: `post-up ethtool -K <NIC> ${settings}` },
  ];
}

/** Undoing a udev rule or NetworkManager setting made by nicPersistence. */
export const NIC_PERSISTENCE_UNDO: Step = {
  purpose: 'and remove what keeps it: the udev rule file, the post-up line, or the NetworkManager setting (nmcli connection modify … ethtool.feature-… ignore)',
  command: '',
};

/** Keeping `ethtool -K <VXLAN_DEVICE> SETTING`: the CNI agent recreates the device when it restarts. */
export function vxlanDevicePersistence(setting: string): Step[] {
  return [
    { purpose: 'a udev rule: the CNI agent recreates the device when it restarts', command: `ACTION=="add", SUBSYSTEM=="net", KERNEL=="<VXLAN_DEVICE>", RUN+="/usr/sbin/ethtool -K %k ${setting}"` },
    { purpose: 'Calico: Felix turns it off on vxlan.calico itself when told the offload is broken', command: 'kubectl patch felixconfiguration default --type=merge -p \'{"spec":{"featureDetectOverride":"ChecksumOffloadBroken=true"}}\'' },
  ];
}

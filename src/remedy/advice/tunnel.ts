// Advice on tunnels: a kernel VXLAN device whose outer UDP checksum comes out wrong (flannel's and
// Calico's 63-second delays), vmxnet3 NICs and their VXLAN ports, and an underlay NIC's tunnel
// offload engine damaging what it encapsulates.

import { nicPersistence, NIC_PERSISTENCE_UNDO, vxlanDevicePersistence } from './persistence.js';
import type { Advice, Step } from './types.js';

const TUNNEL_OFFLOADS = 'tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off';
const TUNNEL_OFFLOADS_ON = 'tx-udp_tnl-segmentation on tx-udp_tnl-csum-segmentation on';

const RECEIVER_DROPS: Step = {
  purpose: 'On the receiving host (the tunnel endpoint the finding names as destination): does the count of UDP datagrams dropped for a bad checksum rise with the traffic?',
  command: 'nstat -az UdpInCsumErrors',
};

export const OUTER_CHECKSUM: Step = {
  purpose: 'Have the tunnel carry an outer UDP checksum, so the receiving host drops frames damaged on the underlay instead of delivering them',
  command: 'ovs-vsctl set interface <VXLAN_PORT> options:csum=true',
};

export const DROP_OUTER_CHECKSUM: Step = { purpose: 'Drop the outer checksum option', command: 'ovs-vsctl remove interface <VXLAN_PORT> options csum' };

export const TUNNEL_DEVICE_CHECKSUM: Advice = {
  id: 'tunnel-device-checksum',
  title: "A kernel VXLAN device's outer UDP checksum comes out wrong",
  cause:
    "On Linux before 5.7, SNAT with --random-fully (kube-proxy's, where iptables has it) rewrites the source port after the VXLAN device left the outer UDP checksum to offload, which then comes out wrong. A receiving host that verifies it drops the whole frame and counts it in Udp InCsumErrors; the connection inside stalls on retransmission timers (a SYN resent after 1, 2, 4, 8, 16 and 32 s: the 63-second delays of flannel and Calico). The inner segments themselves are intact.",
  evidence: 'Tunnelled frames whose outer UDP checksum is neither right nor the pseudo-header sum left for offload, while their inner checksums are; the receiving host\'s UdpInCsumErrors rises; the inner SYN is resent with exponential backoff.',
  side: 'sender',
  summary: 'checksum offload off on the sending host\'s VXLAN device <VXLAN_DEVICE>, or Linux 5.7 or later, on the host that sends the damaged frames (<TUNNEL_SOURCE>)',
  remedy:
    "The sending host <TUNNEL_SOURCE> writes a wrong outer UDP checksum. Known cause: Linux before 5.7 with SNAT using --random-fully (kube-proxy's): fix with ethtool -K <VXLAN_DEVICE> tx-checksum-ip-generic off on that host's VXLAN device (flannel.1 for flannel, vxlan.calico for Calico), or Linux 5.7 or later. Check the receiving host for the drops: nstat -az UdpInCsumErrors.",
  diagnose: [
    RECEIVER_DROPS,
    { purpose: 'On the sending host <TUNNEL_SOURCE>: its VXLAN devices and their ports', command: 'ip -d link show type vxlan' },
    { purpose: "The VXLAN device's checksum offload (on: the kernel leaves the outer checksum to offload)", command: 'ethtool -k <VXLAN_DEVICE> | grep tx-checksum-ip-generic' },
    { purpose: 'The kernel release (fixed in 5.7) and whether SNAT uses --random-fully', command: "uname -r; iptables-save -t nat | grep -- '--random-fully'" },
  ],
  change: [{ purpose: "Turn checksum offload off on the sending host's VXLAN device", command: 'ethtool -K <VXLAN_DEVICE> tx-checksum-ip-generic off' }],
  cost: "The sending host's kernel computes the outer UDP checksum of tunnelled traffic in software: some CPU per byte on that host for VXLAN/Geneve traffic only; on a single-queue VXLAN device it can be faster, not slower.",
  alternatives: [{ purpose: 'Linux 5.7 and later do not leave the checksum wrong after a --random-fully SNAT: upgrade the sending hosts', command: 'uname -r' }],
  persistence: vxlanDevicePersistence('tx-checksum-ip-generic off'),
  undo: [
    { purpose: 'Turn the offload back on', command: 'ethtool -K <VXLAN_DEVICE> tx-checksum-ip-generic on' },
    { purpose: 'and remove the udev rule, or for Calico the override', command: 'kubectl patch felixconfiguration default --type=json -p \'[{"op":"remove","path":"/spec/featureDetectOverride"}]\'' },
  ],
  verify: [
    { ...RECEIVER_DROPS, purpose: "The receiving host's counter stops rising, and a new capture has no tunnel-checksum finding" },
    { purpose: 'Capture on the receiving underlay again and analyze', command: 'ovsforensics analyze after.pcapng' },
  ],
  otherCauses: ['vmxnet3-vxlan'],
};

export const VMXNET3_VXLAN: Advice = {
  id: 'vmxnet3-vxlan',
  title: 'A vmxnet3 NIC mishandles the outer checksum of VXLAN on 4789 or 8472',
  cause: 'VMware vmxnet3 NICs carrying VXLAN on port 4789 or 8472 mishandle the offloaded outer UDP checksum, so frames leave with a wrong one and the receiving host drops them.',
  evidence: 'The same damaged outer checksums, sent by a virtual machine whose underlay NIC has the vmxnet3 driver (ethtool -i), on UDP port 4789 or 8472.',
  side: 'underlay',
  summary: "the NIC's tunnel offloads off on the sending host's vmxnet3 <NIC>, or VXLAN moved to the port vSphere leaves alone (8472 without NSX, 4789 with it)",
  remedy:
    "With VMware vmxnet3 NICs carrying VXLAN on port 4789 or 8472 the virtual NIC mishandles the offloaded outer checksum: turn its tunnel offloads off (ethtool -K <NIC> tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off) or move VXLAN to the port vSphere leaves alone (8472 without NSX, 4789 with it).",
  diagnose: [{ purpose: 'On the sending host <TUNNEL_SOURCE>: the driver of its underlay NIC', command: 'ethtool -i <NIC>' }],
  change: [{ purpose: "Turn the NIC's tunnel offloads off", command: `ethtool -K <NIC> ${TUNNEL_OFFLOADS}` }],
  cost: 'Segmentation and checksums of tunnelled traffic move to the CPU on that host (GSO in software): more CPU for VXLAN traffic only.',
  alternatives: [{ purpose: 'Move VXLAN to the port vSphere leaves alone: 8472 without NSX, 4789 with it (flannel: "Port" of its vxlan backend in net-conf.json; Calico: vxlanPort in its FelixConfiguration)', command: '' }],
  persistence: nicPersistence(TUNNEL_OFFLOADS),
  undo: [{ purpose: "Turn the NIC's tunnel offloads back on", command: `ethtool -K <NIC> ${TUNNEL_OFFLOADS_ON}` }, NIC_PERSISTENCE_UNDO],
  verify: [RECEIVER_DROPS],
};

export const NIC_TUNNEL_OFFLOAD: Advice = {
  id: 'nic-tunnel-offload',
  title: "An underlay NIC's tunnel offload engine damages what it encapsulates",
  cause: 'Tunnel offload engines (the NIC segments and checksums VXLAN/Geneve traffic itself) have had firmware and driver bugs that change inner packets after their checksum was computed.',
  evidence: 'Damage inside tunnelled frames only, located by correlate on the hop through a hardware NIC; doctor: that NIC has tx-udp_tnl-segmentation or tx-udp_tnl-csum-segmentation on.',
  side: 'underlay',
  summary: 'tunnel offloads off on the underlay NIC <NIC> of the hop correlate names, keeping its plain offloads; an outer UDP checksum lets the receiving host drop damaged frames',
  remedy: "If the damaged hop's NIC offloads tunnels: turn its tunnel offloads off, keeping its plain offloads: ethtool -K <NIC> tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off.",
  diagnose: [
    { purpose: 'Does the NIC segment and checksum tunnelled traffic itself?', command: 'ethtool -k <NIC> | grep udp_tnl' },
    { purpose: 'Its driver and firmware (compare with known-bad versions)', command: 'ethtool -i <NIC>' },
  ],
  change: [
    { purpose: "Turn the NIC's tunnel offloads off, keeping its plain offloads", command: `ethtool -K <NIC> ${TUNNEL_OFFLOADS}` },
    OUTER_CHECKSUM,
  ],
  cost: 'Segmentation and checksums of tunnelled traffic move to the CPU on that host (GSO in software): lower throughput and more CPU for VXLAN/Geneve traffic only; plain traffic keeps its offloads.',
  alternatives: [],
  persistence: nicPersistence(TUNNEL_OFFLOADS),
  undo: [
    { purpose: "Turn the NIC's tunnel offloads back on", command: `ethtool -K <NIC> ${TUNNEL_OFFLOADS_ON}` },
    NIC_PERSISTENCE_UNDO,
    DROP_OUTER_CHECKSUM,
  ],
  verify: [{ purpose: 'Capture at the same points again and correlate; the hop should alter nothing', command: 'ovsforensics correlate sender=tx.pcapng underlay-a=a.pcap underlay-b=b.pcap receiver=rx.pcapng' }],
};

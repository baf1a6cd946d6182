// The recommendation engine `doctor`, `fix` and the report share: from findings and/or doctor's
// host facts to the narrowest fix, what it costs, and how to keep it across restarts.

import type { DoctorFacts } from '../remedy/types.js';
import type { FindingKind } from './types.js';

export interface PersistStep {
  how: string;
  /** A command or file body; empty when the step is advice only. */
  command: string;
}

export interface Recommendation {
  /** The finding kind or doctor risk id it answers. */
  answers: string;
  /** Where to apply it. */
  side: 'sender' | 'receiver' | 'underlay' | 'path';
  summary: string;
  /** `ethtool -K` settings on the container interface (`fix --features`); absent when fix cannot apply it. */
  features?: Record<string, boolean>;
  commands: string[];
  cost: string;
  persist: PersistStep[];
}

/** The original incident, measured same-host with scp: before and after `tx off rx off`. */
export const INCIDENT_THROUGHPUT = { offloadOnMBps: 80.8, offloadOffMBps: 46.6 };

/** Measured for the docs (docs/doctor-fix.md): iperf3 over a plain veth pair, offload on vs tx off. */
export const VETH_IPERF = { offloadOnMBps: 2509, txOffMBps: 748 };

const TX_COST = `The kernel computes every transmitted checksum in software, and TCP segmentation offload on that interface goes off with it (ethtool -k shows tx-tcp-segmentation: off [requested on]), so each 1.4 kB segment is built by the CPU. In the original incident same-host throughput fell from ${INCIDENT_THROUGHPUT.offloadOnMBps} MB/s to ${INCIDENT_THROUGHPUT.offloadOffMBps} MB/s (-42%) after tx off rx off; cross-host traffic, which failed outright, works. The cost is paid where the CPU is the bottleneck: a bare veth pair (iperf3, MTU 1450) fell from ${VETH_IPERF.offloadOnMBps} to ${VETH_IPERF.txOffMBps} MB/s with tx off on the project's test machine. rx stays on: it is not needed for this fault.`;

const RX_COST = 'Received checksums are verified in software: some CPU per byte, no change to segmentation; far cheaper than tx off.';

const NIC_COST = 'Segmentation and checksums of tunnelled traffic move to the CPU on that host (GSO in software): lower throughput and more CPU for VXLAN/Geneve traffic only; plain traffic keeps its offloads.';

/** How commands name the target; placeholders (PID, IFACE, NIC, CONTAINER) where facts do not say. */
interface Names {
  iface: string;
  nic: string;
  /** The prefix that runs a program in the container's namespace. */
  enter: string;
  /** fix's target flag and value. */
  fixTarget: string;
}

function names(facts: DoctorFacts | undefined): Names {
  const t = facts?.target;
  const enter = t?.pid !== undefined ? `nsenter --target ${t.pid} --net` : t?.kind === 'netns' ? `ip netns exec ${t.name}` : 'nsenter --target PID --net';
  return {
    iface: t?.iface ?? 'IFACE',
    nic: facts?.interfaces.find((i) => i.role === 'underlay')?.name ?? 'NIC',
    enter,
    fixTarget: t ? `--${t.kind} ${t.name}` : '--container CONTAINER',
  };
}

/** How to re-apply a container interface setting on every start; `iface` may be a placeholder. */
export function containerPersistence(iface: string, setting: string): PersistStep[] {
  const nsenter = `nsenter --target "$pid" --net ethtool -K ${iface} ${setting}`;
  return [
    {
      how: 'ethtool settings belong to the interface, and a container gets a new one each time it starts: re-apply on every start. Docker: a systemd service following start events',
      command: `docker events --filter event=start --format '{{.Actor.Attributes.name}}' | while read -r c; do pid=$(docker inspect -f '{{.State.Pid}}' "$c"); ${nsenter}; done`,
    },
    {
      how: 'Podman and CRI-O: an OCI hook (/usr/share/containers/oci/hooks.d/*.json, stage "poststart") running the same nsenter command with the pid from the container state on its stdin',
      command: '',
    },
    {
      how: 'Kubernetes/CNI: a chained plugin after the one that creates the interface, running ethtool in $CNI_NETNS (the reference "tuning" plugin sets sysctls and MTU, not offloads)',
      command: `nsenter --net="$CNI_NETNS" ethtool -K "$CNI_IFNAME" ${setting}`,
    },
    {
      how: 'Interfaces made by ovs-docker: a udev rule on the container end while it is still in the host namespace (features move with it into the container)',
      command: `ACTION=="add", SUBSYSTEM=="net", KERNEL=="*_c", RUN+="/usr/sbin/ethtool -K %k ${setting}"`,
    },
  ];
}

export const OVS_SIDE: PersistStep = {
  how: 'OVS-side alternative that needs no per-container setting: the kernel datapath finishes partial checksums before encapsulating (where the openvswitch module is available), or an OVS release whose userspace datapath finishes them with userspace-tso-enable=true (check its NEWS for tunnel support first)',
  command: 'ovs-vsctl set bridge br-int datapath_type=system   # or: ovs-vsctl set Open_vSwitch . other_config:userspace-tso-enable=true',
};

/** How to keep the underlay NIC's tunnel offloads off across reboots. */
export const nicPersistence = (nic: string): PersistStep[] => [
  { how: 'a udev rule (systemd .link files have no key for tunnel offloads)', command: `ACTION=="add", SUBSYSTEM=="net", KERNEL=="${nic}", RUN+="/usr/sbin/ethtool -K ${nic} tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off"` },
  { how: 'ifupdown (/etc/network/interfaces, in its stanza)', command: `post-up ethtool -K ${nic} tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off` },
];

function txOff(answers: string, n: Names): Recommendation {
  return {
    answers,
    side: 'sender',
    summary: `transmit checksum offload off on the sending container's ${n.iface} (tx only: the leak is made by the sender)`,
    features: { tx: false },
    commands: [`${n.enter} ethtool -K ${n.iface} tx off`, `ovsforensics fix ${n.fixTarget} --iface ${n.iface} --features tx --apply --verify`],
    cost: TX_COST,
    persist: [...containerPersistence(n.iface, 'tx off'), OVS_SIDE],
  };
}

function rxOff(answers: string, n: Names): Recommendation {
  return {
    answers,
    side: 'receiver',
    summary: `receive checksum offload off on the receiving container's ${n.iface}, so the kernel verifies what the veth would mark as verified; or a kernel 4.4 or later`,
    features: { rx: false },
    commands: [`${n.enter} ethtool -K ${n.iface} rx off`, `ovsforensics fix ${n.fixTarget} --iface ${n.iface} --features rx --apply`],
    cost: RX_COST,
    persist: containerPersistence(n.iface, 'rx off'),
  };
}

function nicTunnelOff(answers: string, n: Names): Recommendation {
  return {
    answers,
    side: 'underlay',
    summary: `tunnel offloads off on the underlay NIC ${n.nic} of the hop correlate names, keeping its plain offloads; an outer UDP checksum lets the receiving host drop damaged frames`,
    commands: [`ethtool -K ${n.nic} tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off`, 'ovs-vsctl set interface VXLAN_PORT options:csum=true'],
    cost: NIC_COST,
    persist: nicPersistence(n.nic),
  };
}

/** A known cause of damaged outer UDP checksums on a kernel VXLAN/Geneve device, and its fix. */
export interface TunnelChecksumCause {
  cause: string;
  fix: string;
  command: string;
}

/** The VXLAN device of flannel; Calico's is vxlan.calico, Cilium's cilium_vxlan. */
export const VXLAN_DEVICE = 'flannel.1';

export const TUNNEL_CHECKSUM_CAUSES: readonly TunnelChecksumCause[] = [
  {
    cause: "Linux before 5.7 with SNAT using --random-fully (kube-proxy's, where iptables has it): the port is rewritten after the VXLAN device left the outer checksum to offload, which then comes out wrong (flannel's and Calico's 63-second delays)",
    fix: `checksum offload off on the sending host's VXLAN device (${VXLAN_DEVICE}; vxlan.calico for Calico), or Linux 5.7 or later`,
    command: `ethtool -K ${VXLAN_DEVICE} tx-checksum-ip-generic off`,
  },
  {
    cause: 'VMware vmxnet3 NICs carrying VXLAN on port 4789 or 8472: the virtual NIC mishandles the offloaded outer checksum',
    fix: "the NIC's tunnel offloads off, or VXLAN moved to the port vSphere leaves alone (8472 without NSX, 4789 with it)",
    command: 'ethtool -K NIC tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off',
  },
];

const TUNNEL_CSUM_COST = "The sending host's kernel computes the outer UDP checksum of tunnelled traffic in software: some CPU per byte on that host for VXLAN/Geneve traffic only; on a single-queue VXLAN device it can be faster, not slower.";

/** How to keep the VXLAN device's setting: the CNI agent recreates the device. */
export const vxlanDevicePersistence = (device: string): PersistStep[] => [
  { how: 'a udev rule: the CNI agent recreates the device when it restarts', command: `ACTION=="add", SUBSYSTEM=="net", KERNEL=="${device}", RUN+="/usr/sbin/ethtool -K %k tx-checksum-ip-generic off"` },
  { how: 'Calico: Felix turns it off on vxlan.calico itself when told the offload is broken', command: 'kubectl patch felixconfiguration default --type=merge -p \'{"spec":{"featureDetectOverride":"ChecksumOffloadBroken=true"}}\'' },
];

function tunnelChecksumOff(answers: string): Recommendation {
  const [kernel, vmxnet3] = TUNNEL_CHECKSUM_CAUSES;
  return {
    answers,
    side: 'sender',
    summary: `${kernel!.fix}, on the host that sends the damaged frames (the tunnel endpoint the finding names); with vmxnet3 NICs: ${vmxnet3!.fix}`,
    commands: TUNNEL_CHECKSUM_CAUSES.map((c) => c.command),
    cost: TUNNEL_CSUM_COST,
    persist: vxlanDevicePersistence(VXLAN_DEVICE),
  };
}

const PATH_ONLY = (answers: string): Recommendation => ({
  answers,
  side: 'path',
  summary: 'no offload setting hides checksum-valid damage: capture at more points, let ovsforensics correlate name the hop, then replace or bypass it; keep TLS/ssh integrity on',
  commands: ['ovsforensics correlate sender=tx.pcapng underlay-a=a.pcap underlay-b=b.pcap receiver=rx.pcapng'],
  cost: 'None in throughput; the cost is the hardware or path change.',
  persist: [],
});

/** A finding as an analysis reports it; a black hole's evidence.verdict says whether offload made it. */
export interface FindingInput {
  kind: FindingKind | string;
  evidence?: Record<string, number | string | boolean>;
}

/** The narrowest fixes, most urgent first, without repeats: findings first, then doctor's risks. */
export function recommend(input: { findings?: readonly FindingInput[]; facts?: DoctorFacts }): Recommendation[] {
  const n = names(input.facts);
  const out: Recommendation[] = [];
  const add = (r: Recommendation): void => {
    if (!out.some((x) => x.side === r.side && x.summary === r.summary)) out.push(r);
  };
  for (const f of input.findings ?? []) {
    if (f.kind === 'offload-leak' || (f.kind === 'blackhole' && f.evidence?.verdict === 'offload')) add(txOff(f.kind, n));
    else if (f.kind === 'corruption') add(input.facts?.kernel?.vethChecksumBug ? rxOff(f.kind, n) : nicTunnelOff(f.kind, n));
    else if (f.kind === 'checksum-blind') add(PATH_ONLY(f.kind));
    else if (f.kind === 'tunnel-checksum') add(tunnelChecksumOff(f.kind));
  }
  for (const r of input.facts?.risks ?? []) {
    if (r.id === 'userspace-datapath-tx-offload' && r.severity === 'critical') add(txOff(r.id, n));
    else if (r.id === 'veth-checksum-unnecessary') add(rxOff(r.id, n));
    else if (r.id === 'underlay-tunnel-offload') add(nicTunnelOff(r.id, n));
  }
  return out;
}

/** What `fix` changes when --features is not given: the container-side settings recommended. */
export function recommendedFeatures(recs: readonly Recommendation[]): Record<string, boolean> {
  return Object.assign({}, ...recs.map((r) => r.features ?? {})) as Record<string, boolean>;
}

// What each finding kind means and what to do about it, in the report's words: exact commands,
// their cost, narrower alternatives and how to keep a fix across restarts. Kept apart from the
// HTML so the text report and `fix` can share it later.

import type { FindingKind } from '../analyze/types.js';
import { containerPersistence, INCIDENT_THROUGHPUT, nicPersistence, OVS_SIDE, TUNNEL_CHECKSUM_CAUSES, VXLAN_DEVICE, vxlanDevicePersistence, type PersistStep } from '../analyze/recommend.js';

const ON = INCIDENT_THROUGHPUT.offloadOnMBps;
const OFF = INCIDENT_THROUGHPUT.offloadOffMBps;

/** Values that fill the placeholders PID, IFACE, NIC, CONTAINER, SENDER and PEER in commands. */
export interface RemedyFacts {
  pid?: string;
  iface?: string;
  nic?: string;
  container?: string;
  /** IP address of the sending endpoint (the flow's source). */
  sender?: string;
  /** IP address of the receiving endpoint (the flow's destination). */
  peer?: string;
}

export interface RemedyStep {
  purpose: string;
  /** A shell command; empty when the step is advice only. */
  command: string;
}

export interface RemedyText {
  meaning: string;
  /** Find the culprit, then change it. */
  steps: RemedyStep[];
  cost: string;
  alternatives: RemedyStep[];
  persistence: RemedyStep[];
  verify: RemedyStep[];
}

const FIND_PID: RemedyStep = {
  purpose: 'Find the container that owns SENDER and its process id (Docker; use podman or crictl inspect likewise)',
  command:
    "for c in $(docker ps -q); do pid=$(docker inspect -f '{{.State.Pid}}' \"$c\"); nsenter --target \"$pid\" --net ip -br addr | grep -q 'SENDER/' && echo \"$c PID $pid\"; done",
};

const SHOW_OFFLOADS: RemedyStep = {
  purpose: 'See its current offload settings',
  command: "nsenter --target PID --net ethtool -k IFACE | grep -E 'checksum|segmentation'",
};

const TX_OFF: RemedyStep = {
  purpose: 'Turn checksum offload off on the container interface (the classic fix)',
  command: 'nsenter --target PID --net ethtool -K IFACE tx off rx off',
};

const FIX_WITH_TOOL: RemedyStep = {
  purpose: 'Or let ovsforensics apply it with a snapshot, verify it and revert on demand',
  command: 'ovsforensics fix --container CONTAINER --iface IFACE --apply',
};

const REANALYZE: RemedyStep = {
  purpose: 'Capture again at the receiving side and analyze; the finding should be gone and retransmissions down',
  command: 'ovsforensics capture --container CONTAINER -w after.pcapng -c 20000 --report after.html',
};

const asStep = (p: PersistStep): RemedyStep => ({ purpose: p.how, command: p.command });

// The same persistence advice doctor gives, with placeholders the report fills in.
const CONTAINER_RESTART: RemedyStep[] = [...containerPersistence('IFACE', 'tx off'), OVS_SIDE].map(asStep);
const NIC_PERSISTENCE: RemedyStep[] = nicPersistence('NIC').map(asStep);
const [KERNEL_CAUSE, VMXNET3_CAUSE] = TUNNEL_CHECKSUM_CAUSES.map((c): RemedyStep => ({ purpose: `If ${c.cause}: ${c.fix}`, command: c.command }));
const RECEIVER_DROPS: RemedyStep = {
  purpose: 'On the receiving host (the tunnel endpoint the finding names as destination): does the count of UDP datagrams dropped for a bad checksum rise with the traffic?',
  command: 'nstat -az UdpInCsumErrors',
};

const TEXTS: Record<FindingKind, RemedyText> = {
  'offload-leak': {
    meaning:
      'Linux left these checksums for the NIC to finish (CHECKSUM_PARTIAL, GSO/GRO super-segments): the stored value is only the pseudo-header sum. That is normal on a packet leaving its sender, but these packets had already crossed the tunnel or were arriving at the receiver, so nothing on the path finished them and the receiver drops them as bad.',
    steps: [FIND_PID, SHOW_OFFLOADS, TX_OFF, FIX_WITH_TOOL],
    cost:
      `Offload off makes the kernel compute every checksum in software, and segmentation offload (TSO/GSO) goes with transmit checksumming. In the original incident same-host throughput fell from ${ON} MB/s to ${OFF} MB/s (−42%) after the fix; cross-host traffic, which was failing, works again.`,
    alternatives: [
      {
        purpose: 'Transmit side only: the leak comes from the sender, so receive offload can usually stay on',
        command: 'nsenter --target PID --net ethtool -K IFACE tx off',
      },
      {
        purpose:
          "If correlate shows the checksum finished at the container but unfinished after the underlay NIC, fix that hop instead of every container: turn off only the NIC's offload for encapsulated traffic, so same-host traffic keeps full speed",
        command: 'ethtool -K NIC tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off',
      },
      {
        purpose:
          'Check kernel and Open vSwitch versions against your distribution\'s fixes for VXLAN/Geneve checksum offload (the userspace datapath with veth tx offload is the usual suspect)',
        command: 'uname -r; ovs-vswitchd --version; ovs-vsctl get Open_vSwitch . datapath_types',
      },
    ],
    persistence: CONTAINER_RESTART,
    verify: [REANALYZE],
  },
  corruption: {
    meaning:
      'The stored checksum is neither correct nor an offload placeholder: bytes changed after the checksum was computed. Something on the path (a NIC or its tunnel offload engine, a driver, memory, a cable) is damaging data; TCP catches only part of such damage, the rest reaches applications (ssh "Corrupted MAC on input", TLS record errors).',
    steps: [
      {
        purpose: 'Name the hop: capture at the sender, its OVS port and both underlay NICs at once, then compare',
        command: 'ovsforensics correlate sender=tx.pcapng ovs=port.pcapng underlay-a=a.pcap underlay-b=b.pcap --html hop.html',
      },
      {
        purpose: 'Look for hardware errors on the suspect NIC',
        command: "ethtool -S NIC | grep -iE 'err|crc|drop|fifo'; ip -s link show NIC",
      },
      {
        purpose: 'Driver and firmware of the suspect NIC (compare with known-bad versions)',
        command: 'ethtool -i NIC',
      },
      {
        purpose: "Test whether the NIC's offload engine is the culprit: turn its offloads off and capture again",
        command: 'ethtool -K NIC tx off rx off tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off',
      },
    ],
    cost:
      `Turning NIC offloads off moves checksumming and segmentation to the CPU: expect lower throughput and higher CPU load on that host (same order as the ${ON} → ${OFF} MB/s seen for container offload). Replacing a failing NIC, cable or DIMM costs nothing in throughput.`,
    alternatives: [
      {
        purpose: 'If only tunnelled traffic is damaged, turn off just the tunnel offloads and keep plain TCP offload',
        command: 'ethtool -K NIC tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off',
      },
      {
        purpose: 'Have the tunnel carry an outer UDP checksum so the receiving host drops damaged packets instead of delivering them',
        command: 'ovs-vsctl set interface VXLAN_PORT options:csum=true',
      },
    ],
    persistence: NIC_PERSISTENCE,
    verify: [
      {
        purpose: 'Capture at the same points again and analyze; the corrupt count should be zero',
        command: 'ovsforensics analyze after.pcapng --html after.html',
      },
    ],
  },
  blackhole: {
    meaning:
      'A segment was sent again and again and never answered: the receiver (or a hop) discards it silently. With an unfinished or bad checksum the receiver drops it as damaged; the connection hangs or crawls on retransmission timers.',
    steps: [
      {
        purpose: 'On the receiver: do checksum errors rise while the connection hangs?',
        command: 'nsenter --target PID --net nstat -az TcpInCsumErrors UdpInCsumErrors',
      },
      FIND_PID,
      SHOW_OFFLOADS,
      {
        purpose: 'If the stored checksum is an offload placeholder: turn offload off on the sender (see offload leak)',
        command: 'nsenter --target PID --net ethtool -K IFACE tx off rx off',
      },
      {
        purpose: 'If only large segments vanish, check the MTU: VXLAN over IPv4 adds 50 bytes, so a 1500-byte underlay carries 1450',
        command: 'nsenter --target PID --net ping -M do -c 3 -s 1422 PEER',
      },
    ],
    cost:
      `Offload off costs throughput (${ON} → ${OFF} MB/s same-host in the original incident). Lowering the MTU to 1450 costs about 3% of payload per full packet.`,
    alternatives: [
      {
        purpose: "Lower the container interface's MTU to fit the tunnel",
        command: 'nsenter --target PID --net ip link set dev IFACE mtu 1450',
      },
      {
        purpose: 'Transmit checksum offload only, keeping receive offload',
        command: 'nsenter --target PID --net ethtool -K IFACE tx off',
      },
    ],
    persistence: [
      ...CONTAINER_RESTART.slice(0, 2),
      {
        purpose: 'MTU for every container of a Docker network (or "mtu" in a CNI network config)',
        command: 'docker network create -o com.docker.network.driver.mtu=1450 NETWORK',
      },
    ],
    verify: [REANALYZE],
  },
  'checksum-blind': {
    meaning:
      'The data was altered between two capture points yet every checksum is valid: the damage was done before the checksum was computed, or changed bytes in a way the 16-bit sum cannot see. Receivers accept it; only end-to-end integrity (ssh/TLS MACs) notices.',
    steps: [
      {
        purpose: 'Capture at more points along the path and let correlate name the first hop where bytes differ',
        command: 'ovsforensics correlate sender=tx.pcapng ovs=port.pcapng underlay-a=a.pcap underlay-b=b.pcap receiver=rx.pcapng --html hop.html',
      },
      {
        purpose: 'Check that hop for hardware and driver trouble',
        command: "ethtool -S NIC | grep -iE 'err|crc|drop'; ethtool -i NIC",
      },
      {
        purpose: 'Replace or bypass the hop named by correlate (another NIC, port, cable or host)',
        command: '',
      },
    ],
    cost:
      'No configuration change fixes this; until the hop is replaced keep TLS/ssh integrity on and expect connection resets where it detects damage.',
    alternatives: [
      {
        purpose: 'Have the tunnel carry an outer UDP checksum, which catches damage done to the encapsulated packet on the underlay',
        command: 'ovs-vsctl set interface VXLAN_PORT options:csum=true',
      },
    ],
    persistence: [
      {
        purpose: 'OVS interface options are stored in its database and survive restarts; record the hardware change in the incident',
        command: '',
      },
    ],
    verify: [
      {
        purpose: 'Correlate again at the same points; no differing bytes should remain',
        command: 'ovsforensics correlate sender=tx.pcapng receiver=rx.pcapng',
      },
    ],
  },
  'tunnel-checksum': {
    meaning:
      "The outer UDP checksum of these tunnelled frames is wrong: not the pseudo-header sum left for a NIC to finish, nor right once the inner checksum is finished (Linux's Local Checksum Offload), but damaged. A receiving host that verifies it drops the whole frame and counts it in Udp InCsumErrors; the connection inside stalls on retransmission timers (a SYN resent after 1, 2, 4, 8, 16 and 32 s: the 63-second delays of flannel and Calico). The inner segments themselves are intact.",
    steps: [RECEIVER_DROPS, { purpose: "On the sending host: the VXLAN device's checksum offload", command: `ethtool -k ${VXLAN_DEVICE} | grep tx-checksum-ip-generic` }, KERNEL_CAUSE!],
    cost: 'The sending host computes outer UDP checksums of tunnelled traffic in software: some CPU per byte for VXLAN/Geneve traffic only.',
    alternatives: [
      VMXNET3_CAUSE!,
      { purpose: 'Linux 5.7 and later do not leave the checksum wrong after a --random-fully SNAT: upgrade the sending hosts', command: 'uname -r' },
    ],
    persistence: vxlanDevicePersistence(VXLAN_DEVICE).map(asStep),
    verify: [{ ...RECEIVER_DROPS, purpose: 'The receiving host\'s counter stops rising, and a new capture has no tunnel-checksum finding' }, { purpose: 'Capture on the receiving underlay again and analyze', command: 'ovsforensics analyze after.pcapng' }],
  },
  'offload-unconfirmed': {
    meaning:
      'These segments carried a checksum left unfinished for offload, and the capture does not show whether their receiver took them: no acknowledgment covers them and nothing resent them, or the point may be their sender, or they are UDP. Linux leaves checksums unfinished on purpose until a NIC, or a kernel that still knows, finishes them; it is a fault only when the receiver drops them.',
    steps: [
      { purpose: 'Capture where the receiver\'s answers are seen (both directions of the connection), as pcapng, which records each frame\'s direction', command: 'ovsforensics capture --container CONTAINER -w both.pcapng -c 20000' },
      { purpose: 'Or declare the direction of a plain pcap', command: 'ovsforensics analyze --point receiver:in=rx.pcap' },
      { purpose: 'On the receiver: do checksum errors rise with this traffic?', command: 'nsenter --target PID --net nstat -az TcpInCsumErrors UdpInCsumErrors' },
    ],
    cost: 'None: nothing is changed.',
    alternatives: [],
    persistence: [],
    verify: [],
  },
};

const PLACEHOLDERS: Record<string, keyof RemedyFacts> = {
  PID: 'pid',
  IFACE: 'iface',
  NIC: 'nic',
  CONTAINER: 'container',
  SENDER: 'sender',
  PEER: 'peer',
};

function fill(step: RemedyStep, facts: RemedyFacts): RemedyStep {
  const fillText = (text: string): string =>
    text.replace(/\b(PID|IFACE|NIC|CONTAINER|SENDER|PEER)\b/g, (name) => facts[PLACEHOLDERS[name]!] ?? name);
  return { purpose: fillText(step.purpose), command: fillText(step.command) };
}

/** Placeholders still present after filling, so the reader knows what to substitute. */
export function unfilledPlaceholders(text: RemedyText): string[] {
  const all = [...text.steps, ...text.alternatives, ...text.persistence, ...text.verify].map((s) => s.command).join('\n');
  return Object.keys(PLACEHOLDERS).filter((p) => new RegExp(`\\b${p}\\b`).test(all));
}

/** The remedy text for a finding kind with known facts filled in; undefined for kinds this version does not know. */
export function remedyText(kind: string, facts: RemedyFacts = {}): RemedyText | undefined {
  const t = (TEXTS as Record<string, RemedyText | undefined>)[kind];
  if (t === undefined) return undefined;
  const steps = (list: RemedyStep[]): RemedyStep[] => list.map((s) => fill(s, facts));
  return {
    meaning: t.meaning,
    steps: steps(t.steps),
    cost: t.cost,
    alternatives: steps(t.alternatives),
    persistence: steps(t.persistence),
    verify: steps(t.verify),
  };
}

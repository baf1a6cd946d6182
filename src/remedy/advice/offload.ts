// Advice on checksums left unfinished for offload: the sender's veth leaking them through OVS's
// userspace datapath, the old kernel veth that marks them verified, and the note where a capture
// does not tell whether the receiver took them.

import { containerPersistence } from './persistence.js';
import type { Advice, Step } from './types.js';

/** The original incident, measured same-host with scp: before and after `tx off rx off`. */
const INCIDENT_THROUGHPUT = { offloadOnMBps: 80.8, offloadOffMBps: 46.6 };

/** Measured for the docs (docs/doctor-fix.md): iperf3 over a plain veth pair, offload on vs tx off. */
const VETH_IPERF = { offloadOnMBps: 2509, txOffMBps: 748 };

const FIND_CONTAINER: Step = {
  purpose: 'Find the container that owns <SENDER> and its process id (Docker; use podman or crictl inspect likewise)',
  command:
    "for c in $(docker ps -q); do pid=$(docker inspect -f '{{.State.Pid}}' \"$c\"); nsenter --target \"$pid\" --net ip -br addr | grep -q '<SENDER>/' && echo \"$c PID $pid\"; done",
};

const SHOW_OFFLOADS: Step = {
  purpose: 'See its current offload settings',
  command: "nsenter --target <PID> --net ethtool -k <IFACE> | grep -E 'checksum|segmentation'",
};

const RECEIVER_COUNTERS: Step = {
  purpose: 'On the receiver: do checksum errors rise with this traffic?',
  command: 'nsenter --target <PID> --net nstat -az TcpInCsumErrors UdpInCsumErrors',
};

const RECAPTURE: Step = {
  purpose: 'Capture again at the receiving side and analyze; the finding should be gone and retransmissions down',
  command: 'ovsforensics capture --container <CONTAINER> -w after.pcapng -c 20000 --report after.html',
};

export const VETH_TX_OFFLOAD: Advice = {
  id: 'veth-tx-offload',
  title: "The sender's transmit checksum offload leaks through OVS",
  cause:
    "Linux left these checksums for the device to finish (CHECKSUM_PARTIAL): the stored value is only the pseudo-header sum. That is normal on a packet leaving its sender, but a veth never finishes it, and OVS's userspace datapath (datapath_type=netdev without userspace TSO) forwards the frame as raw bytes into the tunnel, so the receiver gets the unfinished checksum and drops every segment: connections hang (the original incident).",
  evidence:
    'Segments with an unfinished checksum that had crossed the tunnel or were arriving at the receiver, resent and never acknowledged (an offload leak, or a black hole whose stored checksum is the pseudo-header sum); doctor: tx checksum offload on at the container end and a netdev bridge.',
  side: 'sender',
  summary: "transmit checksum offload off on the sending container's <IFACE> (tx only: the leak is made by the sender)",
  remedy:
    "Checksums left for offload leave the sender unfinished (typical of OVS's userspace datapath with veth tx offload on): turn off transmit checksum offload on the interface of the container that owns <SENDER>: nsenter --target <PID> --net ethtool -K <IFACE> tx off; receive offload stays on (ovsforensics fix --container <CONTAINER> shows the exact command, --apply runs it with a snapshot to revert). It costs some throughput, and the container's next start undoes it: re-apply it on every start.",
  diagnose: [FIND_CONTAINER, SHOW_OFFLOADS],
  change: [
    { purpose: 'Turn transmit checksum offload off on the container interface; receive offload stays on', command: 'nsenter --target <PID> --net ethtool -K <IFACE> tx off' },
    { purpose: 'Or let ovsforensics apply it with a snapshot, verify it with a short capture and revert on demand', command: 'ovsforensics fix --container <CONTAINER> --iface <IFACE> --features tx --apply --verify' },
  ],
  features: { tx: false },
  cost: `The kernel computes every transmitted checksum in software, and TCP segmentation offload on that interface goes off with it (ethtool -k shows tx-tcp-segmentation: off [requested on]), so each 1.4 kB segment is built by the CPU. In the original incident same-host throughput fell from ${INCIDENT_THROUGHPUT.offloadOnMBps} MB/s to ${INCIDENT_THROUGHPUT.offloadOffMBps} MB/s (-42%) after tx off rx off; cross-host traffic, which failed outright, works. The cost is paid where the CPU is the bottleneck: a bare veth pair (iperf3, MTU 1450) fell from ${VETH_IPERF.offloadOnMBps} to ${VETH_IPERF.txOffMBps} MB/s with tx off on the project's test machine. Not tx off rx off, the incident's first fix: rx stays on, it is not needed for this fault (the leak is made by the sender) and turning it off only adds receive-side CPU work.`,
  alternatives: [
    {
      purpose:
        "If correlate shows the checksum finished at the container but unfinished after the underlay NIC, fix that hop instead of every container: turn off only the NIC's offload for encapsulated traffic, so same-host traffic keeps full speed",
      command: 'ethtool -K <NIC> tx-udp_tnl-segmentation off tx-udp_tnl-csum-segmentation off',
    },
    {
      purpose: "Check kernel and Open vSwitch versions against your distribution's fixes for VXLAN/Geneve checksum offload (the userspace datapath with veth tx offload is the usual suspect)",
      command: 'uname -r; ovs-vswitchd --version; ovs-vsctl get Open_vSwitch . datapath_types',
    },
  ],
  persistence: [
    ...containerPersistence('tx off'),
    {
      purpose:
        'OVS-side alternative that needs no per-container setting: the kernel datapath finishes partial checksums before encapsulating (where the openvswitch module is available), or an OVS release whose userspace datapath finishes them with userspace-tso-enable=true (check its NEWS for tunnel support first)',
      command: 'ovs-vsctl set bridge br-int datapath_type=system   # or: ovs-vsctl set Open_vSwitch . other_config:userspace-tso-enable=true',
    },
  ],
  undo: [
    { purpose: 'Put back the snapshot fix took (exactly the features there were)', command: 'ovsforensics fix --container <CONTAINER> --iface <IFACE> --revert' },
    { purpose: 'Or by hand', command: 'nsenter --target <PID> --net ethtool -K <IFACE> tx on' },
  ],
  verify: [RECAPTURE],
};

export const VETH_RX_UNVERIFIED: Advice = {
  id: 'veth-rx-unverified',
  title: 'An old kernel veth marks unverified packets verified',
  cause:
    'Before Linux 4.4, a veth marked every packet it passed CHECKSUM_UNNECESSARY (fixed by ce8c839b74e3), so the receiving container trusts checksums nobody verified and takes damaged data.',
  evidence: 'doctor: the kernel release is older than 4.4; a capture shows corrupt checksums reaching the receiving container without TcpInCsumErrors rising there.',
  side: 'receiver',
  summary: "receive checksum offload off on the receiving container's <IFACE>, so the kernel verifies what the veth would mark as verified; or a kernel 4.4 or later",
  remedy: "The receiving container's kernel trusts checksums its veth never verified (Linux before 4.4): turn receive checksum offload off on its interface: nsenter --target <PID> --net ethtool -K <IFACE> rx off, or move to Linux 4.4 or later.",
  diagnose: [{ purpose: 'The kernel release (the bug is fixed in 4.4)', command: 'uname -r' }, SHOW_OFFLOADS],
  change: [
    { purpose: 'Turn receive checksum offload off on the receiving container interface', command: 'nsenter --target <PID> --net ethtool -K <IFACE> rx off' },
    { purpose: 'Or let ovsforensics apply it with a snapshot to revert', command: 'ovsforensics fix --container <CONTAINER> --iface <IFACE> --features rx --apply' },
  ],
  features: { rx: false },
  cost: 'Received checksums are verified in software: some CPU per byte, no change to segmentation; far cheaper than tx off.',
  alternatives: [{ purpose: 'Move the host to Linux 4.4 or later, which verifies what a veth passes', command: 'uname -r' }],
  persistence: containerPersistence('rx off'),
  undo: [
    { purpose: 'Put back the snapshot fix took', command: 'ovsforensics fix --container <CONTAINER> --iface <IFACE> --revert' },
    { purpose: 'Or by hand', command: 'nsenter --target <PID> --net ethtool -K <IFACE> rx on' },
  ],
  verify: [RECEIVER_COUNTERS],
};

export const OFFLOAD_UNCONFIRMED: Advice = {
  id: 'offload-unconfirmed',
  title: 'Unfinished checksums whose fate the capture does not show',
  cause:
    'These segments carried a checksum left unfinished for offload, and the capture does not show whether their receiver took them: no acknowledgment covers them and nothing resent them, or the point may be their sender, or they are UDP. Linux leaves checksums unfinished on purpose until a NIC, or a kernel that still knows, finishes them; it is a fault only when the receiver drops them.',
  evidence: 'Unfinished checksums with no acknowledgment or retransmission that settles their outcome, or at a capture point of unknown direction.',
  side: 'path',
  summary: 'nothing to change on this evidence: capture where the receiver answers, or declare each point\'s direction',
  remedy:
    "Nothing to change on this evidence. To tell whether the receiver takes these segments, capture where its answers are seen, or declare each capture point's direction (--point NAME:in=FILE or NAME:out=FILE); nstat -az TcpInCsumErrors UdpInCsumErrors on the receiver counts what it drops.",
  diagnose: [
    { purpose: "Capture where the receiver's answers are seen (both directions of the connection), as pcapng, which records each frame's direction", command: 'ovsforensics capture --container <CONTAINER> -w both.pcapng -c 20000' },
    { purpose: 'Or declare the direction of a plain pcap', command: 'ovsforensics analyze --point receiver:in=rx.pcap' },
    RECEIVER_COUNTERS,
  ],
  change: [],
  cost: 'None: nothing is changed.',
  alternatives: [],
  persistence: [],
  undo: [],
  verify: [],
};

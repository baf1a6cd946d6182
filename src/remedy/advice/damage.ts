// Advice on damaged data: bytes changed on a hop after the checksum was computed (a NIC, cable,
// driver or memory: no offload setting repairs it), and damage the checksum cannot see at all.

import { DROP_OUTER_CHECKSUM, OUTER_CHECKSUM } from './tunnel.js';
import type { Advice, Step } from './types.js';

const NAME_THE_HOP: Step = {
  purpose: 'Name the hop: capture at the sender, its OVS port, both underlay NICs and the receiver at once, then compare',
  command: 'ovsforensics correlate sender=tx.pcapng ovs=port.pcapng underlay-a=a.pcap underlay-b=b.pcap receiver=rx.pcapng --html hop.html',
};

const HARDWARE_ERRORS: Step = {
  purpose: 'On the hop <HOP>: hardware errors on its NIC (CRC, FIFO, drops) and its driver and firmware',
  command: "ethtool -S <NIC> | grep -iE 'err|crc|drop|fifo'; ip -s link show <NIC>; ethtool -i <NIC>",
};

const REPLACE: Step = {
  purpose: 'Replace or bypass the hop <HOP>: another NIC, port, cable or host; test its memory. No offload setting repairs a hop that damages data',
  command: '',
};

export const UNDERLAY_CORRUPTION: Advice = {
  id: 'underlay-corruption',
  title: 'A hop alters bytes after the checksum was computed',
  cause:
    'The stored checksum is neither correct nor an offload placeholder: bytes changed after the checksum was computed. Something on the path (a NIC or its tunnel offload engine, a driver, firmware, memory, a cable) is damaging data; TCP catches only part of such damage, the rest reaches applications (ssh "Corrupted MAC on input", TLS record errors). Inside a tunnel that carries an outer UDP checksum, the receiving host drops such frames itself and counts them in Udp InCsumErrors.',
  evidence: 'Checksums that verify neither as sent nor as left for offload, and TCP resending the damaged segments; correlate shows the first hop where the bytes differ.',
  side: 'underlay',
  summary: 'name the hop with correlate, inspect its NIC, cabling, driver, firmware and memory, and replace or bypass it: no offload setting repairs it',
  remedy:
    "Bytes were changed after the checksum was computed: name the hop (capture at the sender, its OVS port, both underlays and the receiver, then ovsforensics correlate), inspect what sits there — NIC and its tunnel offloads (tx-udp_tnl-segmentation, tx-udp_tnl-csum-segmentation), driver, firmware, memory, cabling (CRC counters in ethtool -S) — and replace or bypass it; TCP recovers by retransmitting, at a cost in throughput.",
  diagnose: [NAME_THE_HOP, HARDWARE_ERRORS],
  change: [REPLACE],
  cost: 'Replacing a failing NIC, cable or DIMM costs nothing in throughput; until then TCP resends what the checksum catches and the rest reaches applications.',
  alternatives: [OUTER_CHECKSUM],
  persistence: [{ purpose: 'OVS interface options are stored in its database and survive restarts; a hardware change needs nothing more', command: '' }],
  undo: [DROP_OUTER_CHECKSUM],
  verify: [{ purpose: 'Capture at the same points again and analyze; the corrupt count should be zero', command: 'ovsforensics analyze after.pcapng --html after.html' }],
  otherCauses: ['nic-tunnel-offload'],
};

export const CHECKSUM_BLIND: Advice = {
  id: 'checksum-blind',
  title: 'Damage the checksums cannot see',
  cause:
    'The data was altered between two capture points yet every checksum is valid: the damage was done before the checksum was computed, or changed bytes in a way the 16-bit sum cannot see. Receivers accept it; only end-to-end integrity (ssh/TLS MACs) notices.',
  evidence: 'correlate matches the same segment at two points with different payload bytes and a valid checksum at both.',
  side: 'path',
  summary: 'no offload setting hides checksum-valid damage: capture at more points, let ovsforensics correlate name the hop, then replace or bypass it; keep TLS/ssh integrity on',
  remedy:
    'The damage keeps TCP checksums valid, so the receiver accepts it (ssh: "Corrupted MAC on input"): replace or bypass the hop <HOP>; TCP alone cannot protect this path, keep end-to-end integrity (TLS/ssh MACs) on.',
  diagnose: [NAME_THE_HOP, HARDWARE_ERRORS],
  change: [REPLACE],
  cost: 'None in throughput; the cost is the hardware or path change. Until then keep TLS/ssh integrity on and expect connection resets where it detects damage.',
  alternatives: [{ ...OUTER_CHECKSUM, purpose: 'Have the tunnel carry an outer UDP checksum, which catches damage done to the encapsulated packet on the underlay' }],
  persistence: [{ purpose: 'OVS interface options are stored in its database and survive restarts; record the hardware change in the incident', command: '' }],
  undo: [DROP_OUTER_CHECKSUM],
  verify: [{ purpose: 'Correlate again at the same points; no differing bytes should remain', command: 'ovsforensics correlate sender=tx.pcapng receiver=rx.pcapng' }],
};

// The sample captures of captures/, frame by frame, each with the truth it was built to show: the
// verdict of every frame's innermost TCP/UDP segment, the retransmissions of each flow and the
// findings expected. Tests compare the analyzer against this truth and the files against these bytes.

import type { Verdict } from '../../src/checksum/types.js';
import type { FindingKind } from '../../src/analyze/types.js';
import type { Direction } from '../../src/pcap/types.js';
import type { ByteTarget } from '../../src/pcap/byte-sink.js';
import { PcapWriter } from '../../src/pcap/pcap-writer.js';
import { PcapngWriter, type PcapngInterface } from '../../src/pcap/pcapng-writer.js';
import {
  ACK,
  arp,
  checksumFrom,
  ETH_ARP,
  ETH_IPV4,
  ETH_IPV6,
  ETH_TEB,
  ethernet,
  FIN,
  geneve,
  gre,
  icmpEcho,
  icmpv6Echo,
  ipv4,
  ipv4Fragments,
  ipv6,
  nvgre,
  pattern,
  PSH,
  sll2,
  SYN,
  synOptions,
  tcp,
  TPID_8021AD,
  TPID_8021Q,
  tsOptions,
  udp,
  vxlan,
  type ChecksumMode,
  type Segment,
} from './frames.js';

export interface SynthFrame {
  tsSec: number;
  tsNsec: number;
  data: Buffer;
  /** Length on the wire when `data` was cut short (snap length). */
  wireLen?: number;
  interfaceId: number;
  direction?: Direction;
  /** Verdict of the innermost TCP/UDP segment, or undefined when the frame has none. */
  truth?: Verdict;
}

export interface SynthCapture {
  file: string;
  format: 'pcap' | 'pcapng';
  /** pcap files use the first interface's link type and snap length. */
  interfaces: PcapngInterface[];
  frames: SynthFrame[];
  /** Retransmitted segments per flow id, as built. */
  retransmissions: Record<string, number>;
  findings: FindingKind[];
}

export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_LINUX_SLL2 = 276;

/** 2023-11-14 22:13:20 UTC: every sample starts here, so outputs never change. */
const T0 = 1_700_000_000;

/** A timestamp `us` microseconds after T0. */
function at(us: number): { tsSec: number; tsNsec: number } {
  return { tsSec: T0 + Math.floor(us / 1e6), tsNsec: (us % 1e6) * 1000 };
}

const HOST_A_MAC = '52:54:00:00:02:72';
const HOST_B_MAC = '52:54:00:00:02:73';
const CTR_A_MAC = '02:42:0a:0a:00:01';
const CTR_B_MAC = '02:42:0a:0a:00:02';
const HOST_A = '172.16.2.114';
const HOST_B = '172.16.2.115';
const CTR_A = '10.10.0.1';
const CTR_B = '10.10.0.2';

/** A container's frame inside VXLAN between the two hosts, as the underlay carries it. */
function overVxlan(fromA: boolean, innerIp: Buffer, sport: number, ipId: number, outerUdpCheck: 'zero' | 'valid' = 'zero'): Buffer {
  const inner = ethernet({ src: fromA ? CTR_A_MAC : CTR_B_MAC, dst: fromA ? CTR_B_MAC : CTR_A_MAC }, ETH_IPV4, innerIp);
  const outer = ipv4(
    { src: fromA ? HOST_A : HOST_B, dst: fromA ? HOST_B : HOST_A, id: ipId, dontFragment: true },
    udp({ sport, dport: 4789, payload: vxlan(42, inner), check: outerUdpCheck }),
  );
  return ethernet({ src: fromA ? HOST_A_MAC : HOST_B_MAC, dst: fromA ? HOST_B_MAC : HOST_A_MAC }, ETH_IPV4, outer);
}

/**
 * The incident: ctrA's SYN to ctrB leaves ctrA with an unfinished checksum (0x1445, the folded
 * pseudo-header sum of a 40-byte SYN from 10.10.0.1 to 10.10.0.2), crosses the VXLAN tunnel that
 * way, and ctrB drops it; Linux retransmits after 1, 2, 4 and 8 s; nothing ever answers.
 */
function incident(): SynthCapture {
  const frames: SynthFrame[] = [];
  frames.push({ ...at(0), interfaceId: 0, direction: 'outbound', data: ethernet({ src: HOST_B_MAC, dst: 'ff:ff:ff:ff:ff:ff' }, ETH_ARP, arp(1, HOST_B_MAC, HOST_B, '00:00:00:00:00:00', HOST_A)) });
  frames.push({ ...at(180), interfaceId: 0, direction: 'inbound', data: ethernet({ src: HOST_A_MAC, dst: HOST_B_MAC }, ETH_ARP, arp(2, HOST_A_MAC, HOST_A, HOST_B_MAC, HOST_B)) });
  const sendTimes = [0, 1, 3, 7, 15];
  for (const [i, s] of sendTimes.entries()) {
    const syn = (): Segment => tcp({ sport: 59898, dport: 5102, seq: 0x3b9aca00, flags: SYN, window: 64240, options: synOptions(1460, 0x2a6f1c00 + s * 1000, 7), check: 'offload' });
    const ip = (): Buffer => ipv4({ src: CTR_A, dst: CTR_B, id: 0x4d2 + i, dontFragment: true }, syn());
    const t = 1_000_000 + s * 1_000_000;
    frames.push({ ...at(t), interfaceId: 1, direction: 'outbound', truth: 'offload', data: ethernet({ src: CTR_A_MAC, dst: CTR_B_MAC }, ETH_IPV4, ip()) });
    frames.push({ ...at(t + 310), interfaceId: 0, direction: 'inbound', truth: 'offload', data: overVxlan(true, ip(), 51234, 0x1100 + i) });
  }
  return {
    file: 'incident-offload-leak.pcapng',
    format: 'pcapng',
    interfaces: [
      { linkType: LINKTYPE_ETHERNET, name: 'eth0', description: `hostB underlay (${HOST_B}), VXLAN VNI 42 from hostA` },
      { linkType: LINKTYPE_ETHERNET, name: 'ctrA-eth1', description: `sender container ctrA's eth1 (${CTR_A}) on hostA, tx checksum offload on` },
    ],
    frames,
    // Four resends seen at each of the two points: one flow (its inner 5-tuple), judged per point.
    retransmissions: { 'tcp 10.10.0.1:59898 > 10.10.0.2:5102': 8 },
    findings: ['blackhole', 'offload-leak'],
  };
}

/**
 * A VXLAN TCP transfer on hostB's underlay where hostA's NIC changed payload bytes of three
 * segments after ctrA computed their checksums: ctrB drops them, acknowledges the gap three
 * times, and ctrA's fast retransmits (intact) repair the stream.
 */
function underlayCorruption(): SynthCapture {
  const MSS = 1000;
  const N = 24;
  const damaged = new Set([5, 11, 16]);
  const cIsn = 0x10000000;
  const sIsn = 0x20000000;
  const frames: SynthFrame[] = [];
  let t = 0;
  let ipIdA = 0x2000;
  let ipIdB = 0x6000;
  let innerIdA = 0x100;
  let innerIdB = 0x900;
  const fromA = (seg: Segment, truth: Verdict): void => {
    t += 120;
    const data = overVxlan(true, ipv4({ src: CTR_A, dst: CTR_B, id: innerIdA++, dontFragment: true }, seg), 50123, ipIdA++);
    frames.push({ ...at(t), interfaceId: 0, truth, data });
  };
  const fromB = (seg: Segment): void => {
    t += 60;
    const data = overVxlan(false, ipv4({ src: CTR_B, dst: CTR_A, id: innerIdB++, dontFragment: true }, seg), 39211, ipIdB++);
    frames.push({ ...at(t), interfaceId: 0, truth: 'valid', data });
  };
  const c = { sport: 40000, dport: 5201 };
  const s = { sport: 5201, dport: 40000 };
  let tsA = 1000;
  const tsB = 5000;
  fromA(tcp({ ...c, seq: cIsn, flags: SYN, options: synOptions(1460, tsA, 7) }), 'valid');
  fromB(tcp({ ...s, seq: sIsn, ack: cIsn + 1, flags: SYN | ACK, window: 65160, options: synOptions(1460, tsB, 7) }));
  fromA(tcp({ ...c, seq: cIsn + 1, ack: sIsn + 1, flags: ACK, window: 502, options: tsOptions(++tsA, tsB) }), 'valid');
  const seqOf = (i: number): number => cIsn + 1 + i * MSS;
  const segment = (i: number, damage: boolean): Segment =>
    tcp({ ...c, seq: seqOf(i), ack: sIsn + 1, flags: PSH | ACK, window: 502, options: tsOptions(tsA, tsB), payload: pattern(MSS, 0xc0ffee + i), damage: damage ? [100 + i, 101 + i] : [] });
  // The receiver: acknowledges the first byte it still misses, on every segment that arrives intact.
  const received = new Set<number>();
  let expected = 0;
  let dupAcks = 0;
  const receive = (i: number): void => {
    received.add(i);
    const before = expected;
    while (received.has(expected)) expected++;
    dupAcks = expected === before ? dupAcks + 1 : 0;
    fromB(tcp({ ...s, seq: sIsn + 1, ack: seqOf(expected), flags: ACK, window: 1024, options: tsOptions(tsB, tsA) }));
    // Three duplicate acknowledgments: the sender resends the missing segment at once.
    if (dupAcks === 3) {
      fromA(segment(expected, false), 'valid');
      receive(expected);
    }
  };
  for (let i = 0; i < N; i++) {
    tsA++;
    const bad = damaged.has(i);
    fromA(segment(i, bad), bad ? 'corrupt' : 'valid');
    if (!bad) receive(i);
  }
  fromA(tcp({ ...c, seq: seqOf(N), ack: sIsn + 1, flags: FIN | ACK, window: 502, options: tsOptions(++tsA, tsB) }), 'valid');
  fromB(tcp({ ...s, seq: sIsn + 1, ack: seqOf(N) + 1, flags: FIN | ACK, window: 1024, options: tsOptions(tsB, tsA) }));
  fromA(tcp({ ...c, seq: seqOf(N) + 1, ack: sIsn + 2, flags: ACK, window: 502, options: tsOptions(++tsA, tsB) }), 'valid');
  return {
    file: 'underlay-corruption.pcap',
    format: 'pcap',
    interfaces: [{ linkType: LINKTYPE_ETHERNET, snapLen: 262144 }],
    frames,
    retransmissions: { 'tcp 10.10.0.1:40000 > 10.10.0.2:5201': damaged.size },
    findings: ['corruption'],
  };
}

/** A healthy host: a VXLAN transfer (outer UDP checksums on), a DNS lookup, an IPv6 handshake; every checksum right. */
function cleanTransfer(): SynthCapture {
  const frames: SynthFrame[] = [];
  let t = 0;
  let id = 1;
  const push = (data: Buffer, direction: Direction, truth: Verdict | undefined): void => {
    t += 250;
    frames.push({ ...at(t), interfaceId: 0, direction, truth, data });
  };
  const cIsn = 0x51000000;
  const sIsn = 0x7a000000;
  const c = { sport: 41000, dport: 8080 };
  const s = { sport: 8080, dport: 41000 };
  const a = (seg: Segment): Buffer => overVxlan(true, ipv4({ src: CTR_A, dst: CTR_B, id: id++, dontFragment: true }, seg), 50000, id, 'valid');
  const b = (seg: Segment): Buffer => overVxlan(false, ipv4({ src: CTR_B, dst: CTR_A, id: id++, dontFragment: true }, seg), 50001, id, 'valid');
  push(a(tcp({ ...c, seq: cIsn, flags: SYN, options: synOptions(1460, 77, 7) })), 'outbound', 'valid');
  push(b(tcp({ ...s, seq: sIsn, ack: cIsn + 1, flags: SYN | ACK, options: synOptions(1460, 88, 7) })), 'inbound', 'valid');
  push(a(tcp({ ...c, seq: cIsn + 1, ack: sIsn + 1, flags: ACK, options: tsOptions(78, 88) })), 'outbound', 'valid');
  for (let i = 0; i < 8; i++) {
    const len = i === 7 ? 333 : 1200;
    push(a(tcp({ ...c, seq: cIsn + 1 + i * 1200, ack: sIsn + 1, flags: PSH | ACK, options: tsOptions(79 + i, 88), payload: pattern(len, 7 + i) })), 'outbound', 'valid');
    if (i % 2 === 1) push(b(tcp({ ...s, seq: sIsn + 1, ack: cIsn + 1 + i * 1200 + len, flags: ACK, options: tsOptions(89 + i, 79 + i) })), 'inbound', 'valid');
  }
  const end = cIsn + 1 + 7 * 1200 + 333;
  push(a(tcp({ ...c, seq: end, ack: sIsn + 1, flags: FIN | ACK, options: tsOptions(90, 96) })), 'outbound', 'valid');
  push(b(tcp({ ...s, seq: sIsn + 1, ack: end + 1, flags: FIN | ACK, options: tsOptions(97, 90) })), 'inbound', 'valid');
  push(a(tcp({ ...c, seq: end + 1, ack: sIsn + 2, flags: ACK, options: tsOptions(91, 97) })), 'outbound', 'valid');
  // A DNS query and answer on the host itself (UDP checksums right, over IPv4).
  const query = Buffer.concat([Buffer.from('1234010000010000000000000765786d706c6503636f6d0000010001', 'hex')]);
  const answer = Buffer.concat([Buffer.from('1234818000010001000000000765786d706c6503636f6d0000010001c00c000100010000012c00045db8d822', 'hex')]);
  push(ethernet({ src: HOST_B_MAC, dst: HOST_A_MAC }, ETH_IPV4, ipv4({ src: HOST_B, dst: '172.16.2.1', id: 0x77 }, udp({ sport: 53001, dport: 53, payload: query }))), 'outbound', 'valid');
  push(ethernet({ src: HOST_A_MAC, dst: HOST_B_MAC }, ETH_IPV4, ipv4({ src: '172.16.2.1', dst: HOST_B, id: 0x78 }, udp({ sport: 53, dport: 53001, payload: answer }))), 'inbound', 'valid');
  // An IPv6 handshake on the underlay.
  const v6 = (src: string, dst: string, seg: Segment): Buffer => ethernet({ src: HOST_B_MAC, dst: HOST_A_MAC }, ETH_IPV6, ipv6({ src, dst, flowLabel: 0x12345 }, seg));
  push(v6('fd00:16::115', 'fd00:16::114', tcp({ sport: 42424, dport: 22, seq: 1, flags: SYN, options: synOptions(1440, 5, 7) })), 'outbound', 'valid');
  push(v6('fd00:16::114', 'fd00:16::115', tcp({ sport: 22, dport: 42424, seq: 9, ack: 2, flags: SYN | ACK, options: synOptions(1440, 6, 7) })), 'inbound', 'valid');
  push(v6('fd00:16::115', 'fd00:16::114', tcp({ sport: 42424, dport: 22, seq: 2, ack: 10, flags: ACK, options: tsOptions(6, 6) })), 'outbound', 'valid');
  return {
    file: 'clean-transfer.pcapng',
    format: 'pcapng',
    interfaces: [{ linkType: LINKTYPE_ETHERNET, name: 'eth0', description: 'hostB underlay, VXLAN UDP checksums on' }],
    frames,
    retransmissions: {},
    findings: [],
  };
}

/** Every tunnel and header the decoder knows, all checksums right, plus the verdicts that are not errors. */
function geneveGreMix(): SynthCapture {
  const frames: SynthFrame[] = [];
  let t = 0;
  const push = (interfaceId: number, data: Buffer, truth: Verdict | undefined): void => {
    t += 1000;
    frames.push({ ...at(t), interfaceId, truth, data });
  };
  const u1 = '52:54:00:00:32:01';
  const u2 = '52:54:00:00:32:02';
  const eth = (type: number, payload: Buffer): Buffer => ethernet({ src: u1, dst: u2 }, type, payload);
  const innerEth = (type: number, payload: Buffer): Buffer => ethernet({ src: '0a:00:00:00:00:01', dst: '0a:00:00:00:00:02' }, type, payload);
  // Geneve (OVN-style option class 0x0102) carrying Ethernet, then one carrying IPv4 directly.
  const ovnOption = [{ optionClass: 0x0102, type: 0x80, data: Buffer.from([0, 1, 0, 2]) }];
  const geneveOuter = (payload: Buffer): Buffer => eth(ETH_IPV4, ipv4({ src: '192.168.50.1', dst: '192.168.50.2', id: 1 }, udp({ sport: 61000, dport: 6081, payload, check: 'zero' })));
  push(0, geneveOuter(geneve(0x1234, ETH_TEB, innerEth(ETH_IPV4, ipv4({ src: '10.20.0.1', dst: '10.20.0.2', id: 5 }, tcp({ sport: 33000, dport: 443, seq: 100, flags: SYN, options: synOptions(1400, 1, 7) }))), ovnOption)), 'valid');
  push(0, geneveOuter(geneve(0x1234, ETH_IPV4, ipv4({ src: '10.20.0.2', dst: '10.20.0.1', id: 6 }, tcp({ sport: 443, dport: 33000, seq: 900, ack: 101, flags: SYN | ACK, options: synOptions(1400, 2, 7) })), ovnOption)), 'valid');
  // NVGRE (VSID 0x5001, FlowID 7) carrying Ethernet with a UDP datagram.
  push(0, eth(ETH_IPV4, ipv4({ src: '192.168.60.1', dst: '192.168.60.2', id: 2 }, nvgre(0x5001, 7, innerEth(ETH_IPV4, ipv4({ src: '10.30.0.1', dst: '10.30.0.2', id: 9 }, udp({ sport: 5000, dport: 6000, payload: pattern(64, 3) })))))), 'valid');
  // Plain GRE with checksum, key and sequence number, carrying IPv4 TCP.
  push(0, eth(ETH_IPV4, ipv4({ src: '192.168.70.1', dst: '192.168.70.2', id: 3 }, gre(ETH_IPV4, ipv4({ src: '10.40.0.1', dst: '10.40.0.2', id: 11 }, tcp({ sport: 1234, dport: 80, seq: 5, ack: 6, flags: PSH | ACK, payload: Buffer.from('GET / HTTP/1.1\r\n\r\n') })), { checksum: true, key: 99, seq: 1 }))), 'valid');
  // QinQ: service tag 100 (802.1ad) outside customer tag 200 (802.1Q).
  push(0, ethernet({ src: u1, dst: u2, vlans: [{ tpid: TPID_8021AD, vid: 100 }, { tpid: TPID_8021Q, vid: 200, pcp: 3 }] }, ETH_IPV4, ipv4({ src: '10.50.0.1', dst: '10.50.0.2', id: 4 }, tcp({ sport: 2000, dport: 3000, seq: 1, ack: 1, payload: pattern(100, 4) }))), 'valid');
  // IPv6 with hop-by-hop (router alert), routing type 2 (segments left 0) and destination options.
  const ext = [
    { type: 'hop-by-hop' as const, options: Buffer.from([5, 2, 0, 0]) },
    { type: 'routing' as const, routingType: 2, addresses: ['fd00:50::2'] },
    { type: 'destination' as const, options: Buffer.from([0x1e, 2, 0xaa, 0xbb]) },
  ];
  push(0, eth(ETH_IPV6, ipv6({ src: 'fd00:50::1', dst: 'fd00:50::2', extensions: ext }, tcp({ sport: 4000, dport: 5000, seq: 7, flags: SYN, options: synOptions(1400, 3, 7) }))), 'valid');
  push(0, eth(ETH_IPV6, ipv6({ src: 'fd00:50::1', dst: 'fd00:50::2', extensions: ext }, udp({ sport: 4001, dport: 5001, payload: pattern(37, 5) }))), 'valid');
  // VXLAN on Linux's historical port 8472.
  push(0, eth(ETH_IPV4, ipv4({ src: '192.168.80.1', dst: '192.168.80.2', id: 8 }, udp({ sport: 40000, dport: 8472, check: 'zero', payload: vxlan(7, innerEth(ETH_IPV4, ipv4({ src: '10.60.0.1', dst: '10.60.0.2', id: 12 }, udp({ sport: 7, dport: 7, payload: pattern(20, 6) })))) }))), 'valid');
  // A 3000-byte UDP datagram in three IPv4 fragments: its checksum covers bytes of all three.
  const frags = ipv4Fragments({ src: '10.70.0.1', dst: '10.70.0.2', id: 0xbeef }, udp({ sport: 9000, dport: 9001, payload: pattern(3000, 8) }), 1480);
  frags.forEach((f, i) => push(0, eth(ETH_IPV4, f), i === 0 ? 'unverifiable' : undefined));
  // UDP over IPv4 without a checksum (0).
  push(0, eth(ETH_IPV4, ipv4({ src: '10.80.0.1', dst: '10.80.0.2', id: 13 }, udp({ sport: 123, dport: 123, check: 'zero', payload: pattern(48, 9) }))), 'absent');
  // A mirror port with a 128-byte snap length: a right checksum over bytes not captured, and an
  // offload value recognisable anyway (the folded pseudo-header needs no payload).
  // (libpcap, hence tcpdump, reads a pcapng only when all its interfaces share one snap length,
  // so the interface declares none and the records carry the cut.)
  const cut = (seq: number, check: 'valid' | 'offload', truth: Verdict, direction: Direction): void => {
    const whole = eth(ETH_IPV4, ipv4({ src: '10.90.0.1', dst: '10.90.0.2', id: 14 }, tcp({ sport: 5555, dport: 6666, seq, ack: 1, flags: PSH | ACK, payload: pattern(1000, seq), check })));
    t += 1000;
    frames.push({ ...at(t), interfaceId: 1, truth, direction, data: whole.subarray(0, 128), wireLen: whole.length });
  };
  cut(1, 'valid', 'unverifiable', 'inbound');
  cut(1001, 'offload', 'offload', 'outbound');
  return {
    file: 'geneve-gre-mix.pcapng',
    format: 'pcapng',
    interfaces: [
      { linkType: LINKTYPE_ETHERNET, name: 'eth1', description: 'lab underlay with Geneve, NVGRE, GRE, QinQ, IPv6' },
      { linkType: LINKTYPE_ETHERNET, name: 'mirror0', description: 'OVS mirror port, frames cut to 128 bytes' },
    ],
    frames,
    retransmissions: {},
    findings: [],
  };
}

/**
 * The sender side of BIG TCP (`tcpdump -i any -s 256` on the sending host): GSO super-packets
 * leave with the folded pseudo-header sum the NIC or the segmentation code will finish; IPv4
 * total length 0 and IPv6 payload length 0 beyond 64 KiB, and a jumbogram. Outgoing: benign.
 */
function bigTcp(): SynthCapture {
  const frames: SynthFrame[] = [];
  let t = 0;
  const out = (ip: Buffer, version: 4 | 6, truth: Verdict): void => {
    t += 40;
    frames.push({ ...at(t), interfaceId: 0, truth, data: sll2(4, version === 4 ? ETH_IPV4 : ETH_IPV6, 5, ip) });
  };
  const inn = (ip: Buffer, version: 4 | 6): void => {
    t += 40;
    frames.push({ ...at(t), interfaceId: 0, truth: 'valid', data: sll2(0, version === 4 ? ETH_IPV4 : ETH_IPV6, 5, ip, '52:54:00:00:40:02') });
  };
  const a4 = { src: '10.30.0.1', dst: '10.30.0.2' };
  const b4 = { src: '10.30.0.2', dst: '10.30.0.1' };
  const c = { sport: 45000, dport: 5201 };
  const s = { sport: 5201, dport: 45000 };
  out(ipv4({ ...a4, id: 1, dontFragment: true }, tcp({ ...c, seq: 1000, flags: SYN, options: synOptions(1448, 1, 10), check: 'offload' })), 4, 'offload');
  inn(ipv4({ ...b4, id: 0, dontFragment: true }, tcp({ ...s, seq: 9000, ack: 1001, flags: SYN | ACK, options: synOptions(1448, 2, 10) })), 4);
  out(ipv4({ ...a4, id: 2, dontFragment: true }, tcp({ ...c, seq: 1001, ack: 9001, options: tsOptions(2, 2), check: 'offload' })), 4, 'offload');
  // A GSO super-packet of 30 segments: a real total length, still one frame on the capture.
  out(ipv4({ ...a4, id: 3, dontFragment: true }, tcp({ ...c, seq: 1001, ack: 9001, flags: PSH | ACK, options: tsOptions(3, 2), payload: pattern(30 * 1448, 1), check: 'offload' })), 4, 'offload');
  // BIG TCP over IPv4 (Linux 6.3+): 100,000 bytes, total length 0.
  out(ipv4({ ...a4, id: 4, dontFragment: true, totalLengthZero: true }, tcp({ ...c, seq: 1001 + 30 * 1448, ack: 9001, flags: PSH | ACK, options: tsOptions(4, 2), payload: pattern(100000, 2), check: 'offload' })), 4, 'offload');
  inn(ipv4({ ...b4, id: 1, dontFragment: true }, tcp({ ...s, seq: 9001, ack: 1001 + 30 * 1448 + 100000, options: tsOptions(5, 4) })), 4);
  const a6 = { src: 'fd00:30::1', dst: 'fd00:30::2' };
  const b6 = { src: 'fd00:30::2', dst: 'fd00:30::1' };
  out(ipv6(a6, tcp({ ...c, seq: 5000, flags: SYN, options: synOptions(1428, 6, 10), check: 'offload' })), 6, 'offload');
  inn(ipv6(b6, tcp({ ...s, seq: 7000, ack: 5001, flags: SYN | ACK, options: synOptions(1428, 7, 10) })), 6);
  // BIG TCP over IPv6: payload length 0 and no jumbo option (Linux 6.5+), 120,000 bytes.
  out(ipv6({ ...a6, payloadLengthZero: true }, tcp({ ...c, seq: 5001, ack: 7001, flags: PSH | ACK, options: tsOptions(8, 7), payload: pattern(120000, 3), check: 'offload' })), 6, 'offload');
  // The older form: a hop-by-hop Jumbo Payload option (RFC 2675) with the real length, 70,000 bytes.
  out(ipv6({ ...a6, jumbo: true }, tcp({ ...c, seq: 5001 + 120000, ack: 7001, flags: PSH | ACK, options: tsOptions(9, 7), payload: pattern(70000, 4), check: 'offload' })), 6, 'offload');
  inn(ipv6(b6, tcp({ ...s, seq: 7001, ack: 5001 + 190000, options: tsOptions(10, 9) })), 6);
  return {
    file: 'big-tcp.pcap',
    format: 'pcap',
    interfaces: [{ linkType: LINKTYPE_LINUX_SLL2, snapLen: 256 }],
    frames,
    retransmissions: {},
    findings: [],
  };
}

/**
 * The `Corrupted MAC on input` case, seen at three points at once: ctrA's eth1, hostB's underlay
 * and ctrB's eth1. Something between ctrA and hostB rewrites two 16-bit words of a 0x07 stream
 * (0x0707,0x0707 → 0x0708,0x0706) in two segments: their one's complement sum, hence the TCP
 * checksum, is unchanged, so every checksum verifies and only correlating the points shows it.
 */
function checksumBlindPath(): SynthCapture {
  const MSS = 1000;
  const N = 10;
  const damaged = new Set([3, 7]);
  const cIsn = 0x30000000;
  const sIsn = 0x40000000;
  const frames: SynthFrame[] = [];
  let t = 0;
  let innerIdA = 0x700;
  let innerIdB = 0xb00;
  let outerId = 0x3000;
  const payload = (i: number, altered: boolean): Buffer => {
    const p = Buffer.alloc(MSS, 0x07);
    if (altered) p.writeUInt32BE(0x07080706, 200 + 4 * i);
    return p;
  };
  const c = { sport: 41000, dport: 22 };
  const s = { sport: 22, dport: 41000 };
  // A segment from ctrA as each point sees it: intact at ctrA, altered from hostB on when damaged.
  const fromA = (seg: (altered: boolean) => Segment, id: number, bad: boolean): void => {
    t += 150;
    const ip = (altered: boolean): Buffer => ipv4({ src: CTR_A, dst: CTR_B, id, dontFragment: true }, seg(altered));
    frames.push({ ...at(t), interfaceId: 0, direction: 'outbound', truth: 'valid', data: ethernet({ src: CTR_A_MAC, dst: CTR_B_MAC }, ETH_IPV4, ip(false)) });
    frames.push({ ...at(t + 300), interfaceId: 1, direction: 'inbound', truth: 'valid', data: overVxlan(true, ip(bad), 50999, outerId++) });
    frames.push({ ...at(t + 500), interfaceId: 2, direction: 'inbound', truth: 'valid', data: ethernet({ src: CTR_A_MAC, dst: CTR_B_MAC }, ETH_IPV4, ip(bad)) });
  };
  const fromB = (seg: Segment): void => {
    t += 60;
    const ip = ipv4({ src: CTR_B, dst: CTR_A, id: innerIdB++, dontFragment: true }, seg);
    frames.push({ ...at(t), interfaceId: 2, direction: 'outbound', truth: 'valid', data: ethernet({ src: CTR_B_MAC, dst: CTR_A_MAC }, ETH_IPV4, ip) });
    frames.push({ ...at(t + 200), interfaceId: 1, direction: 'outbound', truth: 'valid', data: overVxlan(false, ip, 39999, outerId++) });
    frames.push({ ...at(t + 500), interfaceId: 0, direction: 'inbound', truth: 'valid', data: ethernet({ src: CTR_B_MAC, dst: CTR_A_MAC }, ETH_IPV4, ip) });
  };
  fromA(() => tcp({ ...c, seq: cIsn, flags: SYN, options: synOptions(1460, 100, 7) }), innerIdA++, false);
  fromB(tcp({ ...s, seq: sIsn, ack: cIsn + 1, flags: SYN | ACK, window: 65160, options: synOptions(1460, 900, 7) }));
  const seqOf = (i: number): number => cIsn + 1 + i * MSS;
  for (let i = 0; i < N; i++) {
    fromA((altered) => tcp({ ...c, seq: seqOf(i), ack: sIsn + 1, flags: PSH | ACK, window: 502, payload: payload(i, altered) }), innerIdA++, damaged.has(i));
    fromB(tcp({ ...s, seq: sIsn + 1, ack: seqOf(i + 1), flags: ACK, window: 1024 }));
  }
  return {
    file: 'checksum-blind-path.pcapng',
    format: 'pcapng',
    interfaces: [
      { linkType: LINKTYPE_ETHERNET, name: 'ctrA-eth1', description: `sender container ctrA's eth1 (${CTR_A}) on hostA` },
      { linkType: LINKTYPE_ETHERNET, name: 'hostB-eth0', description: `hostB underlay (${HOST_B}), VXLAN VNI 42` },
      { linkType: LINKTYPE_ETHERNET, name: 'ctrB-eth1', description: `receiver container ctrB's eth1 (${CTR_B}) on hostB` },
    ],
    frames,
    retransmissions: {},
    findings: [],
  };
}

const POD_A = '10.244.0.5';
const POD_B = '10.244.1.7';
const FLANNEL_PORT = 8472;
/** Where the outer UDP checksum sits in an Ethernet + IPv4 frame. */
const OUTER_UDP_CHECK_V4 = 14 + 20 + 6;

/** A pod's packet in flannel's kernel VXLAN (VNI 1, port 8472) between the hosts, outer checksum as given. */
function overFlannel(fromA: boolean, innerIp: Buffer, sport: number, outer: ChecksumMode): Buffer {
  const inner = ethernet({ src: fromA ? CTR_A_MAC : CTR_B_MAC, dst: fromA ? CTR_B_MAC : CTR_A_MAC }, ETH_IPV4, innerIp);
  const ip = ipv4({ src: fromA ? HOST_A : HOST_B, dst: fromA ? HOST_B : HOST_A, dontFragment: true }, udp({ sport, dport: FLANNEL_PORT, payload: vxlan(1, inner), check: outer }));
  return ethernet({ src: fromA ? HOST_A_MAC : HOST_B_MAC, dst: fromA ? HOST_B_MAC : HOST_A_MAC }, ETH_IPV4, ip);
}

/**
 * A healthy transfer over kernel VXLAN (flannel) and Geneve (IPv6 underlay) with offloads at their
 * defaults, on hostB's underlay: inner checksums left unfinished, outer UDP checksums by Local
 * Checksum Offload or the pseudo-header sum of a GSO super-frame, pings in and outside the tunnel.
 * tcpdump calls most of it bad; every byte arrived and was acknowledged, so nothing is wrong.
 */
function kernelVxlanOffload(): SynthCapture {
  const frames: SynthFrame[] = [];
  let t = 0;
  const push = (data: Buffer, fromA: boolean, truth: Verdict | undefined): void => {
    t += 180;
    frames.push({ ...at(t), interfaceId: 0, direction: fromA ? 'inbound' : 'outbound', truth, data });
  };
  const c = { sport: 43210, dport: 80 };
  const s = { sport: 80, dport: 43210 };
  const cIsn = 0x0a000000;
  const sIsn = 0x0b000000;
  // LCO: the outer checksum as if the inner were finished, on the bytes with the inner unfinished.
  const vx = (fromA: boolean, seg: (check: ChecksumMode) => Segment, sport: number): Buffer => {
    const ip = (check: ChecksumMode): Buffer => ipv4({ src: fromA ? POD_A : POD_B, dst: fromA ? POD_B : POD_A, dontFragment: true }, seg(check));
    return checksumFrom(overFlannel(fromA, ip('valid'), sport, 'valid'), overFlannel(fromA, ip('offload'), sport, 'valid'), OUTER_UDP_CHECK_V4);
  };
  const a = (spec: Omit<Parameters<typeof tcp>[0], 'sport' | 'dport' | 'check'>): Buffer => vx(true, (check) => tcp({ ...c, ...spec, check }), 51000);
  const b = (spec: Omit<Parameters<typeof tcp>[0], 'sport' | 'dport' | 'check'>): Buffer => vx(false, (check) => tcp({ ...s, ...spec, check }), 52000);
  push(a({ seq: cIsn, flags: SYN, options: synOptions(1410, 1, 7) }), true, 'offload');
  push(b({ seq: sIsn, ack: cIsn + 1, flags: SYN | ACK, options: synOptions(1410, 2, 7) }), false, 'offload');
  push(a({ seq: cIsn + 1, ack: sIsn + 1, flags: ACK, options: tsOptions(3, 2) }), true, 'offload');
  // A GSO super-frame of two 1,398-byte segments: outer and inner checksums both the pseudo-header sum.
  const gsoIp = ipv4({ src: POD_A, dst: POD_B, dontFragment: true }, tcp({ ...c, seq: cIsn + 1, ack: sIsn + 1, flags: PSH | ACK, options: tsOptions(4, 2), payload: pattern(2 * 1398, 21), check: 'offload' }));
  push(overFlannel(true, gsoIp, 51000, 'offload'), true, 'offload');
  push(b({ seq: sIsn + 1, ack: cIsn + 1 + 2 * 1398, flags: ACK, options: tsOptions(5, 4) }), false, 'offload');
  const end = cIsn + 1 + 2 * 1398 + 700;
  push(a({ seq: cIsn + 1 + 2 * 1398, ack: sIsn + 1, flags: PSH | ACK | FIN, options: tsOptions(6, 5), payload: pattern(700, 22) }), true, 'offload');
  push(b({ seq: sIsn + 1, ack: end + 1, flags: FIN | ACK, options: tsOptions(7, 6) }), false, 'offload');
  push(a({ seq: end + 1, ack: sIsn + 2, flags: ACK, options: tsOptions(8, 7) }), true, 'offload');
  // A ping between the pods: ICMP is finished in software, the outer checksum left to offload.
  push(overFlannel(true, ipv4({ src: POD_A, dst: POD_B, id: 0x51 }, icmpEcho(8, 0x77, 1, pattern(56, 23))), 51001, 'offload'), true, undefined);
  push(overFlannel(false, ipv4({ src: POD_B, dst: POD_A, id: 0x52 }, icmpEcho(0, 0x77, 1, pattern(56, 23))), 52001, 'offload'), false, undefined);
  // Geneve (an OVN-style overlay) over the IPv6 underlay, the same way: LCO on every frame.
  const v6a = 'fd00:16::114';
  const v6b = 'fd00:16::115';
  const gen = (fromA: boolean, spec: Omit<Parameters<typeof tcp>[0], 'sport' | 'dport' | 'check'>): Buffer => {
    const frame = (check: ChecksumMode): Buffer => {
      const inner = ipv4({ src: fromA ? '10.245.0.1' : '10.245.1.1', dst: fromA ? '10.245.1.1' : '10.245.0.1', dontFragment: true }, tcp({ ...(fromA ? { sport: 33333, dport: 443 } : { sport: 443, dport: 33333 }), ...spec, check }));
      const outer = ipv6({ src: fromA ? v6a : v6b, dst: fromA ? v6b : v6a }, udp({ sport: 61000, dport: 6081, payload: geneve(0x21, ETH_TEB, ethernet({ src: CTR_A_MAC, dst: CTR_B_MAC }, ETH_IPV4, inner)), check: 'valid' }));
      return ethernet({ src: fromA ? HOST_A_MAC : HOST_B_MAC, dst: fromA ? HOST_B_MAC : HOST_A_MAC }, ETH_IPV6, outer);
    };
    return checksumFrom(frame('valid'), frame('offload'), 14 + 40 + 6);
  };
  push(gen(true, { seq: 500, flags: SYN, options: synOptions(1390, 9, 7) }), true, 'offload');
  push(gen(false, { seq: 800, ack: 501, flags: SYN | ACK, options: synOptions(1390, 10, 7) }), false, 'offload');
  push(gen(true, { seq: 501, ack: 801, flags: ACK, options: tsOptions(11, 10) }), true, 'offload');
  // ping6 between the hosts on the underlay: ICMPv6, its checksum over the pseudo-header.
  push(ethernet({ src: HOST_A_MAC, dst: HOST_B_MAC }, ETH_IPV6, ipv6({ src: v6a, dst: v6b }, icmpv6Echo(128, 0x99, 1, pattern(32, 24)))), true, undefined);
  push(ethernet({ src: HOST_B_MAC, dst: HOST_A_MAC }, ETH_IPV6, ipv6({ src: v6b, dst: v6a }, icmpv6Echo(129, 0x99, 1, pattern(32, 24)))), false, undefined);
  return {
    file: 'kernel-vxlan-offload.pcapng',
    format: 'pcapng',
    interfaces: [{ linkType: LINKTYPE_ETHERNET, name: 'eth0', description: 'hostB underlay: flannel VXLAN (8472) and Geneve over IPv6, kernel devices, offloads at their defaults' }],
    frames,
    retransmissions: {},
    findings: [],
  };
}

/**
 * flannel's "63-second delay" on hostB's underlay: hostA's kernel (before 5.7) leaves the outer UDP
 * checksum of node-to-pod traffic SNATed with --random-fully wrong (written here as 0xffff, as the
 * lab's injector does); hostB drops every such frame (Udp InCsumErrors) and the SYN inside is
 * resent after 1, 2, 4, 8, 16 and 32 s. Pod-to-pod traffic, not SNATed, works.
 */
function vxlanOuterChecksum(): SynthCapture {
  const frames: SynthFrame[] = [];
  const push = (us: number, data: Buffer, fromA: boolean): void => {
    frames.push({ ...at(us), interfaceId: 0, direction: fromA ? 'inbound' : 'outbound', truth: 'valid', data });
  };
  const pod = (fromA: boolean, seg: Segment, id: number): Buffer => overFlannel(fromA, ipv4({ src: fromA ? POD_A : POD_B, dst: fromA ? POD_B : POD_A, id, dontFragment: true }, seg), fromA ? 51000 : 52000, 'valid');
  const c = { sport: 44000, dport: 8080 };
  const s = { sport: 8080, dport: 44000 };
  push(0, pod(true, tcp({ ...c, seq: 100, flags: SYN, options: synOptions(1410, 1, 7) }), 1), true);
  push(300, pod(false, tcp({ ...s, seq: 900, ack: 101, flags: SYN | ACK, options: synOptions(1410, 2, 7) }), 2), false);
  push(600, pod(true, tcp({ ...c, seq: 101, ack: 901, flags: PSH | ACK, options: tsOptions(3, 2), payload: pattern(300, 31) }), 3), true);
  push(900, pod(false, tcp({ ...s, seq: 901, ack: 401, flags: ACK, options: tsOptions(4, 3) }), 4), false);
  // The node (its flannel.1 address 10.244.0.0) to a NodePort backend on hostB, SNATed to a random port.
  for (const sec of [0, 1, 3, 7, 15, 31, 63]) {
    const ip = ipv4({ src: '10.244.0.0', dst: POD_B, dontFragment: true }, tcp({ sport: 61999, dport: 80, seq: 0x5e000000, flags: SYN, options: synOptions(1410, 1000 + sec * 1000, 7) }));
    push(2_000_000 + sec * 1_000_000, overFlannel(true, ip, 53000, 0xffff), true);
  }
  return {
    file: 'vxlan-outer-checksum.pcapng',
    format: 'pcapng',
    interfaces: [{ linkType: LINKTYPE_ETHERNET, name: 'eth0', description: 'hostB underlay: flannel VXLAN from hostA (Linux 5.4, kube-proxy --random-fully)' }],
    frames,
    retransmissions: { 'tcp 10.244.0.0:61999 > 10.244.1.7:80': 6 },
    findings: ['tunnel-checksum'],
  };
}

export function sampleCaptures(): SynthCapture[] {
  return [incident(), underlayCorruption(), cleanTransfer(), geneveGreMix(), bigTcp(), checksumBlindPath(), kernelVxlanOffload(), vxlanOuterChecksum()];
}

/** Writes a sample capture in its format with the writers of src/pcap. */
export async function writeSynthCapture(c: SynthCapture, target: ByteTarget): Promise<void> {
  if (c.format === 'pcap') {
    const iface = c.interfaces[0]!;
    const w = new PcapWriter(target, { linkType: iface.linkType, snapLen: iface.snapLen ?? 262144 });
    for (const f of c.frames) w.writePacket(f);
    await w.close();
    return;
  }
  const w = new PcapngWriter(target, { application: 'ovsforensics scripts/make-captures.ts' });
  for (const i of c.interfaces) w.addInterface(i);
  for (const f of c.frames) w.writePacket(f.interfaceId, f);
  const last = c.frames[c.frames.length - 1]!;
  c.interfaces.forEach((_, id) => {
    const seen = c.frames.filter((f) => f.interfaceId === id).length;
    w.writeStats(id, { tsSec: last.tsSec + 1, tsNsec: 0, ifrecv: seen, ifdrop: 0, osdrop: 0 });
  });
  await w.close();
}

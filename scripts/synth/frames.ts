// Synthetic frames for sample captures and tests, built inside out: a TCP/UDP segment, wrapped in
// IPv4/IPv6 (which finishes the segment's checksum over its pseudo-header), then in tunnels
// (VXLAN, Geneve, GRE/NVGRE) and link layers (Ethernet with 802.1Q/QinQ, SLL, SLL2, loopback).
// A segment's checksum can be made right, left as Linux leaves it for offload (the folded
// pseudo-header sum, not complemented), zero, or any value; `damage` flips bytes after the
// checksum was computed, which is what real corruption looks like.

import { checksumOf, fold, sumWords } from '../../src/checksum/index.js';

/** valid; offload = folded pseudo-header sum (CHECKSUM_PARTIAL); offload-nolen = the same without the length (some TSO drivers); zero; or a stored value. */
export type ChecksumMode = 'valid' | 'offload' | 'offload-nolen' | 'zero' | number;

/** A TCP, UDP (or ICMPv6) message whose checksum is finished by the IP header that carries it. */
export interface Segment {
  protocol: 6 | 17 | 58;
  bytes: Buffer;
  checkAt: number;
  check: ChecksumMode;
  /** Offsets into the segment whose bytes are XOR-ed with 0xff after the checksum. */
  damage: number[];
}

/** An IP payload other than TCP/UDP (ICMP, GRE, an inner IP packet...). */
export interface RawPayload {
  protocol: number;
  bytes: Buffer;
}

export const ETH_IPV4 = 0x0800;
export const ETH_IPV6 = 0x86dd;
export const ETH_ARP = 0x0806;
export const ETH_TEB = 0x6558;
export const TPID_8021Q = 0x8100;
export const TPID_8021AD = 0x88a8;

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

export interface TcpSpec {
  sport: number;
  dport: number;
  seq?: number;
  ack?: number;
  flags?: number;
  window?: number;
  /** Raw option bytes, padded here to a multiple of 4. */
  options?: Buffer;
  payload?: Buffer;
  check?: ChecksumMode;
  /** Payload offsets to damage after the checksum. */
  damage?: number[];
}

export function tcp(s: TcpSpec): Segment {
  const opts = pad4(s.options ?? Buffer.alloc(0));
  const h = Buffer.alloc(20 + opts.length);
  h.writeUInt16BE(s.sport, 0);
  h.writeUInt16BE(s.dport, 2);
  h.writeUInt32BE((s.seq ?? 0) >>> 0, 4);
  h.writeUInt32BE((s.ack ?? 0) >>> 0, 8);
  h[12] = (h.length / 4) << 4;
  h[13] = s.flags ?? ACK;
  h.writeUInt16BE(s.window ?? 64240, 14);
  opts.copy(h, 20);
  const payload = s.payload ?? Buffer.alloc(0);
  return { protocol: 6, bytes: Buffer.concat([h, payload]), checkAt: 16, check: s.check ?? 'valid', damage: (s.damage ?? []).map((d) => h.length + d) };
}

/** The options of a Linux SYN: MSS, SACK permitted, timestamps, NOP, window scale (20 bytes). */
export function synOptions(mss: number, tsVal: number, wscale: number): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt8(2, 0);
  b.writeUInt8(4, 1);
  b.writeUInt16BE(mss, 2);
  b.writeUInt8(4, 4);
  b.writeUInt8(2, 5);
  b.writeUInt8(8, 6);
  b.writeUInt8(10, 7);
  b.writeUInt32BE(tsVal, 8);
  b.writeUInt32BE(0, 12);
  b.writeUInt8(1, 16);
  b.writeUInt8(3, 17);
  b.writeUInt8(3, 18);
  b.writeUInt8(wscale, 19);
  return b;
}

/** NOP, NOP, timestamps: the 12 option bytes of every Linux segment after the handshake. */
export function tsOptions(tsVal: number, tsEcr: number): Buffer {
  const b = Buffer.from([1, 1, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0]);
  b.writeUInt32BE(tsVal >>> 0, 4);
  b.writeUInt32BE(tsEcr >>> 0, 8);
  return b;
}

export interface UdpSpec {
  sport: number;
  dport: number;
  payload: Buffer;
  check?: ChecksumMode;
  /** Length field 0, as in jumbograms and UDP GSO super-packets. */
  lengthZero?: boolean;
  damage?: number[];
}

export function udp(s: UdpSpec): Segment {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(s.sport, 0);
  h.writeUInt16BE(s.dport, 2);
  const length = 8 + s.payload.length;
  h.writeUInt16BE(s.lengthZero || length > 0xffff ? 0 : length, 4);
  return { protocol: 17, bytes: Buffer.concat([h, s.payload]), checkAt: 6, check: s.check ?? 'valid', damage: (s.damage ?? []).map((d) => 8 + d) };
}

/** Writes the segment's checksum given the sum of its pseudo-header without and with the length. */
function finishSegment(seg: Segment, pseudoNoLength: number, length: number): Buffer {
  const b = Buffer.from(seg.bytes);
  b.writeUInt16BE(0, seg.checkAt);
  const pseudo = pseudoNoLength + Math.floor(length / 0x10000) + (length % 0x10000);
  let value: number;
  if (seg.check === 'valid') {
    value = checksumOf(pseudo + sumWords(b, 0, b.length));
    // RFC 768: a computed UDP checksum of 0 is sent as all ones.
    if (seg.protocol === 17 && value === 0) value = 0xffff;
  } else if (seg.check === 'offload') value = fold(pseudo);
  else if (seg.check === 'offload-nolen') value = fold(pseudoNoLength);
  else if (seg.check === 'zero') value = 0;
  else value = seg.check;
  b.writeUInt16BE(value, seg.checkAt);
  for (const d of seg.damage) b[d]! ^= 0xff;
  return b;
}

function isSegment(p: Segment | RawPayload): p is Segment {
  return 'checkAt' in p;
}

export function ipv4Address(a: string): Buffer {
  return Buffer.from(a.split('.').map(Number));
}

/** RFC 5952 or any valid text form; '::' expands to zero groups. */
export function ipv6Address(a: string): Buffer {
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const h = head === '' ? [] : head!.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

export interface Ipv4Spec {
  src: string;
  dst: string;
  ttl?: number;
  id?: number;
  tos?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** Offset of this fragment in bytes (a multiple of 8). */
  fragmentOffset?: number;
  /** Raw option bytes, padded here to a multiple of 4. */
  options?: Buffer;
  /** Total length 0, as Linux writes TSO/BIG TCP super-packets. */
  totalLengthZero?: boolean;
  /** A wrong header checksum instead of the right one. */
  headerChecksum?: number;
}

/** Sum of the IPv4 pseudo-header without its length: addresses and protocol. */
function pseudo4(src: Buffer, dst: Buffer, protocol: number): number {
  return sumWords(Buffer.concat([src, dst, Buffer.from([0, protocol])]), 0, 10);
}

export function ipv4(s: Ipv4Spec, payload: Segment | RawPayload): Buffer {
  const src = ipv4Address(s.src);
  const dst = ipv4Address(s.dst);
  const body = isSegment(payload) ? finishSegment(payload, pseudo4(src, dst, payload.protocol), payload.bytes.length) : payload.bytes;
  return ipv4Header(s, src, dst, payload.protocol, body);
}

function ipv4Header(s: Ipv4Spec, src: Buffer, dst: Buffer, protocol: number, body: Buffer): Buffer {
  const opts = pad4(s.options ?? Buffer.alloc(0));
  const h = Buffer.alloc(20 + opts.length);
  h[0] = 0x40 | (h.length / 4);
  h[1] = s.tos ?? 0;
  const total = h.length + body.length;
  h.writeUInt16BE(s.totalLengthZero || total > 0xffff ? 0 : total, 2);
  h.writeUInt16BE(s.id ?? 0, 4);
  h.writeUInt16BE((s.dontFragment ? 0x4000 : 0) | (s.moreFragments ? 0x2000 : 0) | ((s.fragmentOffset ?? 0) / 8), 6);
  h[8] = s.ttl ?? 64;
  h[9] = protocol;
  src.copy(h, 12);
  dst.copy(h, 16);
  opts.copy(h, 20);
  h.writeUInt16BE(s.headerChecksum ?? checksumOf(sumWords(h, 0, h.length)), 10);
  return Buffer.concat([h, body]);
}

/** Splits a finished datagram's payload into IPv4 fragments of at most `size` bytes (multiple of 8). */
export function ipv4Fragments(s: Ipv4Spec, payload: Segment | RawPayload, size: number): Buffer[] {
  const whole = ipv4(s, payload);
  const body = whole.subarray(whole.length - payload.bytes.length);
  const src = ipv4Address(s.src);
  const dst = ipv4Address(s.dst);
  const out: Buffer[] = [];
  for (let at = 0; at < body.length; at += size) {
    const part = body.subarray(at, Math.min(body.length, at + size));
    out.push(ipv4Header({ ...s, fragmentOffset: at, moreFragments: at + size < body.length }, src, dst, payload.protocol, part));
  }
  return out;
}

/** An IPv6 extension header: options (hop-by-hop, destination), routing (type, segments left 0) or fragment. */
export type Ipv6Extension =
  | { type: 'hop-by-hop' | 'destination'; options: Buffer }
  | { type: 'routing'; routingType: number; addresses: string[] }
  | { type: 'fragment'; offset: number; more: boolean; id: number };

export interface Ipv6Spec {
  src: string;
  dst: string;
  hopLimit?: number;
  flowLabel?: number;
  extensions?: Ipv6Extension[];
  /** Add a hop-by-hop Jumbo Payload option (RFC 2675) and write payload length 0. */
  jumbo?: boolean;
  /** Payload length 0 without a jumbo option, as Linux BIG TCP writes it. */
  payloadLengthZero?: boolean;
}

const EXT_CODE = { 'hop-by-hop': 0, routing: 43, fragment: 44, destination: 60 } as const;

/** PadN filling an options area to a multiple of 8 with its 2-byte header. */
function padOptions(opts: Buffer): Buffer {
  const need = (8 - ((opts.length + 2) % 8)) % 8;
  if (need === 0) return opts;
  if (need === 1) return Buffer.concat([opts, Buffer.from([0])]);
  return Buffer.concat([opts, Buffer.from([1, need - 2]), Buffer.alloc(need - 2)]);
}

function extensionBody(e: Ipv6Extension): Buffer {
  switch (e.type) {
    case 'hop-by-hop':
    case 'destination':
      return padOptions(e.options);
    case 'routing': {
      const b = Buffer.alloc(6 + 16 * e.addresses.length);
      b[0] = e.routingType;
      e.addresses.forEach((a, i) => ipv6Address(a).copy(b, 6 + 16 * i));
      return b;
    }
    case 'fragment': {
      const b = Buffer.alloc(6);
      b.writeUInt16BE(e.offset | (e.more ? 1 : 0), 0);
      b.writeUInt32BE(e.id, 2);
      return b;
    }
  }
}

/** The hop-by-hop option of a jumbogram: type 0xC2, length 4, the payload length (32 bits). */
export function jumboOption(length: number): Buffer {
  const b = Buffer.from([0xc2, 4, 0, 0, 0, 0]);
  b.writeUInt32BE(length, 2);
  return b;
}

export function ipv6(s: Ipv6Spec, payload: Segment | RawPayload): Buffer {
  const src = ipv6Address(s.src);
  const dst = ipv6Address(s.dst);
  const body = isSegment(payload) ? finishSegment(payload, sumWords(Buffer.concat([src, dst, Buffer.from([0, payload.protocol])]), 0, 34), payload.bytes.length) : payload.bytes;
  const exts = [...(s.extensions ?? [])];
  // The jumbo option's length counts every extension header too: fill it in once they are built.
  if (s.jumbo) exts.unshift({ type: 'hop-by-hop', options: jumboOption(0) });
  const codes = exts.map((e) => EXT_CODE[e.type]);
  const parts = exts.map((e, i) => {
    const b = extensionBody(e);
    const h = Buffer.concat([Buffer.from([i + 1 < codes.length ? codes[i + 1]! : payload.protocol, 0]), b]);
    h[1] = h.length / 8 - 1;
    return h;
  });
  const ext = Buffer.concat(parts);
  const payloadLength = ext.length + body.length;
  if (s.jumbo) ext.writeUInt32BE(payloadLength, 4);
  const h = Buffer.alloc(40);
  h.writeUInt32BE((6 << 28) | (s.flowLabel ?? 0), 0);
  h.writeUInt16BE(s.jumbo || s.payloadLengthZero || payloadLength > 0xffff ? 0 : payloadLength, 4);
  h[6] = codes.length > 0 ? codes[0]! : payload.protocol;
  h[7] = s.hopLimit ?? 64;
  src.copy(h, 8);
  dst.copy(h, 24);
  return Buffer.concat([h, ext, body]);
}

export interface EthernetSpec {
  src: string;
  dst: string;
  /** Tags outermost first: TPID 0x8100, 0x88a8 or 0x9100 and VLAN id. */
  vlans?: { tpid: number; vid: number; pcp?: number }[];
}

function mac(m: string): Buffer {
  return Buffer.from(m.split(':').map((x) => parseInt(x, 16)));
}

export function ethernet(s: EthernetSpec, etherType: number, payload: Buffer): Buffer {
  const tags = (s.vlans ?? []).map((v) => {
    const t = Buffer.alloc(4);
    t.writeUInt16BE(v.tpid, 0);
    t.writeUInt16BE(((v.pcp ?? 0) << 13) | v.vid, 2);
    return t;
  });
  const type = Buffer.alloc(2);
  type.writeUInt16BE(etherType, 0);
  const frame = Buffer.concat([mac(s.dst), mac(s.src), ...tags, type, payload]);
  // Ethernet pads frames to 60 bytes (64 with the FCS the capture does not show).
  return frame.length >= 60 ? frame : Buffer.concat([frame, Buffer.alloc(60 - frame.length)]);
}

/** An ARP request or reply for IPv4 over Ethernet (RFC 826). */
export function arp(op: 1 | 2, senderMac: string, senderIp: string, targetMac: string, targetIp: string): Buffer {
  const b = Buffer.alloc(28);
  b.writeUInt16BE(1, 0);
  b.writeUInt16BE(ETH_IPV4, 2);
  b[4] = 6;
  b[5] = 4;
  b.writeUInt16BE(op, 6);
  mac(senderMac).copy(b, 8);
  ipv4Address(senderIp).copy(b, 14);
  mac(targetMac).copy(b, 18);
  ipv4Address(targetIp).copy(b, 24);
  return b;
}

/** VXLAN header (RFC 7348) with the I flag and a 24-bit VNI, before an inner Ethernet frame. */
export function vxlan(vni: number, innerFrame: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h[0] = 0x08;
  h.writeUInt32BE(vni << 8, 4);
  return Buffer.concat([h, innerFrame]);
}

export interface GeneveOptionSpec {
  optionClass: number;
  type: number;
  /** Data, a multiple of 4 bytes. */
  data: Buffer;
}

/** Geneve header (RFC 8926) with TLV options before an Ethernet frame (0x6558) or IP packet. */
export function geneve(vni: number, protocol: number, inner: Buffer, options: GeneveOptionSpec[] = []): Buffer {
  const opts = options.map((o) => {
    const h = Buffer.alloc(4);
    h.writeUInt16BE(o.optionClass, 0);
    h[2] = o.type;
    h[3] = o.data.length / 4;
    return Buffer.concat([h, o.data]);
  });
  const optBytes = Buffer.concat(opts);
  const h = Buffer.alloc(8);
  h[0] = optBytes.length / 4;
  h.writeUInt16BE(protocol, 2);
  h.writeUInt32BE(vni << 8, 4);
  return Buffer.concat([h, optBytes, inner]);
}

/** GRE header (RFC 2784/2890) with optional checksum, key and sequence number. */
export function gre(protocol: number, inner: Buffer, o: { key?: number; seq?: number; checksum?: boolean } = {}): RawPayload {
  const words: Buffer[] = [];
  let flags = 0;
  if (o.checksum) {
    flags |= 0x8000;
    words.push(Buffer.alloc(4));
  }
  if (o.key !== undefined) {
    flags |= 0x2000;
    const k = Buffer.alloc(4);
    k.writeUInt32BE(o.key >>> 0, 0);
    words.push(k);
  }
  if (o.seq !== undefined) {
    flags |= 0x1000;
    const q = Buffer.alloc(4);
    q.writeUInt32BE(o.seq >>> 0, 0);
    words.push(q);
  }
  const h = Buffer.alloc(4);
  h.writeUInt16BE(flags, 0);
  h.writeUInt16BE(protocol, 2);
  const b = Buffer.concat([h, ...words, inner]);
  if (o.checksum) b.writeUInt16BE(checksumOf(sumWords(b, 0, b.length)), 4);
  return { protocol: 47, bytes: b };
}

/** NVGRE (RFC 7637): GRE with key = 24-bit VSID and 8-bit FlowID, carrying Ethernet. */
export function nvgre(vsid: number, flowId: number, innerFrame: Buffer): RawPayload {
  return gre(ETH_TEB, innerFrame, { key: ((vsid << 8) | flowId) >>> 0 });
}

/**
 * The bytes of `packet` with the 16-bit checksum at `at` taken from `source`, the same packet built
 * otherwise: for Local Checksum Offload (Linux Documentation/networking/checksum-offloads.rst), the
 * outer UDP checksum of the packet with its inner checksum finished, on the packet whose inner
 * checksum is still the pseudo-header sum.
 */
export function checksumFrom(source: Buffer, packet: Buffer, at: number): Buffer {
  const b = Buffer.from(packet);
  source.copy(b, at, at, at + 2);
  return b;
}

/** An ICMP echo request (8) or reply (0), RFC 792: its checksum covers the message alone. */
export function icmpEcho(type: 0 | 8, id: number, seq: number, data: Buffer): RawPayload {
  const b = Buffer.concat([Buffer.from([type, 0, 0, 0, id >> 8, id & 0xff, seq >> 8, seq & 0xff]), data]);
  b.writeUInt16BE(checksumOf(sumWords(b, 0, b.length)), 2);
  return { protocol: 1, bytes: b };
}

/** An ICMPv6 echo request (128) or reply (129), RFC 4443: finished over the IPv6 pseudo-header, like a segment. */
export function icmpv6Echo(type: 128 | 129, id: number, seq: number, data: Buffer): Segment {
  const b = Buffer.concat([Buffer.from([type, 0, 0, 0, id >> 8, id & 0xff, seq >> 8, seq & 0xff]), data]);
  return { protocol: 58, bytes: b, checkAt: 2, check: 'valid', damage: [] };
}

/** Linux cooked header v1 (LINKTYPE_LINUX_SLL): packet type 0 to the host ... 4 outgoing. */
export function sll(packetType: number, protocol: number, payload: Buffer, linkAddr = '02:00:00:00:00:01'): Buffer {
  const h = Buffer.alloc(16);
  h.writeUInt16BE(packetType, 0);
  h.writeUInt16BE(1, 2);
  h.writeUInt16BE(6, 4);
  mac(linkAddr).copy(h, 6);
  h.writeUInt16BE(protocol, 14);
  return Buffer.concat([h, payload]);
}

/** Linux cooked header v2 (LINKTYPE_LINUX_SLL2), as `tcpdump -i any` writes it. */
export function sll2(packetType: number, protocol: number, ifIndex: number, payload: Buffer, linkAddr = '02:00:00:00:00:01'): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(protocol, 0);
  h.writeUInt32BE(ifIndex, 4);
  h.writeUInt16BE(1, 8);
  h[10] = packetType;
  h[11] = 6;
  mac(linkAddr).copy(h, 12);
  return Buffer.concat([h, payload]);
}

/** BSD loopback header: the address family, host byte order (LINKTYPE_NULL) or big-endian (LINKTYPE_LOOP). */
export function loopback(family: number, payload: Buffer, bigEndian: boolean): Buffer {
  const h = Buffer.alloc(4);
  if (bigEndian) h.writeUInt32BE(family, 0);
  else h.writeUInt32LE(family, 0);
  return Buffer.concat([h, payload]);
}

function pad4(b: Buffer): Buffer {
  const pad = (4 - (b.length % 4)) % 4;
  return pad === 0 ? b : Buffer.concat([b, Buffer.alloc(pad)]);
}

/** Deterministic filler bytes (a linear congruential sequence) so captures are reproducible. */
export function pattern(length: number, seed: number): Buffer {
  const b = Buffer.alloc(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

// The state one frame's decoding shares across protocol decoders: the bytes, how much of the
// frame was captured versus sent, and the result being filled in.

import type { ControlMessage, DecodedPacket, DecodeOptions, IpHeader, L4Header, TcpHeader, TunnelHeader } from './types.js';
import { be16 } from '../binary/be.js';

export interface Frame {
  buf: Buffer;
  /** Bytes actually captured (buf.length). */
  capEnd: number;
  /** Where the frame ends on the wire, possibly beyond capEnd. */
  wireEnd: number;
  options: DecodeOptions;
  /** Whether out.layers gets the headers' names (decodePacket's do; the Analyzer's reused decoder reads none, and the pushes showed in profiles). */
  names: boolean;
  /** options' tunnel ports as one table (tunnelPorts()). */
  ports: Uint8Array;
  out: DecodedPacket;
  /** Headers entered inside others so far (tunnels, Ethernet in Ethernet): every path back into a decoder counts here. */
  nested: number;
  /** Header objects of earlier frames to fill again (a reused decoder), or undefined for fresh ones. */
  pool: HeaderPool | undefined;
}

/** Names a header in out.layers, where the decoder keeps names (`names`). */
export function addLayer(f: Frame, name: string): void {
  if (f.names) f.out.layers.push(name);
}

export const PORT_VXLAN = 1;
export const PORT_GENEVE = 2;
const portTables = new WeakMap<DecodeOptions, Uint8Array>();

/** What each UDP destination port carries under these options (0, PORT_VXLAN, PORT_GENEVE): one table load, where two Set lookups per datagram showed in profiles. */
export function tunnelPorts(options: DecodeOptions): Uint8Array {
  let t = portTables.get(options);
  if (t === undefined) {
    t = new Uint8Array(65536);
    // VXLAN last: a port declared both is VXLAN, as decodeUdp asked first.
    for (const p of options.genevePorts) t[p] = PORT_GENEVE;
    for (const p of options.vxlanPorts) t[p] = PORT_VXLAN;
    portTables.set(options, t);
  }
  return t;
}

/** Header objects a reused decoder fills frame after frame; TCP and UDP apart, since only TCP's carry `tcp`. */
export interface HeaderPool {
  ip: IpHeader[];
  tcp: L4Header[];
  udp: L4Header[];
  tunnels: TunnelHeader[];
  control: ControlMessage | undefined;
  tcpUsed: number;
  udpUsed: number;
}

export function emptyPool(): HeaderPool {
  return { ip: [], tcp: [], udp: [], tunnels: [], control: undefined, tcpUsed: 0, udpUsed: 0 };
}

/** The next IP header of the frame, appended to out.ip: the caller sets every field. */
export function nextIp(f: Frame): IpHeader {
  const pool = f.pool;
  let h = pool?.ip[f.out.ip.length];
  if (h === undefined) {
    h = { version: 4, depth: 0, offset: 0, headerLength: 0, src: '', dst: '', protocol: 0, payloadLength: 0, lengthFromFrame: false, jumbo: false, ttl: 0, id: 0, fragment: false, fragmentOffset: 0, pseudoSrc: 0, pseudoDst: 0 };
    pool?.ip.push(h);
  }
  f.out.ip.push(h);
  return h;
}

/** The next TCP header of the frame, appended to out.l4 with its `tcp` part: the caller sets every field. */
export function nextTcp(f: Frame): L4Header & { tcp: TcpHeader } {
  const pool = f.pool;
  let h = pool?.tcp[pool.tcpUsed] as (L4Header & { tcp: TcpHeader }) | undefined;
  if (h === undefined) {
    // One literal, not a spread: a spread copy gets a slow, dictionary-like shape in V8.
    h = {
      protocol: 'tcp',
      depth: 0,
      ipIndex: 0,
      offset: 0,
      srcPort: 0,
      dstPort: 0,
      length: 0,
      payloadOffset: 0,
      payloadLength: 0,
      truncated: false,
      carrier: false,
      tcp: { seq: 0, ack: 0, flags: 0, window: 0, headerLength: 0, optionsOffset: 0 },
    };
    pool?.tcp.push(h);
  }
  if (pool !== undefined) pool.tcpUsed++;
  f.out.l4.push(h);
  return h;
}

/** The next UDP header of the frame, appended to out.l4: the caller sets every field. */
export function nextUdp(f: Frame): L4Header {
  const pool = f.pool;
  let h = pool?.udp[pool.udpUsed];
  if (h === undefined) {
    h = blankL4('udp');
    pool?.udp.push(h);
  }
  if (pool !== undefined) pool.udpUsed++;
  f.out.l4.push(h);
  return h;
}

function blankL4(protocol: 'udp'): L4Header {
  return { protocol, depth: 0, ipIndex: 0, offset: 0, srcPort: 0, dstPort: 0, length: 0, payloadOffset: 0, payloadLength: 0, truncated: false, carrier: false };
}

/** The next tunnel header of the frame, appended to out.tunnels: the caller sets every field. */
export function nextTunnel(f: Frame): TunnelHeader {
  const pool = f.pool;
  let h = pool?.tunnels[f.out.tunnels.length];
  if (h === undefined) {
    h = { kind: 'vxlan', depth: 0, vni: undefined, outerSrc: '', outerDst: '', offset: 0 };
    pool?.tunnels.push(h);
  }
  f.out.tunnels.push(h);
  return h;
}

/** The frame's control message, set as out.control: the caller sets every field. */
export function nextControl(f: Frame): ControlMessage {
  const pool = f.pool;
  let m = pool?.control;
  if (m === undefined) {
    m = { protocol: 'icmp', depth: 0, ipIndex: 0, offset: 0, length: 0, type: 0, code: 0, error: false, truncated: false };
    if (pool !== undefined) pool.control = m;
  }
  f.out.control = m;
  return m;
}

/**
 * Counts one more nested header; returns false and marks the frame past options.maxDepth. Each
 * decoder path that can lead back into a decoder passes here, so no crafted frame (thousands of
 * nested headers within one snaplen) can exhaust the stack.
 */
export function nest(f: Frame, what: string): boolean {
  if (f.nested >= f.options.maxDepth) {
    f.out.invalid = `${what} nested deeper than ${f.options.maxDepth}`;
    return false;
  }
  f.nested++;
  return true;
}

/**
 * A region [off, claimedEnd) claimed by some header: returns false and marks the frame when the
 * claim is beyond what was sent (invalid) — claims beyond what was captured only mark truncation.
 */
export function claim(f: Frame, what: string, off: number, claimedEnd: number, regionWireEnd: number): boolean {
  if (claimedEnd > regionWireEnd) {
    f.out.invalid = `${what} claims ${claimedEnd - off} bytes but only ${Math.max(0, regionWireEnd - off)} follow`;
    return false;
  }
  return true;
}

/** Checks that n header bytes at off were captured; marks truncation (or invalid when not even sent). */
export function haveHeader(f: Frame, what: string, off: number, n: number, regionWireEnd: number): boolean {
  if (off + n <= f.capEnd && off + n <= regionWireEnd) return true;
  if (off + n > regionWireEnd) f.out.invalid = `${what} header needs ${n} bytes, only ${Math.max(0, regionWireEnd - off)} follow`;
  else f.out.truncated = true;
  return false;
}

// The same few addresses recur in every frame of a capture: format each once.
const ipv4Cache = new Map<number, string>();
const IPV4_CACHE_MAX = 65536;

// A direct-mapped cache in front of the map: its lookups hash a number far slower than this.
const RECENT_SLOTS = 256;
const recentKeys = new Int32Array(RECENT_SLOTS);
const recentStrings = new Array<string | undefined>(RECENT_SLOTS).fill(undefined);

export function ipv4String(buf: Buffer, off: number): string {
  // A signed 32-bit key read inline: be32's unsigned result above 2^30 is no small integer and was boxed per address.
  const key = (buf[off]! << 24) | (buf[off + 1]! << 16) | (buf[off + 2]! << 8) | buf[off + 3]!;
  const slot = (key ^ (key >>> 16)) & (RECENT_SLOTS - 1);
  const recent = recentStrings[slot];
  if (recent !== undefined && recentKeys[slot] === key) return recent;
  let s = ipv4Cache.get(key);
  if (s === undefined) {
    if (ipv4Cache.size >= IPV4_CACHE_MAX) ipv4Cache.clear();
    s = `${buf[off]}.${buf[off + 1]}.${buf[off + 2]}.${buf[off + 3]}`;
    ipv4Cache.set(key, s);
  }
  recentKeys[slot] = key;
  recentStrings[slot] = s;
  return s;
}

/** RFC 5952 text form: lower case, longest run of zero groups (two or more) shortened to ::. */
export function ipv6String(buf: Buffer, off: number): string {
  const g: number[] = [];
  for (let i = 0; i < 8; i++) g.push(be16(buf, off + i * 2));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]): string => a.map((x) => x.toString(16)).join(':');
  if (bestStart < 0) return hex(g);
  return `${hex(g.slice(0, bestStart))}::${hex(g.slice(bestStart + bestLen))}`;
}

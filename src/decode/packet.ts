// Entry point of decoding: picks the link-layer decoder from the record's link type
// (https://www.tcpdump.org/linktypes.html) and returns every header found in the frame.

import { decodeEthernet } from './ethernet.js';
import { addLayer, emptyPool, tunnelPorts, type Frame } from './frame.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeLoopback } from './loopback.js';
import { decodeSll, decodeSll2 } from './sll.js';
import { DEFAULT_DECODE_OPTIONS, type DecodedPacket, type DecodeOptions, type L4Header } from './types.js';

export const LINKTYPE_NULL = 0;
export const LINKTYPE_ETHERNET = 1;
export const LINKTYPE_RAW = 101;
export const LINKTYPE_LOOP = 108;
export const LINKTYPE_LINUX_SLL = 113;
export const LINKTYPE_IPV4 = 228;
export const LINKTYPE_IPV6 = 229;
export const LINKTYPE_LINUX_SLL2 = 276;
// DLT_RAW's value on some BSDs, which older files carry in the link-type field.
const DLT_RAW_BSD = new Set([12, 14]);

export function isSupportedLinkType(linkType: number): boolean {
  return (
    linkType === LINKTYPE_NULL ||
    linkType === LINKTYPE_ETHERNET ||
    linkType === LINKTYPE_RAW ||
    linkType === LINKTYPE_LOOP ||
    linkType === LINKTYPE_LINUX_SLL ||
    linkType === LINKTYPE_LINUX_SLL2 ||
    linkType === LINKTYPE_IPV4 ||
    linkType === LINKTYPE_IPV6 ||
    DLT_RAW_BSD.has(linkType)
  );
}

/** The innermost TCP/UDP header that is not itself a tunnel carrier: the frame's "segment". */
export function innermostSegment(pkt: DecodedPacket): L4Header | undefined {
  for (let i = pkt.l4.length - 1; i >= 0; i--) if (!pkt.l4[i]!.carrier) return pkt.l4[i];
  return undefined;
}

/** Decodes one frame; data is captured bytes, wireLen the frame's length on the wire. */
export function decodePacket(linkType: number, data: Buffer, wireLen: number, options: DecodeOptions = DEFAULT_DECODE_OPTIONS): DecodedPacket {
  const out: DecodedPacket = { layers: [], ip: [], l4: [], tunnels: [], control: undefined, truncated: false };
  decodeFrame({ buf: data, capEnd: data.length, wireEnd: Math.max(wireLen, data.length), options, names: true, ports: tunnelPorts(options), out, nested: 0, pool: undefined }, linkType, 0);
  return out;
}

/**
 * Decodes frame after frame into one DecodedPacket and the same header objects, so a long capture
 * allocates nothing per frame: what decode() returns is valid only until its next call.
 */
export class PacketDecoder {
  private readonly out: DecodedPacket = { layers: [], ip: [], l4: [], tunnels: [], control: undefined, truncated: false };
  private readonly pool = emptyPool();
  private readonly frame: Frame;

  /** `names` false: out.layers stays empty (nothing else differs), for callers that read no header names. */
  constructor(options: DecodeOptions = DEFAULT_DECODE_OPTIONS, names = true) {
    this.frame = { buf: Buffer.alloc(0), capEnd: 0, wireEnd: 0, options, names, ports: tunnelPorts(options), out: this.out, nested: 0, pool: this.pool };
  }

  decode(linkType: number, data: Buffer, wireLen: number): DecodedPacket {
    return this.decodeAt(linkType, data, 0, data.length, wireLen);
  }

  /**
   * decode() of the frame at buf[start, start + capLen), without a view of it: every offset in the
   * result is then one in buf.
   */
  decodeAt(linkType: number, buf: Buffer, start: number, capLen: number, wireLen: number): DecodedPacket {
    const out = this.out;
    // pop() keeps the arrays' storage; setting length to 0 would allocate it again per frame.
    while (out.layers.length > 0) out.layers.pop();
    while (out.ip.length > 0) out.ip.pop();
    while (out.l4.length > 0) out.l4.pop();
    while (out.tunnels.length > 0) out.tunnels.pop();
    out.control = undefined;
    out.truncated = false;
    out.invalid = undefined;
    out.linkDirection = undefined;
    this.pool.tcpUsed = 0;
    this.pool.udpUsed = 0;
    const f = this.frame;
    // Stored only when it changes: storing a young batch buffer into the old frame calls the write barrier.
    if (f.buf !== buf) f.buf = buf;
    f.capEnd = start + capLen;
    f.wireEnd = start + Math.max(wireLen, capLen);
    f.nested = 0;
    decodeFrame(f, linkType, start);
    return out;
  }
}

/** Decodes the frame that starts at `start` in f.buf. */
function decodeFrame(f: Frame, linkType: number, start: number): void {
  const end = f.wireEnd;
  switch (linkType) {
    case LINKTYPE_ETHERNET:
      decodeEthernet(f, start, end, 0);
      break;
    case LINKTYPE_LINUX_SLL:
      decodeSll(f, start, end);
      break;
    case LINKTYPE_LINUX_SLL2:
      decodeSll2(f, start, end);
      break;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP:
      decodeLoopback(f, start, end, linkType === LINKTYPE_LOOP);
      break;
    case LINKTYPE_IPV4:
      decodeIpv4(f, start, end, 0);
      break;
    case LINKTYPE_IPV6:
      decodeIpv6(f, start, end, 0);
      break;
    default:
      if (linkType === LINKTYPE_RAW || DLT_RAW_BSD.has(linkType)) decodeRaw(f, start, end);
      else addLayer(f, `linktype-${linkType}`);
  }
}

function decodeRaw(f: Frame, start: number, end: number): void {
  if (f.capEnd === start) {
    f.out.truncated = true;
    return;
  }
  const version = f.buf[start]! >> 4;
  if (version === 4) decodeIpv4(f, start, end, 0);
  else if (version === 6) decodeIpv6(f, start, end, 0);
  else f.out.invalid = `raw IP packet with version ${version}`;
}

// What decoding one frame yields: the headers found, outermost first, with the byte offsets the
// checksum stage needs, and whether the frame ended early (truncated) or lied (invalid).

export type TunnelKind = 'vxlan' | 'geneve' | 'gre' | 'nvgre' | 'ipip';

export interface IpHeader {
  version: 4 | 6;
  depth: number;
  /** Offset of the IP header in the frame. */
  offset: number;
  headerLength: number;
  src: string;
  dst: string;
  /** Upper-layer protocol after extension headers. */
  protocol: number;
  /** Upper-layer length the header claims, or derived from the frame for TSO/BIG TCP. */
  payloadLength: number;
  /** IPv4 total length 0 or IPv6 payload length 0 without a jumbo option: a GSO/BIG TCP packet. */
  lengthFromFrame: boolean;
  jumbo: boolean;
  ttl: number;
  /** IPv4 identification (IPv6: fragment identification or 0). */
  id: number;
  fragment: boolean;
  /** First fragment offset in bytes (0 for unfragmented). */
  fragmentOffset: number;
  /** Offset of the address the upper-layer pseudo-header takes as source: IPv6's Home Address option when present (RFC 6275 §6.3). */
  pseudoSrc: number;
  /** Offset of the address the pseudo-header takes as destination: the final one of a Routing header with segments left (RFC 8200 §8.1). */
  pseudoDst: number;
}

export interface TcpHeader {
  seq: number;
  ack: number;
  flags: number;
  window: number;
  headerLength: number;
  optionsOffset: number;
}

export interface L4Header {
  protocol: 'tcp' | 'udp';
  depth: number;
  /** Index into DecodedPacket.ip of the enclosing IP header. */
  ipIndex: number;
  offset: number;
  srcPort: number;
  dstPort: number;
  /** TCP/UDP length covered by the checksum (header + payload). */
  length: number;
  payloadOffset: number;
  payloadLength: number;
  /** The checksum covers bytes not in the capture. */
  truncated: boolean;
  tcp?: TcpHeader;
  /** This UDP datagram carries a tunnel (VXLAN/Geneve) whose contents were decoded. */
  carrier: boolean;
}

export type MessageProtocol = 'icmp' | 'icmpv6' | 'igmp';

/** An ICMP, ICMPv6 or IGMP message: its checksum covers the rest of the IP payload. */
export interface ControlMessage {
  protocol: MessageProtocol;
  depth: number;
  /** Index into DecodedPacket.ip of the enclosing IP header. */
  ipIndex: number;
  offset: number;
  /** Bytes the checksum covers: the message to the end of the IP payload. */
  length: number;
  type: number;
  code: number;
  /** An error message: the packet it quotes is not decoded (it is not a live segment). */
  error: boolean;
  /** The checksum covers bytes not in the capture. */
  truncated: boolean;
}

export interface TunnelHeader {
  kind: TunnelKind;
  /** Depth of the packet inside this tunnel (1 for the first tunnel). */
  depth: number;
  /** VNI (VXLAN/Geneve), VSID (NVGRE) or GRE key. */
  vni?: number;
  outerSrc: string;
  outerDst: string;
  offset: number;
}

export interface DecodedPacket {
  /** Short names of the headers, outermost first, e.g. eth ipv4 udp vxlan eth ipv4 tcp. */
  layers: string[];
  ip: IpHeader[];
  l4: L4Header[];
  tunnels: TunnelHeader[];
  /** The ICMP, ICMPv6 or IGMP message that ends the frame, if any. */
  control: ControlMessage | undefined;
  /** Direction from the link layer (SLL/SLL2 packet type) when the record carried none. */
  linkDirection?: 'inbound' | 'outbound';
  /** The frame ended before a header the decoder needed (snaplen). */
  truncated: boolean;
  /** A header that contradicts itself or the frame; decoding stopped there. */
  invalid?: string;
}

export interface DecodeOptions {
  vxlanPorts: ReadonlySet<number>;
  genevePorts: ReadonlySet<number>;
  /** Maximum tunnel nesting decoded, against crafted packets nesting forever. */
  maxDepth: number;
}

export const DEFAULT_DECODE_OPTIONS: DecodeOptions = {
  vxlanPorts: new Set([4789, 8472]),
  genevePorts: new Set([6081]),
  maxDepth: 8,
};

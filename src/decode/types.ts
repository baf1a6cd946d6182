// What decoding one frame yields: the headers found, outermost first, with the byte offsets the
// checksum stage needs, and whether the frame ended early (truncated) or lied (invalid).

export const TUNNEL_KINDS = ['vxlan', 'geneve', 'gre', 'nvgre', 'ipip'] as const;
export type TunnelKind = (typeof TUNNEL_KINDS)[number];

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
  /** Direction from the link layer (SLL/SLL2 packet type) when the record carried none. */
  linkDirection?: 'inbound' | 'outbound';
  /** The frame ended before a header the decoder needed (snaplen). */
  truncated: boolean;
  /** A header that contradicts itself or the frame, or nests past options.maxDepth; decoding stopped there. */
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

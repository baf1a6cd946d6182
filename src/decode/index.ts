export { decodePacket, innermostSegment, isSupportedLinkType, PacketDecoder, LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW, LINKTYPE_NULL, LINKTYPE_LOOP, LINKTYPE_IPV4, LINKTYPE_IPV6 } from './packet.js';
export { tcpOptions, TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, type TcpOption } from './tcp.js';
export { geneveOptions } from './geneve.js';
export { sequenceEnd, sequenceLength, seqAfter, seqAtOrAfter } from './tcp-seq.js';
export { DEFAULT_DECODE_OPTIONS, type ControlMessage, type DecodedPacket, type DecodeOptions, type IpHeader, type L4Header, type MessageProtocol, type TunnelHeader, type TunnelKind } from './types.js';

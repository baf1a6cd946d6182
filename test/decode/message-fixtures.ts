// ICMP, ICMPv6 and IGMP packets written field by field, with checksums computed by hand: an ICMP
// echo request, an ICMP port unreachable quoting the UDP datagram that caused it, an ICMPv6 echo
// request (its checksum covers the pseudo-header) and an IGMPv2 membership report.

/** IPv4 10.0.0.1 > 10.0.0.2, ICMP echo request id 0x1234 seq 1, "abcdefgh" (36 bytes). */
export const ICMP_ECHO = `
  45 00 00 24  # version 4, IHL 5, TOS 0, total length 36
  00 01 00 00  # identification 1, no flags, fragment offset 0
  40 01 66 d6  # TTL 64, protocol 1 (ICMP), header checksum 0x66d6
  0a 00 00 01  # source 10.0.0.1
  0a 00 00 02  # destination 10.0.0.2
  08           # ICMP type 8 (echo request)
  00           # code 0
  54 35        # checksum 0x5435 (over the message alone)
  12 34        # identifier 0x1234
  00 01        # sequence number 1
  61 62 63 64 65 66 67 68  # data "abcdefgh"
`;

/** IPv4 10.0.0.2 > 10.0.0.1, ICMP port unreachable quoting 10.0.0.1:1234 > 10.0.0.2:5678 UDP (56 bytes). */
export const ICMP_PORT_UNREACHABLE = `
  45 00 00 38  # version 4, IHL 5, TOS 0, total length 56
  00 02 00 00  # identification 2
  40 01 66 c1  # TTL 64, protocol 1 (ICMP), header checksum 0x66c1
  0a 00 00 02  # source 10.0.0.2
  0a 00 00 01  # destination 10.0.0.1
  03           # ICMP type 3 (destination unreachable)
  03           # code 3 (port unreachable)
  e1 f0        # checksum 0xe1f0
  00 00 00 00  # unused
  45 00 00 20 00 01 00 00 40 11 66 ca  # quoted IPv4 header: total length 32, protocol 17, checksum 0x66ca
  0a 00 00 01 0a 00 00 02              #   10.0.0.1 > 10.0.0.2
  04 d2 16 2e 00 0c 00 00              # quoted first 8 bytes: UDP 1234 > 5678, length 12, checksum 0
`;

/** IPv6 fd00::1 > fd00::2, ICMPv6 echo request id 0x1234 seq 1, "abcd" (52 bytes). */
export const ICMPV6_ECHO = `
  60 00 00 00  # version 6, traffic class 0, flow label 0
  00 0c        # payload length 12
  3a           # next header 58 (ICMPv6)
  40           # hop limit 64
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  # source fd00::1
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02  # destination fd00::2
  80           # ICMPv6 type 128 (echo request)
  00           # code 0
  ae b8        # checksum 0xaeb8 (with the pseudo-header; 0xa903 without)
  12 34        # identifier 0x1234
  00 01        # sequence number 1
  61 62 63 64  # data "abcd"
`;

/** IPv4 10.0.0.1 > 224.0.0.251 with Router Alert, IGMPv2 membership report for 224.0.0.251 (32 bytes). */
export const IGMP_REPORT = `
  46 00 00 20  # version 4, IHL 6 (24 bytes), TOS 0, total length 32
  00 00 00 00  # identification 0
  01 02 39 dc  # TTL 1, protocol 2 (IGMP), header checksum 0x39dc
  0a 00 00 01  # source 10.0.0.1
  e0 00 00 fb  # destination 224.0.0.251
  94 04 00 00  # option: Router Alert (RFC 2113)
  16           # IGMP type 0x16 (version 2 membership report)
  00           # max response time 0
  09 04        # checksum 0x0904
  e0 00 00 fb  # group address 224.0.0.251
`;

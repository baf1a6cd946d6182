// IPv6 packets whose upper-layer pseudo-header does not take the header's own addresses: a type 0
// Routing header with segments left (final destination, RFC 8200 §8.1), the same with none left,
// a Segment Routing Header (RFC 8754) and a Home Address option (RFC 6275 §6.3). Each carries
// UDP 12345 > 53 "abcd" (length 12) with the checksum its RFC asks for, computed by hand.

const UDP_ABCD = (check: string): string => `
  30 39 00 35  # UDP source port 12345, destination port 53
  00 0c        # UDP length 12
  ${check}     # UDP checksum
  61 62 63 64  # "abcd"`;

/** Source fd00::1, first hop fd00::2, then fd00::3 and the final destination fd00::4. */
export const ROUTING_TYPE0 = `
  60 00 00 00  # version 6, traffic class 0, flow label 0
  00 34        # payload length 52 (routing header 40 + UDP 12)
  2b           # next header 43 (routing)
  40           # hop limit 64
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  # source fd00::1
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02  # destination fd00::2 (the next hop)
  11           # routing: next header 17 (UDP)
  04           # hdr ext len 4 (40 bytes: two addresses)
  00           # routing type 0
  02           # segments left 2
  00 00 00 00  # reserved
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03  # address 1 fd00::3
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 04  # address 2 fd00::4, the final destination
  ${UDP_ABCD('10 9b  # over fd00::1 > fd00::4')}`;

/** The same packet at its final destination: segments left 0, the header's destination is final. */
export const ROUTING_TYPE0_ARRIVED = `
  60 00 00 00 00 34 2b 40  # version 6, payload length 52, next header 43 (routing), hop limit 64
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  # source fd00::1
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02  # destination fd00::2 (final: nothing left)
  11 04 00 00 00 00 00 00  # routing: next 17, len 4, type 0, segments left 0, reserved
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03  # address 1 fd00::3
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 04  # address 2 fd00::4 (a hop already visited)
  ${UDP_ABCD('10 9d  # over fd00::1 > fd00::2')}`;

/** Segment Routing Header: active segment fd00::3 in the header, Segment List[0] fd00::4 is the last. */
export const ROUTING_SRH = `
  60 00 00 00 00 34 2b 40  # version 6, payload length 52, next header 43 (routing), hop limit 64
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01  # source fd00::1
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03  # destination fd00::3 (active segment)
  11           # next header 17 (UDP)
  04           # hdr ext len 4 (40 bytes)
  04           # routing type 4 (SRH)
  01           # segments left 1
  01           # last entry 1
  00           # flags
  00 00        # tag
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 04  # Segment List[0] fd00::4, the last segment
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 03  # Segment List[1] fd00::3
  ${UDP_ABCD('10 9b  # over fd00::1 > fd00::4')}`;

/** A mobile node away from home: source its care-of address fd00::99, home address fd00:aa::1. */
export const HOME_ADDRESS = `
  60 00 00 00  # version 6, traffic class 0, flow label 0
  00 24        # payload length 36 (destination options 24 + UDP 12)
  3c           # next header 60 (destination options)
  40           # hop limit 64
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 99  # source fd00::99 (care-of address)
  fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02  # destination fd00::2
  11           # destination options: next header 17 (UDP)
  02           # hdr ext len 2 (24 bytes)
  01 02 00 00  # PadN, 2 bytes (the option must start at 8n+6)
  c9           # option type 201: Home Address
  10           # option length 16
  fd 00 00 aa 00 00 00 00 00 00 00 00 00 00 00 01  # home address fd00:aa::1
  ${UDP_ABCD('0f f3  # over fd00:aa::1 > fd00::2')}`;

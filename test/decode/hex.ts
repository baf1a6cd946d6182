// Hex fixtures written one header field per line: `#` starts a comment, whitespace is ignored.

export function hex(text: string): Buffer {
  const digits = text
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .join('')
    .replace(/\s+/g, '');
  if (!/^([0-9a-f]{2})*$/i.test(digits)) throw new Error(`bad hex fixture: ${digits}`);
  return Buffer.from(digits, 'hex');
}

/** IPv4 10.0.0.1 > 10.0.0.2 carrying UDP 1234 > 5678 with "abcd" (32 bytes; checksums not checked by decoders). */
export const IPV4_UDP = `
  45          # version 4, IHL 5 (20 bytes)
  00          # TOS
  00 20       # total length 32
  00 01       # identification 1
  40 00       # flags DF, fragment offset 0
  40          # TTL 64
  11          # protocol 17 (UDP)
  00 00       # header checksum (not checked here)
  0a 00 00 01 # source 10.0.0.1
  0a 00 00 02 # destination 10.0.0.2
  04 d2       # UDP source port 1234
  16 2e       # UDP destination port 5678
  00 0c       # UDP length 12
  00 00       # UDP checksum
  61 62 63 64 # payload "abcd"
`;

/** Ethernet II header 02:00:00:00:00:01 > 02:00:00:00:00:02 without its EtherType. */
export const ETH_ADDRS = `
  02 00 00 00 00 02  # destination MAC
  02 00 00 00 00 01  # source MAC
`;

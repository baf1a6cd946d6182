// How an address and port read in flow ids and tables: 10.0.0.1:80, and [fd00::1]:80 for IPv6
// (RFC 5952 §6), whose colons would otherwise swallow the port.

export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

/** "tcp 10.10.0.1:40000 > 10.10.0.2:5101": the flow id every command uses. */
export function flowId(protocol: string, src: string, srcPort: number, dst: string, dstPort: number): string {
  return `${protocol} ${endpoint(src, srcPort)} > ${endpoint(dst, dstPort)}`;
}

// The header fields of one frame that decoding turns on (EtherTypes, IP header and total lengths,
// protocols, UDP ports and lengths, tunnel headers), found by a short walk through the layers:
// Ethernet/VLAN, Linux cooked, raw IP; IPv4, IPv6; UDP with VXLAN and Geneve, GRE, TCP.

export type FieldKind =
  | 'ethertype'
  | 'ipv4-version-ihl'
  | 'ip-length'
  | 'ip-protocol'
  | 'ipv4-fragment'
  | 'udp-port'
  | 'udp-length'
  | 'tcp-offset'
  | 'vxlan-flags'
  | 'geneve-first'
  | 'gre-flags';

export interface Field {
  off: number;
  /** Bytes: 1 or 2 (big-endian, as on the wire). */
  size: 1 | 2;
  kind: FieldKind;
}

const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW = 101;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_LINUX_SLL2 = 276;
const VLAN_TPIDS = [0x8100, 0x88a8, 0x9100];
/** Tunnels inside tunnels: enough to reach every field of the samples' nested frames. */
const MAX_WALK_DEPTH = 6;

export function fieldsOf(d: Buffer, linkType: number): Field[] {
  const out: Field[] = [];
  const walker = new Walker(d, out);
  if (linkType === LINKTYPE_ETHERNET) walker.ethernet(0, 0);
  else if (linkType === LINKTYPE_LINUX_SLL2) walker.etherType(0, 20, 0);
  else if (linkType === LINKTYPE_LINUX_SLL) walker.etherType(14, 16, 0);
  else if (linkType === LINKTYPE_RAW) walker.ip(0, 0);
  return out;
}

class Walker {
  constructor(
    private readonly d: Buffer,
    private readonly out: Field[],
  ) {}

  private has(off: number, n: number): boolean {
    return off + n <= this.d.length;
  }

  private add(off: number, size: 1 | 2, kind: FieldKind): void {
    if (this.has(off, size)) this.out.push({ off, size, kind });
  }

  ethernet(off: number, depth: number): void {
    let p = off + 12;
    while (this.has(p, 4) && VLAN_TPIDS.includes(this.d.readUInt16BE(p))) {
      this.add(p, 2, 'ethertype');
      p += 4;
    }
    this.etherType(p, p + 2, depth);
  }

  /** The EtherType at `at`, its payload at `payload`. */
  etherType(at: number, payload: number, depth: number): void {
    if (!this.has(at, 2)) return;
    this.add(at, 2, 'ethertype');
    const type = this.d.readUInt16BE(at);
    if (type === 0x0800 || type === 0x86dd) this.ip(payload, depth);
    else if (type === 0x6558 && depth < MAX_WALK_DEPTH) this.ethernet(payload, depth + 1);
  }

  ip(off: number, depth: number): void {
    if (!this.has(off, 1)) return;
    const version = this.d[off]! >> 4;
    if (version === 4 && this.has(off, 20)) {
      this.add(off, 1, 'ipv4-version-ihl');
      this.add(off + 2, 2, 'ip-length');
      this.add(off + 6, 2, 'ipv4-fragment');
      this.add(off + 9, 1, 'ip-protocol');
      this.l4(this.d[off + 9]!, off + (this.d[off]! & 0xf) * 4, depth);
    } else if (version === 6 && this.has(off, 40)) {
      this.add(off + 4, 2, 'ip-length');
      this.add(off + 6, 1, 'ip-protocol');
      this.l4(this.d[off + 6]!, off + 40, depth);
    }
  }

  private l4(protocol: number, off: number, depth: number): void {
    if (protocol === 17 && this.has(off, 8)) {
      this.add(off, 2, 'udp-port');
      this.add(off + 2, 2, 'udp-port');
      this.add(off + 4, 2, 'udp-length');
      const port = this.d.readUInt16BE(off + 2);
      if ((port === 4789 || port === 8472) && this.has(off + 8, 8) && depth < MAX_WALK_DEPTH) {
        this.add(off + 8, 1, 'vxlan-flags');
        this.ethernet(off + 16, depth + 1);
      } else if (port === 6081 && this.has(off + 8, 8) && depth < MAX_WALK_DEPTH) {
        this.add(off + 8, 1, 'geneve-first');
        this.etherType(off + 10, off + 16 + (this.d[off + 8]! & 0x3f) * 4, depth + 1);
      }
    } else if (protocol === 6 && this.has(off, 20)) {
      this.add(off + 12, 1, 'tcp-offset');
    } else if (protocol === 47 && this.has(off, 4) && depth < MAX_WALK_DEPTH) {
      this.add(off, 2, 'gre-flags');
      const flags = this.d.readUInt16BE(off);
      const length = 4 + (flags & 0x8000 ? 4 : 0) + (flags & 0x2000 ? 4 : 0) + (flags & 0x1000 ? 4 : 0);
      this.etherType(off + 2, off + length, depth + 1);
    } else if ((protocol === 4 || protocol === 41) && depth < MAX_WALK_DEPTH) {
      this.ip(off, depth + 1);
    }
  }
}

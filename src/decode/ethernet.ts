// Ethernet II (IEEE 802.3) with stacked IEEE 802.1Q / 802.1ad (QinQ) tags.
//
//   0                   1                   2                   3
//   +-------------------------------+-------------------------------+
//   |                 Destination MAC (6)                           |
//   +                               +-------------------------------+
//   |                               |      Source MAC (6)           |
//   +-------------------------------+                               +
//   |                                                               |
//   +-------------------------------+-------------------------------+
//   | TPID 0x8100/0x88a8/0x9100 (opt)| PCP|D|  VLAN ID (12) (opt)   |  repeated per tag
//   +-------------------------------+-------------------------------+
//   |          EtherType            |  payload ...
//   +-------------------------------+
// An EtherType below 0x0600 is an 802.3 length (LLC follows): not decoded further.

import { addLayer, haveHeader, nest, type Frame } from './frame.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { be16 } from '../binary/be.js';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const ETHERTYPE_IPV6 = 0x86dd;
export const ETHERTYPE_TEB = 0x6558;
const MAX_TAGS = 8;

export function decodeEthernet(f: Frame, off: number, wireEnd: number, depth: number): void {
  if (!haveHeader(f, 'Ethernet', off, 14, wireEnd)) return;
  addLayer(f, 'eth');
  let type = be16(f.buf, off + 12);
  let p = off + 14;
  for (let tags = 0; isVlanTpid(type); tags++) {
    if (tags === MAX_TAGS) {
      f.out.invalid = `more than ${MAX_TAGS} VLAN tags`;
      return;
    }
    if (!haveHeader(f, '802.1Q', p, 4, wireEnd)) return;
    addLayer(f, type === 0x8100 ? 'vlan' : 'qinq');
    type = be16(f.buf, p + 2);
    p += 4;
  }
  // Ethernet right in Ethernet, no tunnel between: bridged frames nested, counted like tunnels.
  if (type === ETHERTYPE_TEB && !nest(f, 'Ethernet in Ethernet')) return;
  decodeEtherType(f, type, p, wireEnd, depth);
}

/** 802.1Q, 802.1ad and the older QinQ 0x9100: compared, not a Set lookup, on every frame's path. */
function isVlanTpid(type: number): boolean {
  return type === 0x8100 || type === 0x88a8 || type === 0x9100;
}

/** Continues with the payload of an EtherType (also used by SLL, GRE and Geneve). */
export function decodeEtherType(f: Frame, type: number, off: number, wireEnd: number, depth: number): void {
  switch (type) {
    case ETHERTYPE_IPV4:
      decodeIpv4(f, off, wireEnd, depth);
      return;
    case ETHERTYPE_IPV6:
      decodeIpv6(f, off, wireEnd, depth);
      return;
    case ETHERTYPE_TEB:
      decodeEthernet(f, off, wireEnd, depth);
      return;
    case ETHERTYPE_ARP:
      addLayer(f, 'arp');
      return;
    default:
      addLayer(f, type < 0x0600 ? 'llc' : `ethertype-0x${type.toString(16).padStart(4, '0')}`);
  }
}

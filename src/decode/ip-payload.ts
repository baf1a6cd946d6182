// Dispatch on the IP protocol number (IANA "Assigned Internet Protocol Numbers") to the
// transport or tunnel decoder that follows an IPv4 or IPv6 header.

import { addLayer, type Frame } from './frame.js';
import { decodeGre } from './gre.js';
import { decodeIcmp } from './icmp.js';
import { decodeIcmpv6 } from './icmpv6.js';
import { decodeIgmp } from './igmp.js';
import { decodeIpv4 } from './ipv4.js';
import { decodeIpv6 } from './ipv6.js';
import { decodeTcp } from './tcp.js';
import { enterTunnel } from './tunnel.js';
import { decodeUdp } from './udp.js';

export const IPPROTO_ICMP = 1;
export const IPPROTO_IGMP = 2;
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;
export const IPPROTO_IPV6 = 41;
export const IPPROTO_GRE = 47;
export const IPPROTO_ICMPV6 = 58;

export function decodeIpPayload(f: Frame, protocol: number, off: number, end: number, depth: number): void {
  switch (protocol) {
    case IPPROTO_TCP:
      decodeTcp(f, off, end, depth);
      return;
    case IPPROTO_UDP:
      decodeUdp(f, off, end, depth);
      return;
    case IPPROTO_GRE:
      decodeGre(f, off, end, depth);
      return;
    case IPPROTO_ICMP:
      decodeIcmp(f, off, end, depth);
      return;
    case IPPROTO_ICMPV6:
      decodeIcmpv6(f, off, end, depth);
      return;
    case IPPROTO_IGMP:
      decodeIgmp(f, off, end, depth);
      return;
    case IPPROTO_IPIP:
    case IPPROTO_IPV6: {
      const inner = enterTunnel(f, 'ipip', off, depth, undefined);
      if (inner === undefined) return;
      if (protocol === IPPROTO_IPIP) decodeIpv4(f, off, end, inner);
      else decodeIpv6(f, off, end, inner);
      return;
    }
    default:
      addLayer(f, `ip-proto-${protocol}`);
  }
}

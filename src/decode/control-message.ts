// Bookkeeping shared by the ICMP, ICMPv6 and IGMP decoders: a message whose checksum covers the
// whole IP payload, recorded with its type and code; decoding ends there (an error's quoted
// packet is not a live segment, so it is not decoded as one).

import { addLayer, haveHeader, nextControl, type Frame } from './frame.js';
import type { MessageProtocol } from './types.js';

const NAMES: Record<MessageProtocol, string> = { icmp: 'ICMP', icmpv6: 'ICMPv6', igmp: 'IGMP' };

export function recordMessage(f: Frame, protocol: MessageProtocol, off: number, end: number, depth: number, error: (type: number) => boolean): void {
  if (!haveHeader(f, NAMES[protocol], off, 4, end)) return;
  const type = f.buf[off]!;
  addLayer(f, protocol);
  const m = nextControl(f);
  m.protocol = protocol;
  m.depth = depth;
  m.ipIndex = f.out.ip.length - 1;
  m.offset = off;
  m.length = end - off;
  m.type = type;
  m.code = f.buf[off + 1]!;
  m.error = error(type);
  m.truncated = end > f.capEnd;
}

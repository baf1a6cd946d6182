// Linux "cooked" captures: LINKTYPE_LINUX_SLL (113) and LINKTYPE_LINUX_SLL2 (276), as described
// at https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and LINKTYPE_LINUX_SLL2.html.
//
//   SLL (16 bytes)                         SLL2 (20 bytes)
//   +---------------------------+          +---------------------------+
//   | Packet type (2)           |          | Protocol type (2)         |
//   | ARPHRD type (2)           |          | Reserved (2)              |
//   | Link-layer addr len (2)   |          | Interface index (4)       |
//   | Link-layer address (8)    |          | ARPHRD type (2)           |
//   | Protocol type (2)         |          | Packet type (1)           |
//   +---------------------------+          | Link-layer addr len (1)   |
//                                          | Link-layer address (8)    |
//                                          +---------------------------+
// Packet type 4 (PACKET_OUTGOING) is outbound; 0-3 (host, broadcast, multicast, otherhost) inbound.

import { decodeEtherType } from './ethernet.js';
import { addLayer, haveHeader, type Frame } from './frame.js';
import { be16 } from '../binary/be.js';

const PACKET_OUTGOING = 4;
// ARPHRD types whose "protocol" field is not an EtherType: netlink, and frames with 802.2 LLC.
const ARPHRD_NETLINK = 824;

export function decodeSll(f: Frame, off: number, wireEnd: number): void {
  if (!haveHeader(f, 'SLL', off, 16, wireEnd)) return;
  const b = f.buf;
  addLayer(f, 'sll');
  setDirection(f, be16(b, off));
  if (be16(b, off + 2) === ARPHRD_NETLINK) {
    addLayer(f, 'netlink');
    return;
  }
  decodeEtherType(f, be16(b, off + 14), off + 16, wireEnd, 0);
}

export function decodeSll2(f: Frame, off: number, wireEnd: number): void {
  if (!haveHeader(f, 'SLL2', off, 20, wireEnd)) return;
  const b = f.buf;
  addLayer(f, 'sll2');
  setDirection(f, b[off + 10]!);
  if (be16(b, off + 8) === ARPHRD_NETLINK) {
    addLayer(f, 'netlink');
    return;
  }
  decodeEtherType(f, be16(b, off), off + 20, wireEnd, 0);
}

function setDirection(f: Frame, packetType: number): void {
  if (packetType === PACKET_OUTGOING) f.out.linkDirection = 'outbound';
  else if (packetType <= 3) f.out.linkDirection = 'inbound';
}

// Direction of a frame on a veth or container interface, from its Ethernet addresses: sent when
// its source is one of the namespace's own addresses, received when its destination is. A bridge
// port forwards frames between two other parties (and broadcasts go both ways), so those stay
// unknown rather than guessed — OVS ports get exact direction from their mirrors.

import type { Direction } from '../pcap/types.js';

const LINKTYPE_ETHERNET = 1;

export function macKey(mac: string): number {
  return Number.parseInt(mac.replace(/:/g, ''), 16);
}

export type DirectionOf = (linkType: number, frame: Buffer) => Direction;

export function macDirection(ownMacs: readonly string[]): DirectionOf {
  const own = new Set(ownMacs.map(macKey));
  return (linkType, frame) => {
    if (linkType !== LINKTYPE_ETHERNET || frame.length < 12) return 'unknown';
    const src = frame.readUIntBE(6, 6);
    if (own.has(src)) return 'outbound';
    return own.has(frame.readUIntBE(0, 6)) ? 'inbound' : 'unknown';
  };
}

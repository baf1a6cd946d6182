// The minimiser's views of a capture: whole records or blocks (which keep the file readable), then
// the bytes inside packets (the record or block around them resized to match), before single bytes.

import { packetsOf, parseLayout } from './capture-layout.js';
import { replacePacket } from './capture-edit.js';
import { rangesReducer, type Reducer, type Reduction } from './minimise.js';

/** The byte ranges of a capture's records or blocks (after the pcap file header), each removable whole. */
function piecesOf(b: Buffer): [number, number][] {
  const layout = parseLayout(b);
  if (layout === undefined) return [];
  return layout.format === 'pcap' ? layout.records.map((r) => [r.off, r.off + 16 + r.capLen]) : layout.blocks.map((blk) => [blk.off, blk.off + blk.length]);
}

/** Items are the positions of packet bytes in the file; a packet keeps the ones kept, its lengths follow. */
const packetData: Reducer = (b): Reduction<number> | undefined => {
  const layout = parseLayout(b);
  const spots = layout === undefined ? [] : packetsOf(b, layout);
  if (spots.length === 0) return undefined;
  const items = spots.flatMap((s) => Array.from({ length: s.capLen }, (_, i) => s.dataOff + i));
  return {
    items,
    build(kept) {
      const keep = new Set(kept);
      let out = b;
      // Last packet first: rewriting one leaves the offsets of those before it as they were.
      for (const s of [...spots].reverse()) {
        const data = Buffer.from(Array.from({ length: s.capLen }, (_, i) => s.dataOff + i).filter((p) => keep.has(p)).map((p) => b[p]!));
        if (data.length !== s.capLen) out = replacePacket(out, s, data);
      }
      return out;
    },
  };
};

export const CAPTURE_REDUCERS: readonly Reducer[] = [rangesReducer(piecesOf), packetData];

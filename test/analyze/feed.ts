// Feeds frames straight into an Analyzer, as one capture point with a direction per frame and
// one second between frames unless a time is given.

import { Analyzer } from '../../src/analyze/analyzer.js';
import type { Analysis } from '../../src/analyze/types.js';
import type { Direction, PacketRecord } from '../../src/pcap/types.js';

export interface FedFrame {
  data: Buffer;
  direction?: Direction;
  /** Seconds after the first frame. */
  at?: number;
  /** Link type, Ethernet unless given. */
  linkType?: number;
}

export const T0 = 1_700_000_000;

export function analyse(frames: FedFrame[], point = 'p'): Analysis {
  const a = new Analyzer();
  frames.forEach((f, i) => {
    const t = T0 + (f.at ?? i);
    const rec: PacketRecord = { frame: i + 1, offset: 0, interfaceId: 0, linkType: f.linkType ?? 1, tsSec: Math.floor(t), tsNsec: Math.round((t % 1) * 1e9), capLen: f.data.length, wireLen: f.data.length, data: f.data, direction: f.direction ?? 'unknown' };
    a.add(rec, { index: 0, point });
  });
  return a.finish([{ path: 'x', format: 'pcapng', gzip: false, interfaces: [], packets: frames.length, bytes: 0 }]);
}

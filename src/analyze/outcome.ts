// Segments judged by what became of them (docs/design.md, Verdicts): an unfinished checksum is no fault
// where the receiver took the segment (its ACKs cover it), a fault where the segment was resent
// and never acknowledged, and unconfirmed otherwise, said as such rather than guessed. A receiver
// that acknowledged unfinished checksums on one connection takes them on its others too.

import type { PendingFate } from './flow-table.js';
import type { FrameRef } from './types.js';

export interface UnfinishedOutcome {
  /** Seen leaving their sender (outbound, outside a tunnel): normal, not judged. */
  leavingSender: number;
  /** Covered by the receiver's ACKs. */
  acknowledged: number;
  /** UDP to a receiver that acknowledged unfinished TCP checksums: taken the same way. */
  takenByReceiver: number;
  /** Resent and never acknowledged, seen arriving or inside a tunnel: the receiver did not take them. */
  leaked: number;
  leakedInbound: number;
  leakedInTunnel: number;
  leakFlows: string[];
  leakExamples: FrameRef[];
  /** TCP neither acknowledged nor resent within the capture. */
  silent: number;
  /** UDP: nothing acknowledges it. */
  udp: number;
  /** Resent and never acknowledged where the point may be their sender (outside a tunnel, direction unknown). */
  unplaced: number;
  /** Resent and never acknowledged by a receiver that took unfinished checksums on other connections. */
  droppedOtherwise: number;
  unconfirmedFlows: string[];
  unconfirmedExamples: FrameRef[];
}

const EXAMPLES = 10;

export function unconfirmedCount(o: UnfinishedOutcome): number {
  return o.silent + o.udp + o.unplaced + o.droppedOtherwise;
}

export function judgeUnfinished(fates: readonly PendingFate[], leavingSender: number): UnfinishedOutcome {
  const o: UnfinishedOutcome = {
    leavingSender,
    acknowledged: 0,
    takenByReceiver: 0,
    leaked: 0,
    leakedInbound: 0,
    leakedInTunnel: 0,
    leakFlows: [],
    leakExamples: [],
    silent: 0,
    udp: 0,
    unplaced: 0,
    droppedOtherwise: 0,
    unconfirmedFlows: [],
    unconfirmedExamples: [],
  };
  const takers = new Set(fates.filter((f) => f.acknowledged).map((f) => f.receiver));
  const unconfirmed = (f: PendingFate): void => {
    o.unconfirmedFlows.push(f.flowId);
    for (const e of f.pending.examples) if (o.unconfirmedExamples.length < EXAMPLES) o.unconfirmedExamples.push(e);
  };
  for (const f of fates) {
    const p = f.pending;
    if (f.acknowledged) o.acknowledged += p.count;
    else if (f.protocol === 'udp') {
      if (takers.has(f.receiver)) o.takenByReceiver += p.count;
      else {
        o.udp += p.count;
        unconfirmed(f);
      }
    } else if (p.resent === 0) {
      o.silent += p.count;
      unconfirmed(f);
    } else if (takers.has(f.receiver)) {
      o.droppedOtherwise += p.count;
      unconfirmed(f);
    } else {
      const placed = p.count - p.unplaced;
      if (p.unplaced > 0) {
        o.unplaced += p.unplaced;
        unconfirmed(f);
      }
      if (placed === 0) continue;
      o.leaked += placed;
      o.leakedInbound += p.inbound;
      o.leakedInTunnel += p.inTunnel;
      o.leakFlows.push(f.flowId);
      for (const e of p.examples) if (o.leakExamples.length < EXAMPLES && (e.direction === 'inbound' || e.depth > 0)) o.leakExamples.push(e);
    }
  }
  return o;
}

/** What became of the segments inside frames whose tunnel checksum was damaged. */
export interface DamagedOutcome {
  /** Their inner data was acknowledged: the receiver took the frames anyway. */
  acknowledged: number;
  /** Resent and never acknowledged: the receiver dropped the frames. */
  dropped: number;
  /** UDP, or neither acknowledged nor resent. */
  unknown: number;
  droppedFlows: string[];
}

export function judgeDamaged(fates: readonly PendingFate[]): DamagedOutcome {
  const o: DamagedOutcome = { acknowledged: 0, dropped: 0, unknown: 0, droppedFlows: [] };
  for (const f of fates) {
    if (f.acknowledged) o.acknowledged += f.pending.count;
    else if (f.protocol === 'tcp' && f.pending.resent > 0) {
      o.dropped += f.pending.count;
      o.droppedFlows.push(f.flowId);
    } else o.unknown += f.pending.count;
  }
  return o;
}

// One direction of a conversation as matching and judging follow it: its reverse, the direction
// it travels along the points, hop timings, its highest acknowledgement, and its segments that
// vanished after some point (suspects) until the end of the captures tells lost from dropped.

import { Reservoir } from './reservoir.js';

export class FlowState {
  reverse: FlowState | undefined;
  /** 1: travels in the points' order, -1: in reverse, 0: not decided yet. */
  direction: 0 | 1 | -1 = 0;
  /** Per forward hop k: timestamp at point k+1 minus at point k, raw clocks. */
  readonly hopDeltas: Reservoir[] = [];
  /** Bit k: the flow was seen at point k. */
  seenAt = 0;
  /** Highest acknowledgement number this flow carried (acknowledges the reverse flow). */
  maxAck: number | undefined;
  /**
   * Segments that vanished after some point, until the end says lost or not: by sequence number
   * (int32) halved, a key that stays a small integer (no boxed number per lookup), so a list may
   * also hold the suspects of the neighbouring sequence number.
   */
  private readonly suspects = new Map<number, Suspect[]>();

  constructor(
    readonly id: string,
    /** Its index in the table's flow list (what the segment store keeps per segment). */
    readonly index: number,
  ) {}

  addSuspect(s: Suspect): void {
    const key = (s.seq | 0) >> 1;
    const list = this.suspects.get(key);
    if (list === undefined) this.suspects.set(key, [s]);
    else list.push(s);
  }

  /** Another transmission of `seq` (int32) seen at `time`: the suspects it resends were resent. */
  resent(seq: number, payloadLength: number, ipId: number, time: number): void {
    const list = this.suspects.get(seq >> 1);
    if (list === undefined) return;
    for (const x of list) if ((x.seq | 0) === seq && x.payloadLength === payloadLength && x.ipId !== ipId && x.time <= time) x.resent = true;
  }

  hopDelta(k: number): Reservoir {
    let r = this.hopDeltas[k];
    if (r === undefined) {
      r = new Reservoir();
      this.hopDeltas[k] = r;
    }
    return r;
  }
}

/** A segment missing at every point after `last`: lost, or dropped by the captures after it. */
export interface Suspect {
  flow: FlowState;
  seq: number;
  ipId: number;
  payloadLength: number;
  /** TCP flags. */
  flags: number;
  /** Sequence space it occupies (payload, SYN, FIN): 0 for a pure ACK, which nothing acknowledges. */
  seqLength: number;
  /** First sighting on the first file's clock. */
  time: number;
  /** The sender sent this sequence range again later. */
  resent: boolean;
  /** Index of the hop after the last point that saw it, in the flow's direction. */
  hop: number;
  forward: boolean;
  /** Points after the last sighting that were capturing and did not see it. */
  missingAt: number[];
}

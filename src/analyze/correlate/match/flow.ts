// One direction of a conversation as matching and judging follow it: its reverse, the direction
// it travels along the points, hop timings and its highest acknowledgement.

import { Reservoir } from './reservoir.js';

export class FlowState {
  reverse: FlowState | undefined;
  /** 1: travels in the points' order, -1: in reverse, 0: not decided yet. */
  direction: 0 | 1 | -1 = 0;
  /** Per forward hop k: timestamp at point k+1 minus at point k, raw clocks. */
  readonly hopDeltas: Reservoir[] = [];
  /** Bit k: the flow was seen at point k. */
  seenAt = 0;
  /**
   * Highest acknowledgement number this flow carried (acknowledges the reverse flow); NaN before the
   * first: a number from the start, as a field that went from undefined to a number would change
   * every flow's shape once and deoptimize the merge.
   */
  maxAck = NaN;
  /**
   * Its suspects (match/suspects.ts) by sequence number (int32) halved, a key that stays a small
   * integer (no boxed number per lookup): the last kept with that key, which chains on to the others
   * (and to the neighbouring sequence number's).
   */
  readonly suspects = new Map<number, number>();

  constructor(
    readonly id: string,
    /** Its index in the table's flow list (what the segment store keeps per segment). */
    readonly index: number,
  ) {}

  hopDelta(k: number): Reservoir {
    let r = this.hopDeltas[k];
    if (r === undefined) {
      r = new Reservoir();
      this.hopDeltas[k] = r;
    }
    return r;
  }
}

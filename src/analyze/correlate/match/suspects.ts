// Segments that vanished after some point (suspects), kept until the end of the captures tells
// lost from dropped: tens of thousands on the lab captures, so kept as columns, not one object
// (and one list of points) each that every young-generation collection would copy.

import type { FlowState } from './flow.js';

export class Suspects {
  /** Suspects kept; the slot at `count` is where the next one is written before it is kept or settled at once. */
  count = 0;
  readonly flows: FlowState[] = [];
  readonly seq: Int32Array;
  readonly ipId: Int32Array;
  readonly payloadLength: Int32Array;
  readonly flags: Int32Array;
  /** Sequence space it occupies (payload, SYN, FIN): 0 for a pure ACK, which nothing acknowledges. */
  readonly seqLength: Int32Array;
  /** First sighting on the first file's clock. */
  readonly time: Float64Array;
  /** 1: the sender sent this sequence range again later. */
  readonly resent: Uint8Array;
  /** Index of the hop after the last point that saw it, in the flow's direction. */
  readonly hop: Int32Array;
  readonly forward: Uint8Array;
  /** Its points after the last sighting that were capturing and did not see it: missing[missingFrom[i] .. missingEnd(i)). */
  readonly missingFrom: Int32Array;
  readonly missing: number[] = [];
  /** Next kept suspect of the same flow and key (FlowState.suspects), -1 at the end. */
  private readonly next: Int32Array;

  /**
   * Room for `max` kept and the one being written, all at once: the columns never grow (a growth
   * would deoptimize the merge when first needed), and untouched pages of them cost no memory.
   */
  constructor(readonly max: number) {
    const n = max + 1;
    this.seq = new Int32Array(n);
    this.ipId = new Int32Array(n);
    this.payloadLength = new Int32Array(n);
    this.flags = new Int32Array(n);
    this.seqLength = new Int32Array(n);
    this.time = new Float64Array(n);
    this.resent = new Uint8Array(n);
    this.hop = new Int32Array(n);
    this.forward = new Uint8Array(n);
    this.missingFrom = new Int32Array(n + 1);
    this.next = new Int32Array(n);
  }

  /** Starts the suspect in the slot at `count`; its missing points follow with `miss`. */
  begin(flow: FlowState, seq: number, ipId: number, payloadLength: number, flags: number, seqLength: number, time: number, resent: boolean, hop: number, forward: boolean): number {
    const i = this.count;
    this.flows[i] = flow;
    this.seq[i] = seq;
    this.ipId[i] = ipId;
    this.payloadLength[i] = payloadLength;
    this.flags[i] = flags;
    this.seqLength[i] = seqLength;
    this.time[i] = time;
    this.resent[i] = resent ? 1 : 0;
    this.hop[i] = hop;
    this.forward[i] = forward ? 1 : 0;
    // Drops what a suspect settled at once left (setting the length, even unchanged, costs a runtime call).
    if (this.missing.length !== this.missingFrom[i]) this.missing.length = this.missingFrom[i]!;
    return i;
  }

  miss(p: number): void {
    this.missing.push(p);
  }

  /** One past the last of suspect i's missing points. */
  missingEnd(i: number): number {
    return i < this.count ? this.missingFrom[i + 1]! : this.missing.length;
  }

  /** Keeps the suspect begun last until the end of the captures. */
  keep(): void {
    const i = this.count++;
    this.missingFrom[i + 1] = this.missing.length;
    const heads = this.flows[i]!.suspects;
    const key = this.seq[i]! >> 1;
    this.next[i] = heads.get(key) ?? -1;
    heads.set(key, i);
  }

  /** Another transmission of `seq` (int32) in this flow seen at `time`: the suspects it resends were resent. */
  resend(flow: FlowState, seq: number, payloadLength: number, ipId: number, time: number): void {
    for (let i = flow.suspects.get(seq >> 1) ?? -1; i >= 0; i = this.next[i]!) {
      if (this.seq[i] === seq && this.payloadLength[i] === payloadLength && this.ipId[i] !== ipId && this.time[i]! <= time) this.resent[i] = 1;
    }
  }
}

// Segments that vanished after some point (suspects), kept until the end of the captures tells
// lost from dropped: tens of thousands on the lab captures, so kept as columns, not one object
// (and one list of points) each that every young-generation collection would copy.

import type { FlowState } from './flow.js';

const INITIAL_CAPACITY = 1 << 12;

export class Suspects {
  /** Suspects kept; the slot at `count` is where the next one is written before it is kept or settled at once. */
  count = 0;
  private capacity = INITIAL_CAPACITY;
  readonly flows: FlowState[] = [];
  seq = new Int32Array(INITIAL_CAPACITY);
  ipId = new Int32Array(INITIAL_CAPACITY);
  payloadLength = new Int32Array(INITIAL_CAPACITY);
  flags = new Int32Array(INITIAL_CAPACITY);
  /** Sequence space it occupies (payload, SYN, FIN): 0 for a pure ACK, which nothing acknowledges. */
  seqLength = new Int32Array(INITIAL_CAPACITY);
  /** First sighting on the first file's clock. */
  time = new Float64Array(INITIAL_CAPACITY);
  /** 1: the sender sent this sequence range again later. */
  resent = new Uint8Array(INITIAL_CAPACITY);
  /** Index of the hop after the last point that saw it, in the flow's direction. */
  hop = new Int32Array(INITIAL_CAPACITY);
  forward = new Uint8Array(INITIAL_CAPACITY);
  /** Its points after the last sighting that were capturing and did not see it: missing[missingFrom[i] .. missingFrom[i + 1]). */
  missingFrom = new Int32Array(INITIAL_CAPACITY + 1);
  readonly missing: number[] = [];
  /** Next kept suspect of the same flow and key (FlowState.suspects), -1 at the end. */
  private next = new Int32Array(INITIAL_CAPACITY);

  /** Starts the suspect in the slot at `count`; its missing points follow with `miss`. */
  begin(flow: FlowState, seq: number, ipId: number, payloadLength: number, flags: number, seqLength: number, time: number, resent: boolean, hop: number, forward: boolean): number {
    const i = this.count;
    if (i === this.capacity) this.grow();
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

  private grow(): void {
    const n = this.capacity * 2;
    const more = <T extends Int32Array | Uint8Array | Float64Array>(a: T, length = n): T => {
      const b = new (a.constructor as new (n: number) => T)(length);
      b.set(a);
      return b;
    };
    this.seq = more(this.seq);
    this.ipId = more(this.ipId);
    this.payloadLength = more(this.payloadLength);
    this.flags = more(this.flags);
    this.seqLength = more(this.seqLength);
    this.time = more(this.time);
    this.resent = more(this.resent);
    this.hop = more(this.hop);
    this.forward = more(this.forward);
    this.missingFrom = more(this.missingFrom, n + 1);
    this.next = more(this.next);
    this.capacity = n;
  }
}

// Frames whose tunnel (outer UDP) checksum is damaged: how many, between which tunnel endpoints,
// example frames, and the times the inner SYNs they carried were sent, which shows the sender's
// backoff (1, 2, 4, 8 ... s) when the receiving host drops them.

import type { FlowAtPoint } from './flow-table.js';
import type { FrameRef } from './types.js';

export interface TunnelEndpoints {
  kind: string;
  src: string;
  dst: string;
  frames: number;
}

/** An inner SYN seen again and again at one point, inside damaged frames. */
export interface SynTransmissions {
  flow: string;
  /** Seconds since the epoch of each transmission, in capture order. */
  times: number[];
}

const MAX_PAIRS = 64;
/**
 * Endpoint pairs a range of a file counts (analyzer.ts part()): the merge keeps the first
 * MAX_PAIRS in capture order, so a range counts more, for pairs an earlier range may have kept.
 */
export const RANGE_PAIRS = 4096;
const MAX_SYNS = 16;
const MAX_TIMES = 8;
const EXAMPLES = 10;

/** What a range counted, merged by absorb() in capture order. */
export interface TunnelDamagePart {
  frames: number;
  examples: FrameRef[];
  flows: string[];
  /** In order of first sight. */
  pairs: TunnelEndpoints[];
}

export class TunnelDamage {
  frames = 0;
  readonly examples: FrameRef[] = [];
  /** Inner flows carried by damaged frames. */
  readonly flows = new Set<string>();
  /** By outer source, then outer destination. */
  private readonly pairs = new Map<string, Map<string, TunnelEndpoints>>();
  private pairCount = 0;
  /** The same pairs in order of first sight, the order a merge must add them in. */
  private readonly sighted: TunnelEndpoints[] = [];
  private readonly syns = new Map<FlowAtPoint, { seq: number; times: number[] }>();

  constructor(private readonly maxPairs = MAX_PAIRS) {}

  get wantsExample(): boolean {
    return this.examples.length < EXAMPLES;
  }

  add(kind: string, src: string, dst: string, example: FrameRef | undefined): void {
    this.frames++;
    if (example !== undefined) this.examples.push(example);
    this.count(kind, src, dst, 1);
  }

  private count(kind: string, src: string, dst: string, frames: number): void {
    let bySrc = this.pairs.get(src);
    if (bySrc === undefined) {
      if (this.pairCount >= this.maxPairs) return;
      bySrc = new Map();
      this.pairs.set(src, bySrc);
    }
    const e = bySrc.get(dst);
    if (e !== undefined) e.frames += frames;
    else if (this.pairCount < this.maxPairs) {
      this.pairCount++;
      const pair = { kind, src, dst, frames };
      bySrc.set(dst, pair);
      this.sighted.push(pair);
    }
  }

  part(): TunnelDamagePart {
    return { frames: this.frames, examples: this.examples, flows: [...this.flows], pairs: this.sighted };
  }

  /** Adds a later range's part (`frames` records of the file before it): its pairs and examples after these. */
  absorb(part: TunnelDamagePart, frames: number): void {
    this.frames += part.frames;
    for (const e of part.examples) if (this.wantsExample) this.examples.push({ ...e, frame: e.frame + frames });
    for (const f of part.flows) this.flows.add(f);
    for (const p of part.pairs) this.count(p.kind, p.src, p.dst, p.frames);
  }

  /** A SYN (without ACK) carried by a damaged frame; a new sequence number starts over. */
  noteSyn(fp: FlowAtPoint, seq: number, time: number): void {
    let s = this.syns.get(fp);
    if (s === undefined) {
      if (this.syns.size >= MAX_SYNS) return;
      s = { seq, times: [] };
      this.syns.set(fp, s);
    }
    if (s.seq !== seq) {
      s.seq = seq;
      s.times.length = 0;
    }
    if (s.times.length < MAX_TIMES) s.times.push(time);
  }

  /** Tunnel endpoint pairs, most damaged frames first. */
  endpoints(): TunnelEndpoints[] {
    return [...this.pairs.values()].flatMap((m) => [...m.values()]).sort((a, b) => b.frames - a.frames);
  }

  /** The SYN sent most often among flows never answered, if one was sent twice or more. */
  mostResentSyn(answered: (flowId: string) => boolean): SynTransmissions | undefined {
    let best: SynTransmissions | undefined;
    for (const [fp, s] of this.syns) {
      if (s.times.length < 2 || answered(fp.flow.id)) continue;
      if (best === undefined || s.times.length > best.times.length) best = { flow: fp.flow.id, times: [...s.times] };
    }
    return best;
  }
}

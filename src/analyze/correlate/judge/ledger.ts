// Turns judged segments into per-hop counts in the direction each flow travels: matched, altered
// (with the damage described and the checksum re-checked), lost, added, capture drops. Losses wait
// for the end of the captures, when retransmissions and acknowledgements tell them from drops.

import { classifyL4 } from '../../../checksum/index.js';
import { sequenceLength, seqAtOrAfter } from '../../../decode/index.js';
import type { FrameRef } from '../../types.js';
import type { FlowState } from '../match/flow.js';
import type { PointState } from '../match/points.js';
import { frozen, rebased, type Segment, type Variant } from '../match/segment.js';
import { ABSENT } from '../match/segment-table.js';
import type { Suspects } from '../match/suspects.js';
import type { AlteredSegment, Hop, PatternGroup, SegmentSighting } from '../types.js';
import { describeAlteration } from './alteration.js';

export type HopCounts = Pick<Hop, 'matched' | 'altered' | 'checksumBlind' | 'lost' | 'unconfirmed' | 'added' | 'alteredAcrossDrops'>;

export interface HopTally extends HopCounts {
  /** Flows with altered segments on this hop. */
  flows: Set<string>;
  /** Altered segments as seen after the hop, for findings. */
  examples: FrameRef[];
  blindExamples: FrameRef[];
}

export interface LedgerOptions {
  maxAltered: number;
  maxPatterns: number;
  maxSuspects: number;
}

/** Judged segments a flow may hold back while its direction is unknown. */
const MAX_PENDING = 256;
const VOTE_SAMPLES = 8;
const EXAMPLES = 10;
const FLOW_IDS = 50;
const HEX_BEFORE = 16;
const HEX_BYTES = 48;

function emptyTally(): HopTally {
  return { matched: 0, altered: 0, checksumBlind: 0, lost: 0, unconfirmed: 0, added: 0, alteredAcrossDrops: 0, flows: new Set(), examples: [], blindExamples: [] };
}

/** One change of a segment's bytes between two points that saw it, along the flow's direction. */
interface Change {
  segment: Segment;
  forward: boolean;
  /** Points of the last sighting with the old bytes and of the first with the new. */
  from: number;
  to: number;
  /** The hop it is counted on, in the flow's direction. */
  hop: number;
  /** The points between `from` and `to` missed the segment (capture drops). */
  acrossDrops: boolean;
  before: Variant;
  after: Variant;
  /** `before` is what the first point saw: the change listed byte by byte. */
  firstChange: boolean;
}

interface Pending {
  segment: Segment;
  states: number[];
  variants: Variant[];
}

/** Transmissions of one sequence position that all vanished after the same hop and were never acknowledged. */
export interface Stuck {
  flow: string;
  seq: number;
  payloadLength: number;
  flags: number;
  forward: boolean;
  /** The hop, as a suspect's: after the last point that saw them, in the flow's direction. */
  hop: number;
  /** First sighting of each transmission, on the first file's clock. */
  times: number[];
}

export class Ledger {
  /** forward[i]: hop from point i to i+1; reverse[i]: from point n-1-i to n-2-i. */
  readonly forward: HopTally[] = [];
  readonly reverse: HopTally[] = [];
  readonly drops: number[];
  readonly altered: AlteredSegment[] = [];
  alteredOmitted = 0;
  private readonly patterns = new Map<string, PatternGroup>();
  private readonly pending = new Map<FlowState, Pending[]>();
  private readonly stuck = new Map<string, Stuck>();
  /** Points in each direction's order, worked out once: no per-segment arithmetic only reverse flows would reach. */
  private readonly forwardOrder: number[];
  private readonly reverseOrder: number[];
  /** account()'s per-segment working arrays, one place per point (set length to 0 would drop their storage each segment): the states in the flow's order, the indices seen. */
  private readonly st: number[];
  private readonly present: number[];

  constructor(
    private readonly points: PointState[],
    private readonly suspects: Suspects,
    private readonly options: LedgerOptions,
  ) {
    this.forwardOrder = points.map((_, i) => i);
    this.reverseOrder = points.map((_, i) => points.length - 1 - i);
    this.drops = points.map(() => 0);
    this.st = points.map(() => 0);
    this.present = points.map(() => 0);
  }

  /** The SegmentTable's judge: samples hop timings, then accounts now or once the direction is known. */
  judge = (segment: Segment, states: number[], variants: Variant[]): void => {
    const flow = segment.flow;
    for (let k = 0; k + 1 < states.length; k++) if (states[k]! >= 0 && states[k + 1]! >= 0) flow.hopDelta(k).add(segment.raw(k + 1) - segment.raw(k));
    if (flow.direction !== 0) return this.account(segment, states, variants);
    const list = this.pending.get(flow) ?? [];
    list.push({ segment: frozen(segment, states.length), states: [...states], variants });
    this.pending.set(flow, list);
    const n = list.length;
    if (n === VOTE_SAMPLES || n === 32 || n === 128 || n >= MAX_PENDING) this.decide(flow, n >= MAX_PENDING);
  };

  /** At the end of the captures: every flow gets a direction, every suspect a verdict. */
  finish(): void {
    for (const flow of [...this.pending.keys()]) this.decide(flow, true);
    for (let i = 0; i < this.suspects.count; i++) this.settle(i);
    this.suspects.count = 0;
  }

  patternGroups(): PatternGroup[] {
    return [...this.patterns.values()].sort((a, b) => b.count - a.count);
  }

  tally(forward: boolean, i: number): HopTally {
    const list = forward ? this.forward : this.reverse;
    return (list[i] ??= emptyTally());
  }

  /**
   * Two-way timing (as NTP does): a hop's delay is transit + offset one way, transit - offset the
   * other, so the flow with the larger delay over most hops travels in the points' order.
   */
  private decide(flow: FlowState, force: boolean): void {
    if (flow.direction === 0) {
      const rev = flow.reverse;
      if (rev !== undefined && rev.direction !== 0) flow.direction = rev.direction === 1 ? -1 : 1;
      else {
        let votes = 0;
        for (let k = 0; rev !== undefined && k < flow.hopDeltas.length; k++) {
          const f = flow.hopDeltas[k];
          const r = rev.hopDeltas[k];
          if (f !== undefined && r !== undefined && f.count >= VOTE_SAMPLES && r.count >= VOTE_SAMPLES) votes += Math.sign(f.median()! - r.median()!);
        }
        if (votes === 0 && !force) return;
        flow.direction = votes < 0 ? -1 : 1;
        if (rev !== undefined) rev.direction = flow.direction === 1 ? -1 : 1;
      }
    }
    for (const f of [flow, flow.reverse]) {
      if (f === undefined || f.direction === 0) continue;
      const list = this.pending.get(f);
      this.pending.delete(f);
      for (const item of list ?? []) this.account(item.segment, item.states, item.variants);
    }
  }

  private account(segment: Segment, states: number[], variants: Variant[]): void {
    const forward = segment.flow.direction === 1;
    const n = states.length;
    // Nearly every segment: seen everywhere, one version. Nothing to do but count.
    let everywhere = true;
    for (let i = 0; i < n && everywhere; i++) everywhere = states[i] === 0;
    if (everywhere) for (let i = 0; i + 1 < n; i++) this.tally(forward, i).matched++;
    else this.accountPartial(segment, forward, states, variants);
  }

  /** A segment missed somewhere or changed on the way: a third of all segments, so a function of its own that the hot path above never inlines. */
  private accountPartial(segment: Segment, forward: boolean, states: number[], variants: Variant[]): void {
    const { forwardOrder, reverseOrder } = this;
    const ord = forward ? forwardOrder : reverseOrder;
    const { st, present } = this;
    const n = states.length;
    let seen = 0;
    for (let i = 0; i < n; i++) {
      const v = states[ord[i]!]!;
      st[i] = v;
      present[seen] = i;
      seen += v >= 0 ? 1 : 0;
    }
    if (seen === 0) return;
    const first = present[0]!;
    const last = present[seen - 1]!;
    // Points missing between two that saw the segment: capture drops.
    if (last - first + 1 > seen) this.dropsIn(ord, first + 1, last);
    if (first > 0 && st[first - 1] === ABSENT) this.missedBefore(segment, forward, ord, first);
    if (last + 1 < n && st[last + 1] === ABSENT) this.suspect(segment, forward, ord, last);
    for (let j = 1; j < seen; j++) {
      const a = present[j - 1]!;
      const b = present[j]!;
      if (b === a + 1) this.tally(forward, a).matched++;
      if (st[a] !== st[b]) this.changed(segment, forward, ord, variants, a, b, j === 1 || st[first] === st[a]);
    }
  }

  /** A capture drop at each point missing it among the from-th to the (to - 1)-th in the flow's order. */
  private dropsIn(ord: number[], from: number, to: number): void {
    for (let i = from; i < to; i++) if (this.st[i] === ABSENT) this.drops[ord[i]!]!++;
  }

  /** Missed by the points before the first that saw it: drops if the flow was seen there, else added on the way. */
  private missedBefore(segment: Segment, forward: boolean, ord: number[], first: number): void {
    if (segment.flow.seenAt & (1 << ord[first - 1]!)) this.dropsIn(ord, 0, first);
    else this.tally(forward, first - 1).added++;
  }

  /** The bytes differ between the a-th and b-th points (in the flow's order) that saw the segment. */
  private changed(segment: Segment, forward: boolean, ord: number[], variants: Variant[], a: number, b: number, firstChange: boolean): void {
    const { st } = this;
    this.alteredOn({
      segment,
      forward,
      from: ord[a]!,
      to: ord[b]!,
      hop: b === a + 1 ? a : b - 1,
      acrossDrops: b !== a + 1,
      before: variants[st[a]!]!,
      after: variants[st[b]!]!,
      firstChange,
    });
  }

  private alteredOn(change: Change): void {
    const { segment, forward, from: pa, to: pb, hop, acrossDrops, before, after, firstChange } = change;
    const alteration = describeAlteration(before.bytes.subarray(before.payloadStart), after.bytes.subarray(after.payloadStart));
    if (alteration === undefined) return;
    const { ip, l4 } = rebased(after);
    const check = classifyL4(after.bytes, ip, l4);
    const blind = check.verdict === 'valid';
    const t = this.tally(forward, hop);
    if (acrossDrops) t.alteredAcrossDrops++;
    else {
      t.altered++;
      if (blind) t.checksumBlind++;
    }
    if (t.flows.size < FLOW_IDS) t.flows.add(segment.flow.id);
    const sa = this.sighting(segment, pa);
    const sb = this.sighting(segment, pb);
    const ref: FrameRef = { input: sb.input, frame: sb.frame, time: sb.time, flow: segment.flow.id, layer: check.layer, depth: l4.depth, verdict: check.verdict, stored: check.stored, direction: 'unknown', seq: segment.seq };
    if (check.expected !== undefined) ref.expected = check.expected;
    const examples = blind ? t.blindExamples : t.examples;
    if (examples.length < EXAMPLES) examples.push(ref);
    const key = `${forward}|${pa}|${pb}|${alteration.kind}|${alteration.offset}|${alteration.length}|${alteration.value ?? ''}`;
    let g = this.patterns.get(key);
    if (g === undefined && this.patterns.size < this.options.maxPatterns) {
      g = { from: sa.point, to: sb.point, kind: alteration.kind, offset: alteration.offset, length: alteration.length, count: 0, checksumBlind: 0 };
      if (alteration.value !== undefined) g.value = alteration.value;
      this.patterns.set(key, g);
    }
    if (g !== undefined) {
      g.count++;
      if (blind) g.checksumBlind++;
    }
    if (!firstChange) return;
    if (this.altered.length >= this.options.maxAltered) {
      this.alteredOmitted++;
      return;
    }
    const hexOffset = Math.max(0, alteration.offset - HEX_BEFORE) & ~1;
    const window = (v: Variant): string => v.bytes.subarray(v.payloadStart + hexOffset, v.payloadStart + hexOffset + HEX_BYTES).toString('hex');
    this.altered.push({
      flow: segment.flow.id,
      seq: segment.seq,
      ipId: segment.ipId,
      payloadLength: segment.payloadLength,
      from: sa.point,
      to: sb.point,
      alteration,
      verdict: check.verdict,
      checksumBlind: blind,
      before: sa,
      after: sb,
      hexOffset,
      hexBefore: window(before),
      hexAfter: window(after),
    });
  }

  private sighting(segment: Segment, p: number): SegmentSighting {
    const pt = this.points[p]!;
    return { point: pt.name, input: pt.input, frame: segment.frame(p), time: segment.raw(p) };
  }

  /** Missed by every point after the last that saw it (the hop after `last`): judged once the captures end, unless it can be now. */
  private suspect(segment: Segment, forward: boolean, ord: number[], last: number): void {
    const u = this.suspects;
    const seqLength = sequenceLength(segment.payloadLength, segment.flags);
    const i = u.begin(segment.flow, segment.seq, segment.ipId, segment.payloadLength, segment.flags, seqLength, segment.time, segment.resent, last, forward);
    for (let k = last + 1; k < ord.length; k++) if (this.st[k] === ABSENT) u.miss(ord[k]!);
    if (u.count >= u.max || seqLength === 0) this.settle(i);
    else u.keep();
  }

  /** Sequence positions sent more than once whose every transmission vanished after one hop, never acknowledged. */
  blackholes(): Stuck[] {
    return [...this.stuck.values()].filter((s) => s.times.length > 1);
  }

  /** Resent: lost. Acknowledged and never resent: it arrived, the captures missed it. Else unknown. */
  private settle(i: number): void {
    const u = this.suspects;
    // Every column read up front: a load only one verdict's branch reached would deoptimize this when first taken.
    const { seqLength: lengths, resent, missing } = u;
    const drops = this.drops;
    const from = u.missingFrom[i]!;
    const end = u.missingEnd(i);
    const seqLength = lengths[i]!;
    const t = this.tally(u.forward[i] === 1, u.hop[i]!);
    const ack = u.flows[i]!.reverse?.maxAck ?? NaN;
    const acked = !Number.isNaN(ack) && seqAtOrAfter(ack, (u.seq[i]! + seqLength) >>> 0);
    if (seqLength === 0) t.unconfirmed++;
    else if (resent[i]) t.lost++;
    else if (acked) for (let k = from; k < end; k++) drops[missing[k]!]!++;
    else t.unconfirmed++;
    if (seqLength > 0 && !acked) this.stick(i);
  }

  private stick(i: number): void {
    const u = this.suspects;
    const flow = u.flows[i]!;
    const seq = u.seq[i]! >>> 0;
    const forward = u.forward[i] === 1;
    const key = `${flow.index}|${seq}|${forward}|${u.hop[i]}`;
    const stuck = this.stuck.get(key);
    if (stuck !== undefined) stuck.times.push(u.time[i]!);
    else if (this.stuck.size < this.options.maxSuspects) this.stuck.set(key, { flow: flow.id, seq, payloadLength: u.payloadLength[i]!, flags: u.flags[i]!, forward, hop: u.hop[i]!, times: [u.time[i]!] });
  }
}
